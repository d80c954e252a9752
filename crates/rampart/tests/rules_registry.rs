//! `rules`, `baseline` and `scan` share one registry: user rules (`--rules-dir`,
//! `.rampart/rules`) are listed by `rules` and counted by `baseline`, and `rules` shows the
//! compliance controls each rule evidences, from `compliance/*.toml`.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{outcome, rampart};
use serde_json::Value as Json;
use std::path::Path;

const OWNER_RULE: &str = r#"
id: ACME-TAG-001
title: S3 bucket has no owner tag
severity: medium
category: data
resource_kinds: [aws_s3_bucket]
description: Every bucket needs an owner to call when it leaks.
remediation: Add an `owner` tag.
violation_when:
  attribute: tags.owner
  absent: true
"#;

const ORPHAN_BUCKET: &str = r#"
resource "aws_s3_bucket" "orphan" {
  bucket = "orphan"
}
"#;

fn run(args: &[&str], dir: &Path) -> (i32, String, String) {
    outcome(rampart().current_dir(dir).args(args))
}

fn listed(stdout: &str) -> Vec<Json> {
    let json: Json = serde_json::from_str(stdout).unwrap();
    json.as_array().unwrap().clone()
}

#[test]
fn rules_lists_user_rules_from_rules_dir_and_the_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("team-rules")).unwrap();
    std::fs::write(dir.path().join("team-rules/tags.yaml"), OWNER_RULE).unwrap();

    let (code, stdout, stderr) = run(&["rules", "--format", "json"], dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(listed(&stdout).len(), rampart_rules::builtin_rules().len());

    let (code, stdout, stderr) = run(
        &[
            "rules",
            "--format",
            "json",
            "--rules-dir",
            "team-rules",
            "--provider",
            "custom",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let custom = listed(&stdout);
    assert_eq!(custom.len(), 1, "{stdout}");
    assert_eq!(custom[0]["id"], "ACME-TAG-001");
    assert_eq!(custom[0]["automatic_fix"], false);
    assert_eq!(custom[0]["compliance"], Json::Array(vec![]));

    // .rampart/rules in the current folder is read without a flag, as `scan` reads it
    std::fs::create_dir_all(dir.path().join(".rampart/rules")).unwrap();
    std::fs::write(dir.path().join(".rampart/rules/tags.yaml"), OWNER_RULE).unwrap();
    let (code, stdout, _) = run(&["rules"], dir.path());
    assert_eq!(code, 0);
    assert!(stdout.contains("ACME-TAG-001"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "\n{} rules\n",
            rampart_rules::builtin_rules().len() + 1
        )),
        "{stdout}"
    );
}

#[test]
fn a_user_rule_that_does_not_load_is_named_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("team-rules")).unwrap();
    std::fs::write(
        dir.path().join("team-rules/tags.yaml"),
        OWNER_RULE.replace("absent: true", "absnt: true"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["rules", "--rules-dir", "team-rules"], dir.path());
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("tags.yaml"), "{stderr}");
    assert!(
        stdout.contains("AWS-EBS-001"),
        "built-in rules are still listed"
    );
    let (code, _, stderr) = run(&["rules", "--rules-dir", "missing"], dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("missing"), "{stderr}");
}

#[test]
fn rules_show_the_compliance_controls_from_the_mappings() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, _) = run(&["rules", "--format", "json"], dir.path());
    assert_eq!(code, 0);
    for entry in listed(&stdout) {
        let id = entry["id"].as_str().unwrap();
        let expected: Vec<(String, String)> = rampart_compliance::controls_for_rule(id)
            .into_iter()
            .map(|c| (c.framework, c.control))
            .collect();
        let shown: Vec<(String, String)> = entry["compliance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["framework"].as_str().unwrap().to_string(),
                    c["control"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(shown, expected, "{id}");
    }
    let (_, text, _) = run(&["rules", "--provider", "aws"], dir.path());
    let ebs = text
        .lines()
        .skip_while(|l| !l.starts_with("AWS-EBS-001 "))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(ebs.contains("controls: cis-aws-3.0:2.2.1,"), "{ebs}");
}

#[test]
fn baseline_counts_user_rules_like_scan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), ORPHAN_BUCKET).unwrap();
    std::fs::create_dir_all(dir.path().join("team-rules")).unwrap();
    std::fs::write(dir.path().join("team-rules/tags.yaml"), OWNER_RULE).unwrap();
    let (code, _, stderr) = run(
        &[
            "baseline",
            ".",
            "--rules-dir",
            "team-rules",
            "-o",
            "base.json",
            "--quiet",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{stderr}");
    let baseline = std::fs::read_to_string(dir.path().join("base.json")).unwrap();
    assert!(baseline.contains("ACME-TAG-001"), "{baseline}");

    // with that baseline, the user rule's finding is suppressed in the scan
    let (_, stdout, stderr) = run(
        &[
            "scan",
            ".",
            "--rules-dir",
            "team-rules",
            "--baseline",
            "base.json",
            "--rule",
            "ACME-TAG-001",
            "--format",
            "json",
        ],
        dir.path(),
    );
    let report: Json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let findings = report["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["rule_id"] == "ACME-TAG-001" && !f["suppressed"].is_null()),
        "{report}"
    );

    // a user rule that does not load makes the baseline incomplete: nothing is written
    std::fs::write(
        dir.path().join("team-rules/tags.yaml"),
        OWNER_RULE.replace("absent: true", "absnt: true"),
    )
    .unwrap();
    let (code, _, stderr) = run(
        &[
            "baseline",
            ".",
            "--rules-dir",
            "team-rules",
            "-o",
            "again.json",
        ],
        dir.path(),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(!dir.path().join("again.json").exists());
}
