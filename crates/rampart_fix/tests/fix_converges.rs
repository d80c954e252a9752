//! `rampart fix` converges in one run: after one run, planning again on what it wrote finds
//! no fix to apply. Checked on every violating fixture of every rule (`fixtures/<ID>/bad*` in
//! rampart_rules), once with all rules' fixes together and once with only the fixture's own
//! rule, unsafe fixes included; plus the shapes that used to need a second run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{Decision, FixPlan, FixSelection, plan_fixes, plan_fixes_within};
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
                if only.is_some() {
                    "its rule"
                } else {
                    "all rules"
                }
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

/// Fixes of one run by rule, and what a second run would still apply.
fn applied_rules(plan: &FixPlan) -> Vec<&str> {
    let mut rules: Vec<&str> = plan.applied().map(|p| &*p.finding.rule_id).collect();
    rules.sort();
    rules
}

#[test]
fn fixes_adding_keys_to_one_yaml_block_are_applied_in_one_run() {
    // K8S-002, K8S-003, K8S-010 and K8S-011 each add a key to the container's missing
    // `securityContext`: only one could be inserted there, the others waited for another run
    let dir = project(&[(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.2.3\n",
    )]);
    let (first, left) = fix_twice(dir.path(), None);
    assert!(left.is_empty(), "a second run would still apply {left:?}");
    let applied = applied_rules(&first);
    for rule in ["K8S-002", "K8S-003", "K8S-010", "K8S-011"] {
        assert!(applied.contains(&rule), "{rule} not applied: {applied:?}");
    }
    assert_eq!(first.rounds, 2);
    let text = std::fs::read_to_string(dir.path().join("pod.yaml")).unwrap();
    assert_eq!(
        text.matches("\n      securityContext:").count(),
        1,
        "{text}"
    );
}

#[test]
fn fixes_adding_one_resource_twice_are_applied_in_one_run() {
    // AWS-S3-004 (SSE-S3) and AWS-S3-015 (SSE-KMS) each add the bucket's encryption
    // configuration resource: together they declared it twice, so AWS-S3-015 waited
    let dir = project(&[(
        "main.tf",
        "resource \"aws_s3_bucket\" \"data\" {\n  bucket = \"acme-data\"\n}\n",
    )]);
    let (first, left) = fix_twice(dir.path(), None);
    assert!(left.is_empty(), "a second run would still apply {left:?}");
    let applied = applied_rules(&first);
    assert!(
        applied.contains(&"AWS-S3-004") && applied.contains(&"AWS-S3-015"),
        "{applied:?}"
    );
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(
        text.matches("resource \"aws_s3_bucket_server_side_encryption_configuration\"")
            .count(),
        1,
        "{text}"
    );
}

#[test]
fn adjacent_rule_removals_in_one_security_group_are_applied_in_one_run() {
    // held before the rounds too (removals of neighbouring blocks do not overlap): a pin
    let dir = project(&[(
        "main.tf",
        "resource \"aws_security_group\" \"web\" {\n  name        = \"web\"\n  description = \"web\"\n  ingress {\n    description = \"ssh\"\n    from_port   = 22\n    to_port     = 22\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\", \"10.0.0.0/8\"]\n  }\n  ingress {\n    description = \"rdp\"\n    from_port   = 3389\n    to_port     = 3389\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n  ingress {\n    description = \"mysql\"\n    from_port   = 3306\n    to_port     = 3306\n    protocol    = \"tcp\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\n",
    )]);
    let (first, left) = fix_twice(dir.path(), None);
    assert!(left.is_empty(), "a second run would still apply {left:?}");
    let applied = applied_rules(&first);
    for rule in ["AWS-EC2-001", "AWS-EC2-002", "AWS-EC2-003"] {
        assert!(applied.contains(&rule), "{rule} not applied: {applied:?}");
    }
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(text.matches("ingress {").count(), 1, "{text}");
    assert!(text.contains("cidr_blocks = [\"10.0.0.0/8\"]"), "{text}");
}

#[test]
fn a_fix_still_held_back_at_the_bound_says_so() {
    let dir = project(&[(
        "pod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: shop\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.2.3\n",
    )]);
    let ws = load(dir.path());
    let plan = plan_fixes_within(&ws, &selection(None), &mut |_| true, 1).unwrap();
    assert_eq!(plan.rounds, 1);
    let held: Vec<&str> = plan
        .items
        .iter()
        .filter_map(|p| match &p.decision {
            Decision::Skip(why) if why.contains("still held back after 1 round(s)") => {
                Some(&*p.finding.rule_id)
            }
            _ => None,
        })
        .collect();
    assert!(held.contains(&"K8S-003"), "{:?}", plan.items);
}
