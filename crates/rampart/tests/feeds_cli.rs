//! `rampart scan --format asff|ocsf|ocsf-jsonl` end to end: every rule's fixtures (so every
//! rule, resource kind and source format) rendered by the binary and checked with the same
//! validators as the report tests (botocore's Security Hub model; py-ocsf-models and
//! ocsf-emitter), and the account, region and time settings with their precedence.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "../../rampart_report/tests/report_formats/python_venv.rs"]
mod python_venv;

use common::{outcome, project, rampart};
use serde_json::{Value as Json, json};
use std::path::PathBuf;

const UNENCRYPTED: &str =
    "resource \"aws_ebs_volume\" \"data\" {\n  size = 10\n  encrypted = false\n}\n";

fn rule_fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../rampart_rules/fixtures")
}

/// `rampart scan PATH --format FORMAT ARGS` with a fixed time; returns (code, stdout, stderr).
fn scan(path: &std::path::Path, format: &str, extra: &[&str]) -> (i32, String, String) {
    outcome(
        rampart()
            .env("SOURCE_DATE_EPOCH", "1796635800")
            .env_remove("AWS_REGION")
            .env_remove("AWS_DEFAULT_REGION")
            .arg("scan")
            .arg(path)
            .args(["--format", format, "--quiet"])
            .args(extra),
    )
}

fn json_findings(path: &std::path::Path) -> usize {
    let (_, stdout, _) = scan(path, "json", &[]);
    let report: Json = serde_json::from_str(&stdout).unwrap();
    report["findings"].as_array().unwrap().len()
}

#[test]
fn asff_of_every_rule_fixture_passes_the_security_hub_model() {
    let fixtures = rule_fixtures();
    let (code, stdout, stderr) = scan(
        &fixtures,
        "asff",
        &[
            "--asff-account",
            "123456789012",
            "--asff-region",
            "eu-central-1",
        ],
    );
    assert!(code == 1 || code == 2, "exit {code}: {stderr}");
    let findings: Json = serde_json::from_str(&stdout).unwrap();
    let list = findings.as_array().unwrap();
    assert_eq!(
        list.len(),
        json_findings(&fixtures),
        "one ASFF finding per JSON finding"
    );
    assert!(list.len() > 300, "only {} findings", list.len());
    let problems = python_venv::run_checker(
        &python_venv::awscli_python(),
        "asff_check.py",
        &serde_json::to_vec(&json!({"findings": findings})).unwrap(),
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        list.iter()
            .all(|f| f["CreatedAt"] == "2026-12-07T09:30:00.000Z")
    );
    assert!(list.iter().all(|f| f["Region"] == "eu-central-1"));
    // the fixtures hold code of every source format; AWS kinds get their ASFF type
    let types: std::collections::BTreeSet<&str> = list
        .iter()
        .filter_map(|f| f["Resources"][0]["Type"].as_str())
        .collect();
    for expected in [
        "AwsS3Bucket",
        "AwsEc2SecurityGroup",
        "AwsIamPolicy",
        "Other",
    ] {
        assert!(types.contains(expected), "no {expected} among {types:?}");
    }
}

#[test]
fn ocsf_of_every_rule_fixture_passes_both_ocsf_models() {
    let fixtures = rule_fixtures();
    let count = json_findings(&fixtures);
    for format in ["ocsf", "ocsf-jsonl"] {
        let (code, stdout, stderr) = scan(&fixtures, format, &[]);
        assert!(code == 1 || code == 2, "{format}: exit {code}: {stderr}");
        let events = if format == "ocsf" {
            serde_json::from_str::<Json>(&stdout)
                .unwrap()
                .as_array()
                .unwrap()
                .len()
        } else {
            stdout.lines().count()
        };
        assert_eq!(events, count, "{format}: one event per finding");
        let problems = python_venv::run_checker(
            &python_venv::ocsf_python(),
            "ocsf_check.py",
            stdout.as_bytes(),
        );
        assert!(
            problems.is_empty(),
            "{format}: {} problems:\n{}",
            problems.len(),
            problems.join("\n")
        );
    }
}

#[test]
fn asff_account_and_region_come_from_flags_over_config_over_environment() {
    let dir = project(&[
        ("main.tf", UNENCRYPTED),
        (
            ".rampart.toml",
            "[asff]\naccount = \"111111111111\"\nregion = \"eu-west-3\"\n",
        ),
    ]);
    let first = |stdout: &str| -> Json { serde_json::from_str::<Json>(stdout).unwrap()[0].clone() };
    let (code, stdout, stderr) = scan(dir.path(), "asff", &[]);
    assert_eq!(code, 1, "{stderr}");
    let f = first(&stdout);
    assert_eq!(f["AwsAccountId"], "111111111111");
    assert_eq!(
        f["ProductArn"],
        "arn:aws:securityhub:eu-west-3:111111111111:product/111111111111/default"
    );
    let (_, stdout, _) = scan(
        dir.path(),
        "asff",
        &[
            "--asff-account",
            "222222222222",
            "--asff-region",
            "cn-north-1",
        ],
    );
    let f = first(&stdout);
    assert_eq!(f["AwsAccountId"], "222222222222");
    assert_eq!(
        f["ProductArn"],
        "arn:aws-cn:securityhub:cn-north-1:222222222222:product/222222222222/default"
    );
    assert_eq!(f["Resources"][0]["Partition"], "aws-cn");

    // no flag, no config: the environment's region, and the placeholder account with a note
    let bare = project(&[("main.tf", UNENCRYPTED)]);
    let (code, stdout, stderr) = outcome(
        rampart()
            .env("AWS_REGION", "ap-south-1")
            .arg("scan")
            .arg(bare.path())
            .args(["--format", "asff"]),
    );
    assert_eq!(code, 1, "{stderr}");
    let f = first(&stdout);
    assert_eq!(f["AwsAccountId"], "000000000000");
    assert_eq!(f["Region"], "ap-south-1");
    assert!(stderr.contains("--asff-account"), "{stderr}");
}

#[test]
fn malformed_feed_settings_are_usage_errors() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, _, stderr) = scan(dir.path(), "asff", &["--asff-account", "12345"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("twelve digits"), "{stderr}");
    let (code, _, stderr) = scan(dir.path(), "ocsf", &["--asff-region", "Mars"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = outcome(
        rampart()
            .env("SOURCE_DATE_EPOCH", "yesterday")
            .arg("scan")
            .arg(dir.path())
            .args(["--format", "ocsf"]),
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("SOURCE_DATE_EPOCH"), "{stderr}");
    // formats that carry no time ignore it
    let (code, _, stderr) = outcome(
        rampart()
            .env("SOURCE_DATE_EPOCH", "yesterday")
            .arg("scan")
            .arg(dir.path())
            .args(["--format", "json"]),
    );
    assert_eq!(code, 1, "{stderr}");
}

/// The first fenced JSON block after `heading` in docs/output-formats.md.
fn documented_example(heading: &str) -> Json {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/output-formats.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let section = &doc[doc.find(heading).unwrap_or_else(|| panic!("no {heading}"))..];
    let start = section.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = start
        + section[start..]
            .find("\n```")
            .expect("the end of the example");
    serde_json::from_str(&section[start..end]).unwrap_or_else(|e| panic!("{heading}: {e}"))
}

#[test]
fn the_documented_examples_are_what_the_binary_writes() {
    let dir = project(&[(
        "main.tf",
        "resource \"aws_ebs_volume\" \"data\" {\n  size      = 10\n  encrypted = false\n}\n",
    )]);
    let run = |format: &str, extra: &[&str]| -> Json {
        let (_, stdout, stderr) = outcome(
            rampart()
                .current_dir(dir.path())
                .env("SOURCE_DATE_EPOCH", "1796635800")
                .args(["scan", "main.tf", "--quiet", "--format", format])
                .args(extra),
        );
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{format}: {e}: {stderr}"))
    };
    let asff = run(
        "asff",
        &[
            "--asff-account",
            "123456789012",
            "--asff-region",
            "eu-west-1",
        ],
    );
    assert_eq!(asff, documented_example("## ASFF (AWS Security Hub)"));
    let ocsf = run("ocsf", &[]);
    assert_eq!(ocsf[0], documented_example("## OCSF Detection Finding"));
}
