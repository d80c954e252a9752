//! Whether a rule's automatic fix can break a working system, learnt from the rule itself: the
//! registry holds the fix as a function, so its applicability (safe, or unsafe and why) is only
//! known by calling it. We run the rule and its fix on the rule's own violating fixtures
//! (`crates/rampart_rules/fixtures/<ID>/bad*`) and collect what the fixes declare.
//!
//! Must never: guess. A rule with a fix that produced none on its fixtures is "not known".

use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::Applicability;
use rampart_rules::Rule;
use std::path::{Path, PathBuf};

/// What the docs say about a rule's automatic fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixSafety {
    /// The rule has no automatic fix: remediation needs a human decision.
    NoFix,
    /// The rule has a fix, but none was produced on its fixtures.
    NotKnown,
    /// The distinct applicabilities its fixes declared on the fixtures: `Safe` first, then
    /// unsafe reasons in alphabetical order.
    Known(Vec<Applicability>),
}

impl FixSafety {
    pub fn available(&self) -> bool {
        !matches!(self, FixSafety::NoFix)
    }
    /// A short cell for the index table: `no`, `yes`, `safe`, `unsafe`, `safe/unsafe`.
    pub fn short(&self) -> &'static str {
        match self {
            FixSafety::NoFix => "no",
            FixSafety::NotKnown => "yes",
            FixSafety::Known(found) => {
                let safe = found.contains(&Applicability::Safe);
                let unsafe_ = found.iter().any(|a| matches!(a, Applicability::Unsafe(_)));
                match (safe, unsafe_) {
                    (true, true) => "safe/unsafe",
                    (true, false) => "safe",
                    _ => "unsafe",
                }
            }
        }
    }
}

/// Runs `rule` and its fix on every `bad*` fixture in `fixtures_root/<ID>/`.
pub fn fix_safety(rule: &Rule, fixtures_root: &Path) -> FixSafety {
    let Some(fix) = rule.fix else {
        return FixSafety::NoFix;
    };
    let mut found: Vec<Applicability> = Vec::new();
    for fixture in bad_fixtures(&fixtures_root.join(rule.id)) {
        let loaded = load_paths(std::slice::from_ref(&fixture), &LoadOptions::default());
        let inventory = &loaded.inventory;
        for subject in inventory.iter() {
            let looked_at = rule
                .kinds
                .iter()
                .any(|k| *k == "*" || *k == subject.kind.as_str());
            if !looked_at {
                continue;
            }
            for hit in rule.check(subject) {
                if let Some(made) = fix(subject, &hit)
                    && !found.contains(&made.applicability)
                {
                    found.push(made.applicability);
                }
            }
        }
    }
    if found.is_empty() {
        return FixSafety::NotKnown;
    }
    found.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    FixSafety::Known(found)
}

fn sort_key(applicability: &Applicability) -> (u8, &str) {
    match applicability {
        Applicability::Safe => (0, ""),
        Applicability::Unsafe(reason) => (1, reason.as_str()),
    }
}

/// `bad*` files and folders of one rule, sorted by name (folders are Terraform modules).
fn bad_fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("bad"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}
