//! `rampart fix` converges in one run: after one run, planning again on what it wrote finds
//! no fix to apply. Checked on every violating fixture of every rule (`fixtures/<ID>/bad*` in
//! rampart_rules), once with all rules' fixes together and once with only the fixture's own
//! rule, unsafe fixes included; plus the shapes that used to need a second run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{Decision, FixPlan, FixSelection, plan_fixes};
use rampart_fix::verify::Workspace;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::path::{Path, PathBuf};

fn selection(rule: Option<&str>) -> FixSelection {
    FixSelection {
        include_unsafe: true,
        rule_ids: rule.map(|r| vec![r.to_string()]).unwrap_or_default(),
    }
}

fn load(root: &Path) -> Workspace {
    Workspace::load(
        &[root.to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    )
}

/// Runs `fix` once on `root` (writing what it plans), then plans again: the fixes the second
/// plan would still apply, as `RULE address` lines, and the first plan.
fn fix_twice(root: &Path, rule: Option<&str>) -> (FixPlan, Vec<String>) {
    let ws = load(root);
    let first = plan_fixes(&ws, &selection(rule), &mut |_| true).unwrap();
    for (file, text) in &first.new_texts {
        std::fs::write(file, text).unwrap();
    }
    let again = load(root);
    let second = plan_fixes(&again, &selection(rule), &mut |_| true).unwrap();
    let left = second
        .items
        .iter()
        .filter(|p| p.decision == Decision::Apply)
        .map(|p| format!("{} {}", p.finding.rule_id, p.finding.address))
        .collect();
    (first, left)
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn bad_fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rampart_rules/fixtures");
    let mut out = Vec::new();
    for rule in builtin_rules() {
        let Ok(entries) = std::fs::read_dir(root.join(rule.id)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("bad"))
            })
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|f| (rule.id.to_string(), f)));
    }
    out
}

#[test]
fn one_run_fixes_every_bad_fixture_as_far_as_it_goes() {
    let fixtures = bad_fixtures();
    assert!(fixtures.len() > 600, "only {} bad fixtures", fixtures.len());
    let mut failures = Vec::new();
    let mut multi_round = Vec::new();
    for (rule, fixture) in &fixtures {
        let name = fixture.file_name().unwrap();
        for only in [None, Some(rule.as_str())] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::copy(fixture, dir.path().join(name)).unwrap();
            let (first, left) = fix_twice(dir.path(), only);
            let label = format!(
                "{rule}/{} ({})",
                name.to_string_lossy(),
                if only.is_some() { "its rule" } else { "all rules" }
            );
            if first.rounds > 1 {
                multi_round.push(format!("{label}: {} rounds", first.rounds));
            }
            if !left.is_empty() {
                failures.push(format!(
                    "{label}: a second run would still apply {}",
                    left.join(", ")
                ));
            }
        }
    }
    eprintln!(
        "fixture runs that needed more than one round ({}):\n{}",
        multi_round.len(),
        multi_round.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} fixture runs did not converge in one run:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
