//! Checks left undecided by an unknown value: counted in every format, listed on request in
//! text, always carried by JSON, SARIF and JUnit, and valid against both schemas.

use super::common::*;
use rampart_model::{Severity, Undecided};
use rampart_report::Format;
use serde_json::json;

fn with_undecided() -> Fixture {
    let mut fx = Fixture::new();
    fx.undecided = vec![
        Undecided {
            rule_id: "AWS-EBS-001".into(),
            address: "aws_ebs_volume.data".into(),
            resource_kind: "aws_ebs_volume".into(),
            location: Some(span_of(MAIN_TF, MAIN_TEXT, "size      = 10", 0)),
            attribute: "encrypted".into(),
            refers_to: None,
            because: None,
            also_unknown: vec![],
            from_template: false,
        },
        Undecided {
            rule_id: "AWS-EBS-001".into(),
            address: "aws_ebs_volume.scratch".into(),
            resource_kind: "aws_ebs_volume".into(),
            location: None,
            attribute: "kms_key_id".into(),
            refers_to: Some("aws_kms_key.k".into()),
            because: None,
            also_unknown: vec!["encrypted".into()],
            from_template: false,
        },
    ];
    fx
}

#[test]
fn text_counts_them_and_lists_them_only_when_asked() {
    let fx = with_undecided();
    let mut report = fx.report(Severity::Info, false, false);
    let quiet = render_to_string(Format::Text, &report);
    assert!(
        quiet.contains("; 2 checks undecided (--show-undecided lists them)"),
        "{quiet}"
    );
    assert!(!quiet.contains("undecided checks"), "{quiet}");
    report.show_undecided = true;
    let listed = render_to_string(Format::Text, &report);
    assert!(listed.contains("undecided checks"), "{listed}");
    assert!(
        listed.contains("main.tf:2: AWS-EBS-001 aws_ebs_volume.data: `encrypted` is unknown"),
        "{listed}"
    );
    assert!(
        listed.contains("computed from `aws_kms_key.k`")
            && listed.contains("also unknown: encrypted"),
        "{listed}"
    );
    // the source line, as written, under the undecided check that has one
    assert!(listed.contains("    2 |   size      = 10\n"), "{listed}");
    // no undecided check, no mention
    let none = render_to_string(
        Format::Text,
        &Fixture::new().report(Severity::Info, false, false),
    );
    assert!(!none.contains("undecided"), "{none}");
}

#[test]
fn json_lists_them_and_matches_the_schema() {
    let fx = with_undecided();
    let doc = render_json(Format::Json, &fx.report(Severity::Info, false, false));
    assert_valid(
        &super::json::validator(),
        &doc,
        "json with undecided checks",
    );
    assert_eq!(doc["summary"]["undecided"], json!(2));
    let first = &doc["undecided"][0];
    assert_eq!(first["rule_id"], "AWS-EBS-001");
    assert_eq!(first["address"], "aws_ebs_volume.data");
    assert_eq!(
        (first["file"].clone(), first["line"].clone()),
        (json!(MAIN_TF), json!(2))
    );
    assert_eq!(first["refers_to"], json!(null));
    assert_eq!(doc["undecided"][1]["refers_to"], "aws_kms_key.k");
    let empty = render_json(
        Format::Json,
        &Fixture::new().report(Severity::Info, false, false),
    );
    assert_eq!(empty["undecided"], json!([]));
    assert_eq!(empty["summary"]["undecided"], json!(0));
}

#[test]
fn sarif_has_them_as_note_notifications_naming_the_rule() {
    let fx = with_undecided();
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    assert_valid(
        &super::sarif::validator(),
        &doc,
        "sarif with undecided checks",
    );
    let notes: Vec<_> = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .filter(|n| n["level"] == "note")
        .collect();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["associatedRule"]["id"], "AWS-EBS-001");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("undecided: main.tf:2: AWS-EBS-001")),
        "{}",
        notes[0]
    );
    // not results: nothing was found, so code scanning must not open an alert
    let results = doc["runs"][0]["results"].as_array().expect("results");
    let plain = render_json(
        Format::Sarif,
        &Fixture::new().report(Severity::Info, false, false),
    );
    assert_eq!(
        results.len(),
        plain["runs"][0]["results"]
            .as_array()
            .expect("results")
            .len()
    );
}

#[test]
fn junit_has_them_as_skipped_cases_of_their_rule() {
    let fx = with_undecided();
    let xml = render_to_string(Format::Junit, &fx.report(Severity::Info, false, false));
    assert_eq!(xml.matches("type=\"undecided\"").count(), 2, "{xml}");
    assert!(xml.contains("`encrypted` is unknown statically"), "{xml}");
}
