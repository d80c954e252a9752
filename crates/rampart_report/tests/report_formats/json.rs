use super::common::*;
use rampart_model::Severity;
use rampart_report::Format;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const SCHEMA: &str = "../../docs/schemas/rampart-report.schema.json";
const DOC: &str = "../../docs/output-formats.md";

pub(super) fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&load_json(SCHEMA))
        .expect("our schema compiles without network")
}

fn finding<'a>(doc: &'a Value, address: &str, attribute: Option<&str>) -> &'a Value {
    doc["findings"]
        .as_array()
        .expect("findings is an array")
        .iter()
        .find(|f| f["address"] == address && f["attribute"] == json!(attribute))
        .unwrap_or_else(|| panic!("no finding for {address} {attribute:?}"))
}

#[test]
fn output_matches_the_published_schema_at_every_threshold() {
    let validator = validator();
    let fx = Fixture::new();
    for severity in Severity::ALL {
        for show_suppressed in [false, true] {
            let doc = render_json(Format::Json, &fx.report(severity, show_suppressed, false));
            assert_valid(&validator, &doc, &format!("json at {severity}"));
        }
    }
    let empty = Fixture::empty();
    assert_valid(
        &validator,
        &render_json(Format::Json, &empty.report(Severity::Info, false, false)),
        "empty json",
    );
}

#[test]
fn schema_rejects_what_it_should() {
    // guards against a schema so loose that validation above proves nothing
    let validator = validator();
    let fx = Fixture::new();
    let good = render_json(Format::Json, &fx.report(Severity::Info, false, false));
    let mut extra_field = good.clone();
    extra_field["findings"][0]["surprise"] = json!(1);
    assert!(!validator.is_valid(&extra_field));
    let mut bad_severity = good.clone();
    bad_severity["findings"][0]["severity"] = json!("severe");
    assert!(!validator.is_valid(&bad_severity));
    let mut missing = good;
    missing["summary"]
        .as_object_mut()
        .expect("object")
        .remove("below_threshold");
    assert!(!validator.is_valid(&missing));
}

#[test]
fn findings_carry_every_documented_field() {
    let fx = Fixture::new();
    let doc = render_json(Format::Json, &fx.report(Severity::Info, false, false));
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["tool"], json!({"name": "rampart", "version": "0.1.0"}));

    let data = finding(&doc, "aws_ebs_volume.data", Some("encrypted"));
    assert_eq!(data["rule_id"], "AWS-EBS-001");
    assert_eq!(data["severity"], "high");
    assert_eq!(data["category"], "encryption");
    assert_eq!(data["resource_kind"], "aws_ebs_volume");
    assert_eq!(data["file"], "main.tf");
    assert_eq!(
        (data["line"].clone(), data["column"].clone()),
        (json!(3), json!(3))
    );
    assert_eq!(
        (data["end_line"].clone(), data["end_column"].clone()),
        (json!(3), json!(20))
    );
    assert_eq!(data["suppressed"], Value::Null);
    assert!(
        data["aliases"]
            .as_array()
            .expect("array")
            .contains(&json!("CKV_AWS_3"))
    );
    assert_eq!(
        data["id"],
        fx.findings
            .iter()
            .find(|f| f.address == "aws_ebs_volume.data")
            .expect("fixture")
            .id
    );

    let ssh = finding(&doc, "aws_security_group.ssh", None);
    assert_eq!(ssh["file"], NET_TF);
    assert_eq!(ssh["message"], NET_MESSAGE);
    assert_eq!(ssh["attribute"], Value::Null);

    let live = finding(&doc, "aws_security_group.live", None);
    for key in ["file", "line", "column", "end_line", "end_column"] {
        assert_eq!(live[key], Value::Null, "{key} of a finding without a file");
    }
    // control characters survive as JSON escapes, unchanged
    assert_eq!(live["message"], HOSTILE_MESSAGE);
}

#[test]
fn suppressed_findings_are_always_present_and_marked() {
    let fx = Fixture::new();
    // show_suppressed only changes what people see, not the machine-readable record
    let doc = render_json(Format::Json, &fx.report(Severity::Info, false, false));
    let scratch = finding(&doc, "aws_ebs_volume.scratch", Some("encrypted"));
    assert_eq!(
        scratch["suppressed"],
        json!({"by": "comment", "reason": "scratch volume, no data"})
    );
    let egress = finding(&doc, "aws_security_group.ssh", Some("egress"));
    assert_eq!(
        egress["suppressed"],
        json!({"by": "baseline", "reason": "in baseline"})
    );
    assert_eq!(
        doc["summary"]["suppressed"],
        json!({"total": 2, "comment": 1, "config": 0, "baseline": 1})
    );
    assert_eq!(doc["summary"]["findings"], 4);
}

#[test]
fn threshold_filters_findings_and_counts_them() {
    let fx = Fixture::new();
    let doc = render_json(Format::Json, &fx.report(Severity::High, false, false));
    let addresses: BTreeSet<&str> = doc["findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["address"].as_str().expect("string"))
        .collect();
    assert_eq!(
        addresses,
        BTreeSet::from(["aws_ebs_volume.data", "aws_ebs_volume.scratch"])
    );
    let summary = &doc["summary"];
    assert_eq!(summary["min_severity"], "high");
    assert_eq!(summary["findings"], 1);
    assert_eq!(
        summary["by_severity"],
        json!({"critical": 0, "high": 1, "medium": 0, "low": 0, "info": 0})
    );
    assert_eq!(summary["below_threshold"], 3);
    assert_eq!(
        summary["suppressed"]["total"], 2,
        "suppressed are counted at any severity"
    );
}

#[test]
fn load_errors_have_file_line_column_and_level() {
    let fx = Fixture::new();
    let doc = render_json(Format::Json, &fx.report(Severity::Critical, false, false));
    assert_eq!(
        doc["errors"],
        json!([
            {"file": "broken.tf", "line": 4, "column": 7, "level": "error",
             "message": "unexpected token `}`; fix the syntax"},
            {"file": "main.tf", "line": 12, "column": 1, "level": "warning",
             "message": "remote module `git::https://x/y` not loaded; vendor it"},
        ])
    );
    assert_eq!(
        (
            doc["summary"]["errors"].clone(),
            doc["summary"]["warnings"].clone()
        ),
        (json!(1), json!(1))
    );
}

/// Every property named in the schema appears in the documentation as `name`.
#[test]
fn every_schema_field_is_documented() {
    fn collect(schema: &Value, names: &mut BTreeSet<String>) {
        match schema {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    names.extend(props.keys().cloned());
                }
                map.values().for_each(|v| collect(v, names));
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, names)),
            _ => {}
        }
    }
    fn keys(doc: &Value, out: &mut BTreeSet<String>) {
        match doc {
            Value::Object(map) => {
                out.extend(map.keys().cloned());
                map.values().for_each(|v| keys(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let mut names = BTreeSet::new();
    collect(&load_json(SCHEMA), &mut names);
    let fx = Fixture::new();
    let mut emitted = BTreeSet::new();
    keys(
        &render_json(Format::Json, &fx.report(Severity::Info, true, false)),
        &mut emitted,
    );
    // the schema names exactly what a full report emits, plus the fields this fixture has no
    // data for (a remediation, a second unknown value and its reference of an undecided check,
    // the fields of a live finding's location, and the attack-path mark of `--attack-paths`)
    emitted.extend(
        [
            "attack_path",
            "paths",
            "score",
            "raised_from",
            "also_unknown",
            "refers_to",
            "remediation",
            "provider",
            "account",
            "region",
            "console_url",
        ]
        .map(String::from),
    );
    assert_eq!(
        names, emitted,
        "schema properties vs. the fields a report emits"
    );
    let doc_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let doc = std::fs::read_to_string(&doc_path).expect("docs/output-formats.md exists");
    let undocumented: Vec<&String> = names
        .iter()
        .filter(|n| !doc.contains(&format!("`{n}`")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "fields missing from {DOC}: {undocumented:?}"
    );
}

#[test]
fn live_findings_carry_their_console_page_in_json_and_text() {
    let validator = validator();
    let mut fx = Fixture::new();
    let url = "https://portal.azure.com/#@/resource/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv";
    fx.findings[0].location = None;
    fx.findings[0].live = Some(rampart_model::LiveLocation {
        provider: "azure".into(),
        account: "s".into(),
        region: "westeurope".into(),
        id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv".into(),
        console_url: Some(url.into()),
    });
    let address = fx.findings[0].address.clone();
    let doc = render_json(Format::Json, &fx.report(Severity::Info, true, false));
    assert_valid(&validator, &doc, "json with a live finding");
    let with_url: Vec<&Value> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["live"].is_object())
        .collect();
    assert_eq!(with_url.len(), 1, "{doc}");
    assert_eq!(with_url[0]["live"]["console_url"], url);
    assert_eq!(with_url[0]["live"]["provider"], "azure");
    assert_eq!(with_url[0]["address"], address.as_str());
    assert!(with_url[0]["file"].is_null());
    let text = render_to_string(Format::Text, &fx.report(Severity::Info, true, false));
    assert!(text.contains(&format!("console: {url}")), "{text}");
}
