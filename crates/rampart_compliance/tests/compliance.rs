//! The embedded mapping files parse, name only real rule ids, and have unique ids; evaluation
//! gives pass / fail / not covered / not applicable as documented, scores sections, and its
//! JSON form reads back into the same report.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_compliance::{
    ComplianceReport, ControlStatus, controls_for_rule, evaluate, framework, frameworks,
    parse_framework, render_text, validate,
};
use rampart_model::span::LineIndex;
use rampart_model::{Inventory, Origin, Resource, Value};
use rampart_rules::{EngineOptions, builtin_rules, run_rules};
use std::sync::Arc;

const FRAMEWORK_IDS: [&str; 11] = [
    "cis-aws-3.0",
    "cis-azure-2.1",
    "cis-gcp-2.0",
    "cis-kubernetes-1.9",
    "pci-dss-4.0",
    "soc2-tsc-2017",
    "hipaa-164.312",
    "gdpr-art32",
    "nist-csf-2.0",
    "nist-800-53-r5",
    "iso-27001-2022",
];

#[test]
fn every_mapping_file_parses_and_names_only_real_rules() {
    let all = frameworks().unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = all.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, FRAMEWORK_IDS);
    let problems = validate(all, &builtin_rules());
    assert!(problems.is_empty(), "{problems:#?}");
    for f in all {
        assert!(f.source.starts_with("https://"), "{}", f.id);
        assert!(f.control_count() > 0, "{}", f.id);
        for c in f.controls() {
            assert!(
                !c.title.is_empty() && c.title.len() < 120,
                "{}: {} title",
                f.id,
                c.id
            );
        }
    }
    // the CIS AWS file covers a real share of the benchmark, and gaps stay listed
    let cis = framework("CIS-AWS-3.0").unwrap().unwrap();
    assert_eq!(cis.control_count(), 61);
    // the covered controls are exactly those the registry's rules name (looked up per rule)
    let covered: std::collections::BTreeSet<String> = cis
        .controls()
        .filter(|c| !c.rules.is_empty())
        .map(|c| c.id.clone())
        .collect();
    let named_by_rules: std::collections::BTreeSet<String> = builtin_rules()
        .iter()
        .flat_map(|r| controls_for_rule(r.id))
        .filter(|c| c.framework == "cis-aws-3.0")
        .map(|c| c.control)
        .collect();
    assert_eq!(covered, named_by_rules);
    assert_eq!(cis.covered_count(), covered.len());
    assert!(cis.controls().any(|c| c.id == "4.16" && c.rules.is_empty()));
}

#[test]
fn validation_catches_unknown_rules_and_duplicates() {
    let text = r#"
id = "x"
title = "X"
version = "1"
source = "https://example.com"
[[sections]]
id = "1"
title = "S"
controls = [
  { id = "1.1", title = "a", rules = ["AWS-EBS-001", "NOPE-001"] },
  { id = "1.1", title = "b", rules = ["CKV_AWS_3"] },
]
"#;
    let f = parse_framework("x.toml", text).unwrap();
    let problems = validate(&[f.clone(), f], &builtin_rules());
    let joined = problems.join("\n");
    assert!(
        joined.contains("`NOPE-001`, which is not a rule id"),
        "{joined}"
    );
    assert!(
        joined.contains("`CKV_AWS_3`, which is not a rule id"),
        "aliases are not ids: {joined}"
    );
    assert!(joined.contains("control `1.1` is listed twice"), "{joined}");
    assert!(
        joined.contains("framework id `x` is used twice"),
        "{joined}"
    );
}

#[test]
fn a_malformed_mapping_file_is_an_error_with_its_line() {
    let text = "id = \"x\"\ntitle = \"X\"\nversion = \"1\"\nsource = \"s\"\nsectons = []\n";
    let e = parse_framework("x.toml", text).unwrap_err();
    assert_eq!(e.line, 5, "{e}");
    assert!(e.to_string().starts_with("compliance/x.toml:5:"), "{e}");
}

#[test]
fn controls_for_rule_is_derived_from_the_mapping_files() {
    let controls = controls_for_rule("AWS-EC2-007");
    assert!(
        controls
            .iter()
            .any(|c| c.framework == "cis-aws-3.0" && c.control == "5.6"),
        "{controls:?}"
    );
    let cis = controls
        .iter()
        .find(|c| c.framework == "cis-aws-3.0")
        .expect("AWS-EC2-007 evidences a CIS AWS control");
    assert_eq!(
        cis.framework_title,
        "CIS Amazon Web Services Foundations Benchmark"
    );
    assert!(!cis.title.is_empty());
    assert_eq!(cis.tag(), format!("cis-aws-3.0:{}", cis.control));
    assert!(controls_for_rule("NOPE-001").is_empty());
}

fn resource(kind: &str, address: &str, attributes: serde_json::Value) -> Resource {
    let file: Arc<str> = Arc::from("main.tf");
    let text = "resource {}\n";
    let span = LineIndex::new(text).span(&file, text, 0, text.len());
    let mut r = Resource::new(kind, address, Origin::Code { span });
    if let Value::Map(m) = Value::from_json(&attributes) {
        r.attributes = m;
    }
    r
}

/// An inventory with one passing and one failing CIS control, and nothing for RDS.
fn scan() -> ComplianceReport {
    let inventory = Inventory::new(vec![
        resource(
            "aws_cloudtrail",
            "aws_cloudtrail.main",
            serde_json::json!({"is_multi_region_trail": true, "enable_log_file_validation": false, "kms_key_id": "arn:aws:kms:us-east-1:111122223333:key/k"}),
        ),
        resource(
            "aws_kms_key",
            "aws_kms_key.k",
            serde_json::json!({"enable_key_rotation": true}),
        ),
    ]);
    let rules = builtin_rules();
    let findings = run_rules(&inventory, &rules, &EngineOptions::default());
    let cis = framework("cis-aws-3.0").unwrap().unwrap();
    evaluate(cis, &inventory, &rules, &findings)
}

fn status(report: &ComplianceReport, id: &str) -> ControlStatus {
    report
        .sections
        .iter()
        .flat_map(|s| &s.controls)
        .find(|c| c.id == id)
        .map(|c| c.status)
        .unwrap_or_else(|| panic!("no control {id}"))
}

#[test]
fn evaluation_gives_every_status_and_scores() {
    let report = scan();
    assert_eq!(status(&report, "3.1"), ControlStatus::Pass);
    assert_eq!(status(&report, "3.6"), ControlStatus::Pass);
    assert_eq!(status(&report, "3.2"), ControlStatus::Fail);
    assert_eq!(status(&report, "3.3"), ControlStatus::NotCovered);
    assert_eq!(status(&report, "2.3.1"), ControlStatus::NotApplicable);
    let failed = report
        .sections
        .iter()
        .flat_map(|s| &s.controls)
        .find(|c| c.id == "3.2")
        .unwrap();
    assert_eq!(failed.failing.len(), 1);
    assert_eq!(failed.failing[0].address, "aws_cloudtrail.main");
    assert_eq!(failed.failing[0].file.as_deref(), Some("main.tf"));
    assert_eq!(failed.failing[0].line, Some(1));

    let logging = report.sections.iter().find(|s| s.id == "3").unwrap();
    assert_eq!(logging.counts.failed, 1);
    // exactly the controls of the section that pass, and there are some
    let passing: Vec<&str> = logging
        .controls
        .iter()
        .filter(|c| c.status == ControlStatus::Pass)
        .map(|c| c.id.as_str())
        .collect();
    assert!(
        passing.len() >= 2,
        "the scan evidences two logging controls: {passing:?}"
    );
    assert_eq!(logging.counts.passed, passing.len(), "{passing:?}");
    let expected = logging.counts.passed as f64 / (logging.counts.passed + 1) as f64;
    assert_eq!(logging.counts.score, Some(expected));
    let monitoring = report.sections.iter().find(|s| s.id == "4").unwrap();
    assert_eq!(monitoring.counts.score, None, "nothing judged, no score");
    let s = &report.summary;
    assert_eq!(
        s.controls,
        s.passed + s.failed + s.not_covered + s.not_applicable
    );
    assert_eq!(s.controls, 61);
}

#[test]
fn json_output_reads_back_into_the_same_report() {
    let report = scan();
    let json = serde_json::to_string_pretty(&report).unwrap();
    assert!(json.contains("\"status\": \"not_applicable\""), "{json}");
    let back: ComplianceReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
}

#[test]
fn text_output_lists_statuses_failing_resources_and_the_score() {
    let report = scan();
    let text = render_text(&report);
    assert!(
        text.contains("CIS Amazon Web Services Foundations Benchmark 3.0.0 (cis-aws-3.0)"),
        "{text}"
    );
    assert!(text.contains("  FAIL  3.2"), "{text}");
    assert!(
        text.contains("AWS-CT-002 aws_cloudtrail.main  main.tf:1"),
        "{text}"
    );
    assert!(text.contains("  N/C   3.3"), "{text}");
    assert!(text.contains("  N/A   2.3.1"), "{text}");
    let percent = report.summary.percent().unwrap();
    assert!(text.contains(&format!("score: {percent}%")), "{text}");
}
