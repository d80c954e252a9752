//! Generated from the registry: every rule must have violating (`bad*`) and passing (`good*`)
//! fixtures under `fixtures/<RULE-ID>/`, every bad fixture must be reported by the rule at a
//! real line, and no good fixture may be. A new rule without fixtures fails here.

use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, builtin_rules, run_rules};
use std::path::{Path, PathBuf};

fn fixture_entries(rule_id: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rule_id);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

fn label(p: &Path) -> &str {
    p.file_name().and_then(|n| n.to_str()).unwrap_or("")
}

#[test]
fn every_rule_catches_its_bad_fixtures_and_passes_its_good_ones() {
    let mut failures = Vec::new();
    for rule in builtin_rules() {
        let entries = fixture_entries(rule.id);
        let bad: Vec<_> = entries
            .iter()
            .filter(|p| label(p).starts_with("bad"))
            .collect();
        let good: Vec<_> = entries
            .iter()
            .filter(|p| label(p).starts_with("good"))
            .collect();
        if bad.is_empty() || good.is_empty() {
            failures.push(format!(
                "{}: needs fixtures/{}/bad* and good*",
                rule.id, rule.id
            ));
            continue;
        }
        for path in entries
            .iter()
            .filter(|p| label(p).starts_with("bad") || label(p).starts_with("good"))
        {
            let loaded = load_paths(std::slice::from_ref(path), &LoadOptions::default());
            let hard: Vec<_> = loaded.errors.iter().filter(|e| e.is_error()).collect();
            if !hard.is_empty() {
                failures.push(format!(
                    "{}: {} did not load: {hard:?}",
                    rule.id,
                    path.display()
                ));
                continue;
            }
            if loaded.inventory.is_empty() {
                failures.push(format!("{}: {} holds no resource", rule.id, path.display()));
                continue;
            }
            let findings = run_rules(&loaded.inventory, &[rule], &EngineOptions::default());
            let mine: Vec<_> = findings.iter().filter(|f| f.rule_id == rule.id).collect();
            if label(path).starts_with("bad") {
                if mine.is_empty() {
                    failures.push(format!("{}: {} was not reported", rule.id, path.display()));
                }
                for f in &mine {
                    if f.line().unwrap_or(0) == 0 {
                        failures.push(format!("{}: finding on {} has no line", rule.id, f.address));
                    }
                }
            } else if !mine.is_empty() {
                let what: Vec<_> = mine
                    .iter()
                    .map(|f| format!("{} ({})", f.address, f.message))
                    .collect();
                failures.push(format!(
                    "{}: {} is clean but was reported: {what:?}",
                    rule.id,
                    path.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
