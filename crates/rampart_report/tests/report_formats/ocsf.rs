//! OCSF Detection Finding: every event passes the pydantic models of `py-ocsf-models` and
//! `ocsf-emitter` and the key check of `ocsf_check.py`, in both the array and the JSON Lines
//! form; the mapping is asserted field by field; broken events are rejected by the same check.

use super::asff::{fixture_with_long_texts, render_with, settings};
use super::python_venv::{ocsf_python, run_checker};
use rampart_model::Severity;
use rampart_report::Format;
use serde_json::{Value, json};

fn ocsf_problems(text: &[u8]) -> Vec<String> {
    run_checker(&ocsf_python(), "ocsf_check.py", text)
}

fn events(format: Format) -> Vec<Value> {
    let fx = fixture_with_long_texts();
    let text = render_with(
        format,
        &fx.report(Severity::Info, false, false),
        &settings(),
    );
    match format {
        Format::OcsfJsonLines => text
            .lines()
            .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
            .collect(),
        _ => serde_json::from_str(&text).expect("a JSON array"),
    }
}

#[test]
fn ocsf_events_pass_both_published_models_as_array_and_as_json_lines() {
    let fx = fixture_with_long_texts();
    let report = fx.report(Severity::Info, false, false);
    for format in [Format::Ocsf, Format::OcsfJsonLines] {
        let text = render_with(format, &report, &settings());
        let problems = ocsf_problems(text.as_bytes());
        assert!(problems.is_empty(), "{format:?}:\n{}", problems.join("\n"));
    }
    let lines = render_with(Format::OcsfJsonLines, &report, &settings());
    assert_eq!(lines.lines().count(), 7);
    assert!(
        lines
            .lines()
            .all(|l| l.starts_with('{') && l.ends_with('}'))
    );
    assert_eq!(events(Format::Ocsf), events(Format::OcsfJsonLines));
}

#[test]
fn ocsf_events_map_the_finding_field_by_field() {
    let events = events(Format::Ocsf);
    assert_eq!(events.len(), 7);
    for e in &events {
        assert_eq!(e["class_uid"], 2004);
        assert_eq!(e["category_uid"], 2);
        assert_eq!(e["activity_id"], 1);
        assert_eq!(e["type_uid"], 200401);
        assert_eq!(e["time"], 1_796_635_800_123_i64);
        assert_eq!(e["metadata"]["version"], "1.5.0");
        assert_eq!(e["metadata"]["product"]["name"], "Rampart");
        assert_eq!(e["metadata"]["product"]["vendor_name"], "Rampart");
        assert_eq!(e["metadata"]["product"]["version"], "0.1.0");
        // a code finding is in no cloud account: no `cloud` object is invented for it
        assert!(e.get("cloud").is_none());
    }
    let data = events
        .iter()
        .find(|e| e["resources"][0]["name"] == "aws_ebs_volume.data")
        .expect("the data volume");
    assert_eq!(data["severity_id"], 4);
    assert_eq!(data["severity"], "High");
    assert_eq!(data["status_id"], 1);
    assert_eq!(data["status"], "New");
    assert_eq!(data["finding_info"]["title"], "EBS volume is not encrypted");
    assert_eq!(
        data["finding_info"]["desc"],
        "EBS volume `aws_ebs_volume.data` is not encrypted"
    );
    assert_eq!(data["finding_info"]["types"], json!(["encryption"]));
    assert_eq!(data["finding_info"]["analytic"]["uid"], "AWS-EBS-001");
    assert!(
        data["finding_info"]["uid"]
            .as_str()
            .is_some_and(|u| u.starts_with("rampart/AWS-EBS-001/"))
    );
    assert_eq!(data["resources"][0]["type"], "aws_ebs_volume");
    assert_eq!(data["resources"][0]["uid"], "main.tf:aws_ebs_volume.data");
    assert_eq!(data["resources"][0]["data"]["file"], "main.tf");
    assert_eq!(data["resources"][0]["data"]["line"], 3);
    assert_eq!(data["resources"][0]["data"]["attribute"], "encrypted");
    assert!(
        data["remediation"]["desc"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
    assert_eq!(data["unmapped"]["rampart"]["rule_id"], "AWS-EBS-001");
    let suppressed = events
        .iter()
        .find(|e| e["resources"][0]["name"] == "aws_ebs_volume.scratch")
        .expect("the suppressed volume");
    assert_eq!(suppressed["status_id"], 3);
    assert_eq!(suppressed["status"], "Suppressed");
    assert_eq!(
        suppressed["unmapped"]["rampart"]["suppressed"]["by"],
        "comment"
    );
    let severities: Vec<i64> = events
        .iter()
        .filter_map(|e| e["severity_id"].as_i64())
        .collect();
    assert!(
        severities.contains(&3) && severities.contains(&2),
        "{severities:?}"
    );
    // the same finding has the same id in ASFF and OCSF
    let asff: Vec<Value> = serde_json::from_str(&render_with(
        Format::Asff,
        &fixture_with_long_texts().report(Severity::Info, false, false),
        &settings(),
    ))
    .expect("JSON");
    let mut asff_ids: Vec<&str> = asff.iter().filter_map(|f| f["Id"].as_str()).collect();
    let mut ocsf_ids: Vec<&str> = events
        .iter()
        .filter_map(|e| e["finding_info"]["uid"].as_str())
        .collect();
    asff_ids.sort_unstable();
    ocsf_ids.sort_unstable();
    assert_eq!(asff_ids, ocsf_ids);
}

#[test]
fn the_ocsf_check_rejects_broken_events() {
    let good = events(Format::Ocsf).remove(0);
    type Corruption = (&'static str, fn(&mut Value), &'static str);
    let corruptions: [Corruption; 8] = [
        (
            "severity out of range",
            |e| e["severity_id"] = json!(7),
            "severity_id",
        ),
        (
            "misspelt top-level key",
            |e| e["finding_infos"] = json!({}),
            "finding_infos",
        ),
        (
            "misspelt nested key",
            |e| e["metadata"]["product"]["vendor"] = json!("x"),
            "vendor",
        ),
        (
            "type_uid of another activity",
            |e| e["type_uid"] = json!(200402),
            "type_uid",
        ),
        ("wrong class", |e| e["class_uid"] = json!(2003), "class_uid"),
        (
            "no time",
            |e| drop(e.as_object_mut().map(|o| o.remove("time"))),
            "time",
        ),
        (
            "no finding uid",
            |e| drop(e["finding_info"].as_object_mut().map(|o| o.remove("uid"))),
            "uid",
        ),
        (
            "old schema version",
            |e| e["metadata"]["version"] = json!("1.0.0"),
            "metadata.version",
        ),
    ];
    for (what, corrupt, expected) in corruptions {
        let mut broken = good.clone();
        corrupt(&mut broken);
        let problems = ocsf_problems(&serde_json::to_vec(&json!([broken])).expect("JSON"));
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{what}: expected a problem naming `{expected}`, got {problems:?}"
        );
    }
    let problems = ocsf_problems(b"{\"class_uid\": 2004}\nnot json\n");
    assert!(
        problems.iter().any(|p| p.contains("line 2")),
        "{problems:?}"
    );
}
