//! End-to-end tests of `rampart drift --code PATH --inventory FILE` on rampart_drift's fixture
//! (code with its state, and a snapshot where an SSH rule was added by hand, a public access
//! block turned off, a tag changed, a bucket created outside code): the items, their ranking,
//! the exit status gating on `--fail-on`, filters, and the report written atomically.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use serde_json::Value as Json;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../rampart_drift/tests/fixtures")
}

fn drift(extra: &[&str]) -> (i32, String, String) {
    let code = fixtures().join("code");
    let live = fixtures().join("live.json");
    let mut args = vec![
        "drift",
        "--code",
        code.to_str().unwrap(),
        "--inventory",
        live.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    common::outcome(common::rampart().env("NO_COLOR", "1").args(&args))
}

#[test]
fn drift_reports_the_ssh_rule_added_by_hand_as_critical_with_its_revert_command() {
    let (code, out, err) = drift(&["--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let report: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(report["format"], "rampart-drift");
    let items = report["items"].as_array().unwrap();
    let first = &items[0];
    assert_eq!(first["severity"], "critical", "{first}");
    assert_eq!(first["code_address"], "aws_security_group.web");
    assert!(
        first["revert"]
            .as_str()
            .unwrap()
            .starts_with("aws ec2 revoke-security-group-ingress --group-id sg-0a1b2c3d4e5f60001"),
        "{first}"
    );
    assert!(
        first["codify"]["diff"]
            .as_str()
            .unwrap()
            .contains("from_port"),
        "{first}"
    );
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    for kind in ["changed", "unmanaged"] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    assert!(
        items.iter().any(|i| i["severity"] == "info"),
        "the changed tag is info: {items:?}"
    );
}

#[test]
fn fail_on_and_filters_decide_what_is_shown_and_the_status() {
    // only critical drift is shown, and it fails the run
    let (code, out, _) = drift(&["--format", "json", "--min-severity", "critical"]);
    assert_eq!(code, 1);
    let report: Json = serde_json::from_str(&out).unwrap();
    let items = report["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i["severity"] == "critical"),
        "{items:?}"
    );

    // only buckets: the SSH rule is filtered out, and info-level tag drift passes --fail-on high
    let (code, out, _) = drift(&[
        "--format",
        "json",
        "--resource-type",
        "aws_s3_bucket",
        "--fail-on",
        "critical",
    ]);
    assert_eq!(code, 0, "{out}");
    let report: Json = serde_json::from_str(&out).unwrap();
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["resource_type"] == "aws_s3_bucket"),
        "{report}"
    );
}

#[test]
fn text_report_is_written_atomically_and_bad_input_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("drift.txt");
    let (code, out, err) = drift(&["--output", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("aws_security_group.web"), "{text}");
    assert!(text.to_lowercase().contains("critical"), "{text}");

    std::fs::write(dir.path().join("bad.json"), "{ not json").unwrap();
    let bad = dir.path().join("bad.json");
    let code_dir = fixtures().join("code");
    let (code, _, err) = common::outcome(common::rampart().args([
        "drift",
        "--code",
        code_dir.to_str().unwrap(),
        "--inventory",
        bad.to_str().unwrap(),
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("bad.json"), "{err}");
    let (code, _, err) = common::outcome(common::rampart().args(["drift", "--code", "."]));
    assert_eq!(code, 2);
    assert!(
        err.contains("--inventory") || err.contains("--live"),
        "{err}"
    );
}
