//! Fuzzing the fix renderers: the violating fixtures of every rule with a machine fix
//! (Terraform, CloudFormation, Kubernetes, ARM), re-formatted by generated edits that keep
//! their meaning — indentation, alignment, blank lines, CRLF line ends, comments between and
//! after lines, quoting style — then fixed through the public planning API.
//!
//! Properties: no panic; every finding is either fixed or skipped with a reason; every new
//! file text still loads without errors, as the same format, with every resource it had; the
//! whole-line comments the mutation added survive outside the edited ranges; and a fresh
//! scan of the written file no longer reports the fixed findings.

#[path = "../../rampart_ingest/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use fuzz_support::{Seed, reached, run, seeds};
use proptest::prelude::*;
use rampart_fix::plan::{Decision, FixSelection, plan_fixes};
use rampart_fix::verify::Workspace;
use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, builtin_rules};
use std::collections::BTreeSet;
use std::path::Path;

/// One formatting change, applied to line number `.0` (modulo the line count).
#[derive(Clone, Debug)]
enum Format {
    /// Add `.1 % 4 + 1` spaces (or a tab when `.2`) before the line.
    Indent(usize, u8, bool),
    /// Widen the space around the first ` = ` of the line.
    Align(usize, u8),
    /// Add a blank line before the line.
    Blank(usize),
    /// Add trailing spaces.
    Trailing(usize, u8),
    /// Add a whole-line comment before the line (indented like it).
    CommentLine(usize),
    /// Add a comment after the line (Terraform: after an attribute; YAML: after a value).
    CommentAfter(usize),
    /// Quote a YAML plain scalar value with `"` or `'` (when `.1`).
    Quote(usize, bool),
    /// End every line with CRLF.
    Crlf,
}

fn format_change() -> impl Strategy<Value = Format> {
    prop_oneof![
        1 => (any::<usize>(), any::<u8>(), any::<bool>()).prop_map(|(l, n, t)| Format::Indent(l, n, t)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(l, n)| Format::Align(l, n)),
        1 => any::<usize>().prop_map(Format::Blank),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(l, n)| Format::Trailing(l, n)),
        2 => any::<usize>().prop_map(Format::CommentLine),
        2 => any::<usize>().prop_map(Format::CommentAfter),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(l, d)| Format::Quote(l, d)),
        1 => Just(Format::Crlf),
    ]
}

const MARK: &str = "fuzz-kept-comment";

/// `text` with `changes`; returns it and the whole-line comments added.
fn reformat(text: &str, yaml: bool, json: bool, changes: &[Format]) -> (String, Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut comments = Vec::new();
    let mut crlf = false;
    let mut in_heredoc = false;
    // lines inside heredocs are data, not formatting: leave them alone
    let heredoc: Vec<bool> = lines
        .iter()
        .map(|l| {
            let inside = in_heredoc;
            if l.contains("<<") {
                in_heredoc = true;
            } else if in_heredoc
                && l.trim().chars().all(|c| c.is_ascii_uppercase())
                && !l.trim().is_empty()
            {
                in_heredoc = false;
            }
            inside || l.contains("<<")
        })
        .collect();
    let mut frozen = heredoc;
    for (n, change) in changes.iter().enumerate() {
        if lines.is_empty() {
            break;
        }
        let index = |l: usize| l % lines.len();
        match *change {
            Format::Crlf => crlf = true,
            Format::Indent(l, k, tab) if !yaml && !json => {
                let i = index(l);
                if frozen.get(i) == Some(&false) {
                    let pad = if tab {
                        "\t".to_string()
                    } else {
                        " ".repeat(usize::from(k % 4) + 1)
                    };
                    lines[i] = format!("{pad}{}", lines[i]);
                }
            }
            Format::Align(l, k) if !yaml && !json => {
                let i = index(l);
                if frozen.get(i) == Some(&false) && lines[i].contains(" = ") {
                    let pad = " ".repeat(usize::from(k % 6) + 1);
                    lines[i] = lines[i].replacen(" = ", &format!("{pad}={pad}"), 1);
                }
            }
            Format::Blank(l) => {
                let i = index(l);
                if frozen.get(i) == Some(&false) {
                    lines.insert(i, String::new());
                    frozen.insert(i, false);
                }
            }
            Format::Trailing(l, k) if !yaml => {
                let i = index(l);
                if frozen.get(i) == Some(&false) {
                    lines[i].push_str(&" ".repeat(usize::from(k % 3) + 1));
                }
            }
            Format::CommentLine(l) if !json => {
                let i = index(l);
                if frozen.get(i) == Some(&false) {
                    let indent: String = lines[i].chars().take_while(|c| *c == ' ').collect();
                    let style = if yaml { "#" } else { ["#", "//"][n % 2] };
                    let comment = format!("{indent}{style} {MARK} {n}");
                    comments.push(comment.trim().to_string());
                    lines.insert(i, comment);
                    frozen.insert(i, false);
                }
            }
            Format::CommentAfter(l) if !json => {
                let i = index(l);
                let line = &lines[i];
                let fits = if yaml {
                    line.contains(": ")
                        && !line.contains('#')
                        && !line.trim_end().ends_with(['|', '>', '-'])
                } else {
                    line.contains(" = ")
                        && !line.contains("<<")
                        && !line.trim_end().ends_with(['{', '[', '(', ','])
                };
                if frozen.get(i) == Some(&false) && fits {
                    let style = if yaml {
                        "#"
                    } else {
                        ["#", "//", "/* c */"][n % 3]
                    };
                    let after = if style.starts_with("/*") {
                        style.to_string()
                    } else {
                        format!("{style} after")
                    };
                    lines[i] = format!("{}  {after}", lines[i]);
                }
            }
            Format::Quote(l, double) if yaml => {
                let i = index(l);
                let line = lines[i].clone();
                if let Some((key, value)) = line.split_once(": ") {
                    let plain = !value.is_empty()
                        && value
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
                        && !matches!(
                            value,
                            "true" | "false" | "null" | "yes" | "no" | "on" | "off"
                        )
                        && value.parse::<f64>().is_err();
                    if plain {
                        lines[i] = if double {
                            format!("{key}: \"{value}\"")
                        } else {
                            format!("{key}: '{value}'")
                        };
                    }
                }
            }
            _ => {}
        }
    }
    let end = if crlf { "\r\n" } else { "\n" };
    let mut out = lines.join(end);
    out.push_str(end);
    (out, comments)
}

/// Violating fixtures of rules that have a machine fix.
fn fix_seeds() -> Vec<Seed> {
    let fixable: BTreeSet<&str> = builtin_rules()
        .iter()
        .filter(|r| r.fix.is_some())
        .map(|r| r.id)
        .collect();
    seeds(
        &["crates/rampart_rules/fixtures"],
        &[".tf", ".yaml", ".json"],
    )
    .into_iter()
    .filter(|s| {
        let mut parts = s.name.rsplit('/');
        let file = parts.next().unwrap_or("");
        let rule = parts.next().unwrap_or("");
        file.starts_with("bad") && fixable.contains(rule)
    })
    .collect()
}

fn hard_errors(errors: &[rampart_model::LoadError], file: &str) -> Vec<String> {
    errors
        .iter()
        .filter(|e| e.is_error() && e.file == file)
        .map(ToString::to_string)
        .collect()
}

/// The scan of `root` and the plan of every fix, unsafe ones included.
fn fixes_of(root: &Path) -> Result<(Workspace, rampart_fix::FixPlan), TestCaseError> {
    let ws = Workspace::load(
        &[root.to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    );
    let selection = FixSelection {
        include_unsafe: true,
        rule_ids: Vec::new(),
    };
    let plan = plan_fixes(&ws, &selection, &mut |_| true)
        .map_err(|e| TestCaseError::fail(format!("planning failed: {e}")))?;
    Ok((ws, plan))
}

#[test]
fn fuzz_fix_renderers() {
    let all = fix_seeds();
    // a lower bound on purpose: the seeds are the fixtures of fixable rules, a corpus that
    // grows with each rule; this only proves the walk found it (rampart_dev's fixture tests
    // check each fixture's fix exactly)
    assert!(all.len() > 50, "only {} fixable fixtures", all.len());
    let strategy = (0..all.len(), prop::collection::vec(format_change(), 0..8));
    run("fix_renderers", 40, strategy, |(i, changes)| {
        let seed = &all[i];
        let file_name = seed
            .name
            .rsplit('/')
            .next()
            .unwrap_or("main.tf")
            .to_string();
        let yaml = file_name.ends_with(".yaml");
        let json = file_name.ends_with(".json");
        let (text, comments) = reformat(&seed.text, yaml, json, &changes);
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join(&file_name);
        std::fs::write(&path, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let file = path.to_string_lossy().into_owned();

        let before = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
        if !hard_errors(&before.errors, &file).is_empty() {
            return Ok(()); // the re-formatting broke the file: nothing to fix, nothing to check
        }
        let (_, plan) = fixes_of(dir.path())?;
        for item in &plan.items {
            if let Decision::Skip(why) = &item.decision {
                prop_assert!(
                    !why.trim().is_empty(),
                    "{} skipped without a reason",
                    item.finding.rule_id
                );
            }
        }
        if plan.new_texts.is_empty() {
            return Ok(());
        }
        reached();
        prop_assert!(
            plan.new_texts.keys().all(|f| f == &file),
            "a fix edits another file: {:?}",
            plan.new_texts.keys()
        );
        let Some(fixed) = plan.new_texts.get(&file) else {
            return Ok(());
        };
        // a comment outside every edited range is kept (one inside a replaced block goes
        // with the block)
        for comment in &comments {
            let Some(at) = text.find(comment.as_str()) else {
                continue;
            };
            let edited = plan
                .edits
                .iter()
                .any(|e| e.start_byte <= at + comment.len() && at <= e.end_byte);
            prop_assert!(
                edited || fixed.contains(comment.as_str()),
                "the fix dropped the comment `{}`:\n{}",
                comment,
                fixed
            );
        }
        std::fs::write(&path, fixed).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let after = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
        let broken = hard_errors(&after.errors, &file);
        prop_assert!(
            broken.is_empty(),
            "the fixed file does not load: {:?}\n{}",
            broken,
            fixed
        );
        let formats = |out: &rampart_ingest::LoadOutput| -> BTreeSet<String> {
            out.inventory
                .resources()
                .iter()
                .map(|r| format!("{:?}", r.format))
                .collect()
        };
        prop_assert!(
            formats(&after).is_subset(&formats(&before)),
            "the fixed file loads as another format:\n{}",
            fixed
        );
        // a resource disappears only when it is the subject of an applied fix (removing an
        // allow-all firewall rule is a fix); any other loss is a corrupted file
        let fixed_addresses: BTreeSet<&str> =
            plan.applied().map(|p| p.finding.address.as_str()).collect();
        for r in before.inventory.resources() {
            prop_assert!(
                after.inventory.by_address(&r.address).is_some()
                    || fixed_addresses.contains(r.address.as_str()),
                "the fix lost `{}`:\n{}",
                r.address,
                fixed
            );
        }
        // the fixed findings are gone from a fresh scan of the written file (a second run
        // may still fix findings the first held back, never these again)
        let (rescan, _) = fixes_of(dir.path())?;
        for item in plan.applied() {
            let f = &item.finding;
            prop_assert!(
                !rescan.findings.iter().any(|g| g.rule_id == f.rule_id
                    && g.address == f.address
                    && g.attribute == f.attribute
                    && g.message == f.message
                    && g.suppressed.is_none()),
                "{} on `{}` ({}) is still reported after its fix:\n{}",
                f.rule_id,
                f.address,
                f.message,
                fixed
            );
        }
        Ok(())
    });
}
