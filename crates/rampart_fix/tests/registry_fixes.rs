//! Generated from the registry: every rule with a machine fix must have that fix verified on
//! each of its violating fixtures (`fixtures/<ID>/bad*` in rampart_rules) — applied through
//! the verification loop, the finding is gone and nothing new is reported. A rule without a
//! machine fix must say in its `remediation` text what to do instead.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::remediation::remediate;
use rampart_fix::render::renderer_for;
use rampart_fix::verify::{Verification, Workspace, verify_changes_in_inventory};
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::path::{Path, PathBuf};

fn bad_fixtures(rule_id: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rampart_rules/fixtures")
        .join(rule_id);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("bad"))
    });
    entries.sort();
    entries
}

#[test]
fn every_machine_fix_is_verified_on_its_rules_bad_fixtures() {
    let mut failures = Vec::new();
    let mut verified_rules = Vec::new();
    let mut model_only = Vec::new();
    for rule in builtin_rules() {
        if rule.fix.is_none() {
            if rule.remediation.trim().is_empty() {
                failures.push(format!(
                    "{}: has no machine fix and its remediation text does not say why",
                    rule.id
                ));
            }
            continue;
        }
        let fixtures = bad_fixtures(rule.id);
        if fixtures.is_empty() {
            failures.push(format!(
                "{}: has a fix but no fixtures/{}/bad* to verify it on",
                rule.id, rule.id
            ));
            continue;
        }
        let mut verified = 0;
        for fixture in &fixtures {
            let ws = Workspace::load(
                std::slice::from_ref(fixture),
                &LoadOptions::default(),
                builtin_rules(),
                EngineOptions::default(),
            );
            let name = fixture
                .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
                .unwrap_or(fixture)
                .display()
                .to_string();
            let targets: Vec<_> = ws
                .findings
                .iter()
                .filter(|f| f.rule_id == rule.id && f.suppressed.is_none())
                .collect();
            if targets.is_empty() {
                failures.push(format!(
                    "{}: {name} is not reported, so its fix cannot be checked",
                    rule.id
                ));
            }
            for finding in targets {
                let Some(rem) = remediate(&ws, finding) else {
                    continue; // the fix declined this case (a human decision); counted below
                };
                let format = ws
                    .inventory()
                    .by_address(&finding.address)
                    .map(|r| r.format);
                let renderable = format.and_then(renderer_for).is_some();
                // no file renderer for this format yet (CloudFormation): prove the change on the model
                let verdict = if renderable {
                    rem.verified.clone()
                } else {
                    model_only.push(format!("{} {name}", rule.id));
                    verify_changes_in_inventory(&ws, finding, &rem.changes)
                };
                match verdict {
                    Verification::Verified => verified += 1,
                    Verification::Unverified { reason } => {
                        failures.push(format!(
                            "{}: {name} `{}`: fix not verified: {reason}",
                            rule.id, finding.address
                        ));
                    }
                }
            }
        }
        if verified == 0 {
            failures.push(format!(
                "{}: has a fix but none of its bad fixtures got a verified fix",
                rule.id
            ));
        } else {
            verified_rules.push(rule.id);
        }
    }
    eprintln!(
        "fixtures verified on the model only (no file renderer for their format yet): {}",
        model_only.len()
    );
    eprintln!(
        "rules with verified fixes ({}): {}",
        verified_rules.len(),
        verified_rules.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} fix verification failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
