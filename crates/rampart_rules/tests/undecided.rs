//! Zero silent skips (issue 12): a rule that meets an unknown value either still decides or
//! says it is undecided; it never just reports nothing.
//!
//! The corpus is every rule's `bad*` fixtures made partially unknown. For each finding the
//! rule reports on a bad fixture, the value it blamed is replaced by an Unknown (the exact
//! attribute path when it exists, else the top-level attribute it is part of) in one input, and
//! every top-level attribute of the resource in another, as a variable without a value or a
//! computed attribute of another resource would be. On each input the rule must report a
//! finding or an undecided check for that resource.

use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::{Category, Inventory, Resource, Value};
use rampart_rules::{EngineOptions, Rule, builtin_rules, run_rules_reporting_undecided};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Rules that still end silent on some unknown input: they read values in a way the recorder
/// does not see (iterating a resource's attributes or a related resource directly, or treating
/// an unknown block as absent before reading it). Listed so the gap is visible; the test fails
/// when a rule here starts passing (remove it) or a rule not here fails (fix the reading or
/// extend the recorder at the accessor).
const SILENT_ON_UNKNOWN: &[&str] = &[];

fn bad_fixtures(rule_id: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rule_id);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("bad") && !n.ends_with(".expect")) // not a sidecar
    });
    entries.sort();
    entries
}

/// Replaces the value at dotted `path` by `unknown`; false when the path does not resolve.
fn set_path(value: &mut Value, path: &[&str], unknown: &Value) -> bool {
    let Some((seg, rest)) = path.split_first() else {
        *value = unknown.clone();
        return true;
    };
    let next = match value {
        Value::Map(m) => m.get_mut(*seg),
        Value::List(items) => match seg.parse::<usize>() {
            Ok(i) => items.get_mut(i),
            // a single nested block may be entered without its index, as `Value::path` does
            Err(_) => items.first_mut().and_then(|first| match first {
                Value::Map(m) => m.get_mut(*seg),
                _ => None,
            }),
        },
        _ => None,
    };
    next.is_some_and(|v| set_path(v, rest, unknown))
}

/// The resource with the blamed attribute unknown.
fn blamed_unknown(resource: &Resource, attribute: &str, unknown: &Value) -> Resource {
    let mut r = resource.clone();
    let segs: Vec<&str> = attribute.split('.').collect();
    let Some((head, rest)) = segs.split_first() else {
        return r;
    };
    let exact = r
        .attributes
        .get_mut(*head)
        .is_some_and(|v| set_path(v, rest, unknown));
    if !exact {
        r.attributes.insert((*head).to_string(), unknown.clone());
    }
    r
}

fn all_unknown(resource: &Resource, unknown: &Value) -> Resource {
    let mut r = resource.clone();
    for v in r.attributes.values_mut() {
        *v = unknown.clone();
    }
    r
}

/// `None` when the rule decides or reports undecided for `address` on `resources`, else why not.
fn silent(rule: &'static Rule, resources: Vec<Resource>, address: &str) -> bool {
    let inventory = Inventory::new(resources);
    let run = run_rules_reporting_undecided(&inventory, &[rule], &EngineOptions::default());
    let found = run.findings.iter().any(|f| f.address == address);
    let undecided = run.undecided.iter().any(|u| u.address == address);
    !found && !undecided
}

#[test]
fn every_rule_decides_or_reports_undecided_on_partially_unknown_inputs() {
    // both shapes of Unknown a loader produces: no origin (a variable without a value) and a
    // computed attribute of another resource
    let unknowns = [
        Value::unknown(),
        Value::unknown_ref("aws_kms_key.elsewhere"),
    ];
    let mut silent_rules: BTreeSet<&str> = BTreeSet::new();
    let mut details = Vec::new();
    let mut inputs = 0;
    for rule in builtin_rules() {
        // secrets rules look for values written in the code, which an unknown value is not:
        // they are decided by it and the engine reports no undecided check for them
        if rule.category == Category::Secrets {
            continue;
        }
        for path in bad_fixtures(rule.id) {
            let loaded = load_paths(std::slice::from_ref(&path), &LoadOptions::default());
            let baseline = run_rules_reporting_undecided(
                &loaded.inventory,
                &[rule],
                &EngineOptions::default(),
            );
            let resources = loaded.inventory.resources().to_vec();
            for finding in baseline.findings.iter().filter(|f| f.rule_id == rule.id) {
                let Some(index) = resources.iter().position(|r| r.address == finding.address)
                else {
                    continue;
                };
                let Some(original) = resources.get(index) else {
                    continue;
                };
                for unknown in &unknowns {
                    let mut variants = vec![("every attribute", all_unknown(original, unknown))];
                    if let Some(attribute) = &finding.attribute {
                        variants.push((
                            attribute.as_str(),
                            blamed_unknown(original, attribute, unknown),
                        ));
                    }
                    for (what, mutated) in variants {
                        inputs += 1;
                        let mut corpus = resources.clone();
                        if let Some(slot) = corpus.get_mut(index) {
                            *slot = mutated;
                        }
                        if silent(rule, corpus, &finding.address) {
                            silent_rules.insert(rule.id);
                            details.push(format!(
                                "{}: {} with {what} unknown: no finding, no undecided",
                                rule.id,
                                path.display()
                            ));
                        }
                    }
                }
            }
        }
    }
    // a lower bound on purpose: the corpus is every fixture with values made unknown, and it
    // grows with each rule; this only proves the walk found it
    assert!(inputs > 500, "the corpus is too small: {inputs} inputs");
    let expected: BTreeSet<&str> = SILENT_ON_UNKNOWN.iter().copied().collect();
    let newly_silent: Vec<_> = silent_rules.difference(&expected).collect();
    let now_deciding: Vec<_> = expected.difference(&silent_rules).collect();
    assert!(
        newly_silent.is_empty() && now_deciding.is_empty(),
        "silent rules not in SILENT_ON_UNKNOWN: {newly_silent:?}\n\
         rules in SILENT_ON_UNKNOWN that now decide (remove them): {now_deciding:?}\n{}",
        details.join("\n")
    );
}
