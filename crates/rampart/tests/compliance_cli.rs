//! End-to-end tests of `rampart frameworks`, `rampart compliance` and user-defined rules
//! (`.rampart/rules/*.yaml`) through the real binary.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{examples_dir, outcome, project, rampart};
use serde_json::Value as Json;

/// Runs `rampart <args>`, in `dir` when given; (exit code, stdout, stderr).
fn run(args: &[&str], dir: Option<&std::path::Path>) -> (i32, String, String) {
    let mut cmd = rampart();
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    outcome(cmd.args(args))
}

#[test]
fn frameworks_lists_every_framework_with_coverage() {
    let (code, stdout, stderr) = run(&["frameworks"], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("ID"), "{stdout}");
    for id in [
        "cis-aws-3.0",
        "pci-dss-4.0",
        "iso-27001-2022",
        "hipaa-164.312",
    ] {
        assert!(stdout.contains(id), "{id} missing: {stdout}");
    }
    let (code, stdout, _) = run(&["frameworks", "--format", "json"], None);
    assert_eq!(code, 0);
    let list: Json = serde_json::from_str(&stdout).unwrap();
    let cis = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "cis-aws-3.0")
        .unwrap();
    assert_eq!(cis["controls"], 61);
    let covered = cis["covered_controls"].as_u64().unwrap();
    assert!((15..61).contains(&covered), "{cis}");
}

fn control<'a>(report: &'a Json, id: &str) -> &'a Json {
    report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["controls"].as_array().unwrap())
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

#[test]
fn compliance_on_the_examples_reports_each_status_with_failing_resources() {
    let examples = examples_dir();
    let dir = examples.to_str().unwrap();
    let (code, stdout, stderr) = run(
        &[
            "compliance",
            "--framework",
            "cis-aws-3.0",
            dir,
            "--format",
            "json",
            "-q",
        ],
        None,
    );
    assert_eq!(code, 1, "failing controls exit 1: {stderr}");
    let report: Json = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["framework"]["id"], "cis-aws-3.0");
    let trail = control(&report, "3.1");
    assert_eq!(trail["status"], "fail");
    assert_eq!(trail["failing"][0]["address"], "aws_cloudtrail.main");
    assert!(
        trail["failing"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("logging.tf")
    );
    assert!(trail["failing"][0]["line"].as_u64().unwrap() > 0);
    assert_eq!(
        control(&report, "1.15")["failing"][0]["address"],
        "aws_iam_policy.deploy"
    );
    assert_eq!(control(&report, "3.2")["status"], "pass");
    assert_eq!(control(&report, "5.6")["status"], "pass");
    assert_eq!(control(&report, "3.3")["status"], "not_covered");
    assert_eq!(control(&report, "1.7")["status"], "not_applicable");
    let summary = &report["summary"];
    let (passed, failed) = (
        summary["passed"].as_f64().unwrap(),
        summary["failed"].as_f64().unwrap(),
    );
    // exactly the controls listed as failing, and there are some
    let failing: Vec<&str> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["controls"].as_array().unwrap())
        .filter(|c| c["status"] == "fail")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(!failing.is_empty(), "{summary}");
    assert_eq!(failed, failing.len() as f64, "{summary}: {failing:?}");
    assert_eq!(
        summary["score"].as_f64().unwrap(),
        passed / (passed + failed)
    );

    let (code, text, _) = run(
        &["compliance", "--framework", "cis-aws-3.0", dir, "-q"],
        None,
    );
    assert_eq!(code, 1);
    assert!(text.contains("  FAIL  3.1"), "{text}");
    assert!(text.contains("AWS-CT-001 aws_cloudtrail.main"), "{text}");

    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("cis.html");
    let (code, _, stderr) = run(
        &[
            "compliance",
            "--framework",
            "cis-aws-3.0",
            dir,
            "--format",
            "html",
            "--output",
            page.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("wrote"), "{stderr}");
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        html.contains("<svg") && html.contains("aws_cloudtrail.main"),
        "{html}"
    );
}

#[test]
fn compliance_rejects_an_unknown_framework() {
    let (code, _, stderr) = run(&["compliance", "--framework", "cis-aws-9", "."], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown framework `cis-aws-9`"), "{stderr}");
}

const OWNER_RULE: &str = r#"
id: ACME-TAG-001
title: S3 bucket has no owner tag
severity: medium
category: data
resource_kinds: [aws_s3_bucket]
description: Every bucket needs an owner to call when it leaks.
remediation: Add an `owner` tag.
message: "bucket `{address}` has no owner tag"
violation_when:
  attribute: tags.owner
  absent: true
"#;

const BUCKETS: &str = r#"
resource "aws_s3_bucket" "owned" {
  bucket = "owned"
  tags = { owner = "team-a" }
}

resource "aws_s3_bucket" "orphan" {
  bucket = "orphan"
}
"#;

fn project_with_rule(rule: &str) -> tempfile::TempDir {
    project(&[("main.tf", BUCKETS), (".rampart/rules/tags.yaml", rule)])
}

#[test]
fn user_rules_produce_findings_in_json_and_sarif_like_builtin_rules() {
    let dir = project_with_rule(OWNER_RULE);
    let path = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = run(
        &["scan", path, "--format", "json", "--rule", "ACME-TAG-001"],
        None,
    );
    assert_eq!(code, 1, "{stderr}");
    let report: Json = serde_json::from_str(&stdout).unwrap();
    let findings: Vec<&Json> = report["findings"].as_array().unwrap().iter().collect();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["rule_id"], "ACME-TAG-001");
    assert_eq!(findings[0]["address"], "aws_s3_bucket.orphan");
    assert_eq!(
        findings[0]["message"],
        "bucket `aws_s3_bucket.orphan` has no owner tag"
    );
    assert_eq!(findings[0]["severity"], "medium");
    assert_eq!(findings[0]["line"], 7, "{report}");

    let (code, stdout, stderr) = run(&["scan", path, "--format", "sarif"], None);
    assert_eq!(code, 1, "{stderr}");
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&stdout).unwrap();
    let results = sarif.runs[0].results.as_ref().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r.rule_id.as_deref() == Some("ACME-TAG-001")),
        "{stdout}"
    );
    let json: Json = serde_json::from_str(&stdout).unwrap();
    let rules = json["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules.iter().any(|r| r["id"] == "ACME-TAG-001"),
        "rule metadata in SARIF"
    );

    // the rule also runs from the current folder's .rampart/rules when scanning a file
    let (code, stdout, _) = run(&["scan", "main.tf", "--format", "json"], Some(dir.path()));
    assert_eq!(code, 1);
    assert!(stdout.contains("ACME-TAG-001"), "{stdout}");
}

#[test]
fn a_bad_user_rule_is_an_input_error_with_file_and_line_and_the_scan_goes_on() {
    let dir = project_with_rule(&OWNER_RULE.replace("absent: true", "absnt: true"));
    let path = dir.path().to_str().unwrap();
    let (code, stdout, stderr) = run(&["scan", path, "--format", "json"], None);
    assert_eq!(
        code, 2,
        "a rule that cannot load makes the scan incomplete: {stderr}"
    );
    assert!(stderr.contains("tags.yaml:12:3:"), "{stderr}");
    assert!(stderr.contains("unknown key `absnt`"), "{stderr}");
    let report: Json = serde_json::from_str(&stdout).unwrap();
    assert!(
        !report["findings"].as_array().unwrap().is_empty(),
        "built-in rules still ran"
    );

    let clash = project_with_rule(&OWNER_RULE.replace("ACME-TAG-001", "AWS-S3-001"));
    let (code, stdout, _) = run(
        &[
            "scan",
            clash.path().to_str().unwrap(),
            "--format",
            "json",
            "-q",
        ],
        None,
    );
    assert_eq!(code, 2);
    let report: Json = serde_json::from_str(&stdout).unwrap();
    let errors = report["errors"].to_string();
    assert!(
        errors.contains("`AWS-S3-001` is already used by rule `AWS-S3-001`"),
        "{errors}"
    );
}
