//! Every rule's fixtures (`crates/rampart_rules/fixtures/<RULE-ID>/`), checked exactly: each
//! `bad*` fixture declares the findings its rule reports (`# expect: ID` on the line, or the
//! `<file>.expect` sidecar) and the rule reports exactly that set of (rule, file, line) pairs;
//! each `good*` fixture declares nothing and is not reported. Only the fixture's own rule is
//! compared (see `rampart_dev::fixtures`). Every bad fixture the rule can fix has the fixed text
//! `rampart fix` writes as a snapshot, and that text is clean for the rule.
//! `cargo run -p rampart_dev -- fixtures --bless` rewrites annotations and snapshots.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed step fails the test

use rampart_dev::fixtures::bless::{load_signature, stripped_texts};
use rampart_dev::fixtures::declared::{disagreements, observe};
use rampart_dev::fixtures::snapshot::{fix_fixture, snapshot_path, snapshots_on_disk};
use rampart_dev::fixtures::{
    Expectation, Pair, compare, fixtures_of, load_errors, scan, scan_replaced,
};
use rampart_dev::repo_root;
use rampart_dev::scaffold::FIXTURES;
use rampart_rules::builtin_rules;
use std::collections::BTreeSet;
use std::path::PathBuf;

const BLESS: &str = "cargo run -p rampart_dev -- fixtures --bless";

fn fixtures_root() -> PathBuf {
    repo_root().join(FIXTURES)
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} fixture failures (after a deliberate change, run `{BLESS}` and review the diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_fixture_reports_exactly_the_findings_it_declares() {
    let root = fixtures_root();
    let mut failures = Vec::new();
    for rule in builtin_rules() {
        let fixtures = fixtures_of(&root, rule.id);
        let has = |e: Expectation| fixtures.iter().any(|f| f.expectation == e);
        if !has(Expectation::Bad) || !has(Expectation::Good) {
            failures.push(format!(
                "{}: needs fixtures/{}/bad* and good*",
                rule.id, rule.id
            ));
            continue;
        }
        for fixture in &fixtures {
            let name = fixture.name();
            let declared = match fixture.declared() {
                Ok(d) => d,
                Err(e) => {
                    failures.push(format!("{name}: {e}"));
                    continue;
                }
            };
            let scanned = scan(fixture, rule);
            let errors = load_errors(&scanned.loaded);
            if !errors.is_empty() {
                failures.push(format!("{name}: did not load: {errors:?}"));
                continue;
            }
            if scanned.loaded.inventory.is_empty() {
                failures.push(format!("{name}: holds no resource"));
                continue;
            }
            for what in scanned.unplaced.iter().chain(&scanned.duplicates) {
                failures.push(format!("{name}: {what}"));
            }
            if fixture.expectation == Expectation::Bad && declared.is_empty() {
                failures.push(format!(
                    "{name}: a bad fixture declares no finding (`# expect: {}` on the reported line)",
                    rule.id
                ));
            }
            if fixture.expectation == Expectation::Good && !declared.is_empty() {
                failures.push(format!("{name}: a good fixture declares findings"));
            }
            if let Some(why) = compare(&declared, &scanned.reported) {
                failures.push(format!("{name}:\n    {why}"));
            }
        }
    }
    report(&failures);
}

#[test]
fn annotations_do_not_change_what_the_loaders_read() {
    let root = fixtures_root();
    let mut failures = Vec::new();
    let mut compared = 0;
    for rule in builtin_rules() {
        for fixture in fixtures_of(&root, rule.id) {
            if fixture.expectation != Expectation::Bad {
                continue;
            }
            let stripped = stripped_texts(&fixture).unwrap();
            let plain = load_signature(&fixture, &stripped).unwrap();
            let as_written = load_signature(&fixture, &Default::default()).unwrap();
            compared += 1;
            if plain != as_written {
                failures.push(format!(
                    "{}: its annotations change what the loader reads; move them to the sidecar",
                    fixture.name()
                ));
            }
            // an annotation is never a suppression of the finding it declares
            let scanned = scan(&fixture, rule);
            if let Some(r) = scanned
                .loaded
                .inventory
                .resources()
                .iter()
                .find(|r| !r.suppressions.is_empty())
            {
                failures.push(format!("{}: {} is suppressed", fixture.name(), r.address));
            }
        }
    }
    assert!(
        compared > 0,
        "no bad fixture found under {}",
        root.display()
    );
    report(&failures);
}

#[test]
fn every_fixable_bad_fixture_has_its_fixed_text_and_it_is_clean() {
    let root = fixtures_root();
    let every = builtin_rules();
    let mut failures = Vec::new();
    for rule in &every {
        let mut wanted = BTreeSet::new();
        for fixture in fixtures_of(&root, rule.id) {
            if fixture.expectation != Expectation::Bad {
                continue;
            }
            let fixed = match fix_fixture(&fixture, rule, every.clone()) {
                Ok(f) => f,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            for (relative, text) in &fixed.texts {
                let path = snapshot_path(&fixture, relative);
                wanted.insert(path.clone());
                match std::fs::read_to_string(&path) {
                    Ok(snapshot) if snapshot == *text => {}
                    Ok(_) => {
                        failures.push(format!("{}: differs from the fixed text", path.display()))
                    }
                    Err(_) => failures.push(format!("{}: missing", path.display())),
                }
            }
            if fixed.texts.is_empty() {
                continue;
            }
            // what is left is exactly what `rampart fix` said it leaves (no automatic fix)
            let left_alone: BTreeSet<(String, Option<String>)> = fixed
                .skipped
                .iter()
                .map(|s| (s.address.clone(), s.attribute.clone()))
                .collect();
            match scan_replaced(&fixture, rule, &fixed.texts) {
                Ok(after) if after.subjects != left_alone => {
                    let left: Vec<String> = after.reported.iter().map(Pair::to_string).collect();
                    failures.push(format!(
                        "{}: the fixed text is still reported: {} (left without a fix: {left_alone:?})",
                        fixture.name(),
                        left.join("; ")
                    ));
                }
                Ok(after) if !load_errors(&after.loaded).is_empty() => failures.push(format!(
                    "{}: the fixed text does not load: {:?}",
                    fixture.name(),
                    load_errors(&after.loaded)
                )),
                Ok(_) => {}
                Err(e) => failures.push(format!("{}: {e}", fixture.name())),
            }
        }
        for stale in snapshots_on_disk(&root, rule.id) {
            if !wanted.contains(&stale) {
                failures.push(format!("{}: no fixture is fixed into it", stale.display()));
            }
        }
    }
    report(&failures);
}

#[test]
fn every_rule_declares_the_fixes_its_fixtures_get() {
    let root = fixtures_root();
    let every = builtin_rules();
    let mut failures = Vec::new();
    for rule in &every {
        let observed = observe(rule, &root, &every);
        failures.extend(disagreements(rule, &observed));
    }
    report(&failures);
}
