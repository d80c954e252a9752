use super::common::*;
use rampart_model::{LoadError, Severity};
use rampart_report::Format;
use serde_json::{Value, json};

/// The OASIS schema, compiled offline, with format checks (`uri`, `uri-reference`) on.
pub(super) fn validator() -> jsonschema::Validator {
    let mut schema = load_json("tests/data/sarif-2.1.0.json");
    // Erratum in the published file: `run.language` and `toolComponent.language` have the
    // pattern `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$` (a stray `]`), which only
    // ECMAScript's lenient mode accepts. Replace those two patterns with the intended one; we
    // never emit `language`, so this weakens no check of our output.
    for definition in ["run", "toolComponent"] {
        let language = &mut schema["definitions"][definition]["properties"]["language"]["pattern"];
        assert_eq!(
            language, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "schema file changed"
        );
        *language = json!("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
    }
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the OASIS SARIF schema compiles without network")
}

fn run(doc: &Value) -> &Value {
    let runs = doc["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1, "one run");
    &runs[0]
}

fn results(doc: &Value) -> &Vec<Value> {
    run(doc)["results"].as_array().expect("results is an array")
}

fn result_for<'a>(doc: &'a Value, address: &str, attribute: Option<&str>) -> &'a Value {
    results(doc)
        .iter()
        .find(|r| {
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == address
                && r["properties"].get("attribute").and_then(Value::as_str) == attribute
        })
        .unwrap_or_else(|| panic!("no result for {address} {attribute:?}"))
}

#[test]
fn output_is_valid_against_the_oasis_schema() {
    let validator = validator();
    let fx = Fixture::new();
    for severity in Severity::ALL {
        let doc = render_json(Format::Sarif, &fx.report(severity, false, false));
        assert_valid(&validator, &doc, &format!("sarif at {severity}"));
    }
    let empty = Fixture::empty();
    assert_valid(
        &validator,
        &render_json(Format::Sarif, &empty.report(Severity::Info, false, false)),
        "empty sarif",
    );
    // the validator does reject broken SARIF (so the checks above mean something)
    let mut broken = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(!validator.is_valid(&broken));
    // and format checks are on: an unencoded space is not a URI reference
    let mut spaced = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    spaced["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        json!("my dir/main.tf");
    assert!(
        !validator.is_valid(&spaced),
        "format `uri-reference` is not checked"
    );
}

#[test]
fn driver_lists_every_rule_that_ran_with_github_metadata() {
    let fx = Fixture::new();
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    let driver = &run(&doc)["tool"]["driver"];
    assert_eq!(driver["name"], "rampart");
    assert_eq!(driver["version"], "0.1.0");
    assert!(
        driver["informationUri"]
            .as_str()
            .expect("informationUri")
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "AWS-EBS-001",
            "TEST-IAM-001",
            "TEST-LOG-001",
            "TEST-NET-001"
        ]
    );

    let expected_scores = [
        ("AWS-EBS-001", "8.0"),
        ("TEST-IAM-001", "9.5"),
        ("TEST-LOG-001", "3.0"),
        ("TEST-NET-001", "5.5"),
    ];
    for (rule, (id, score)) in rules.iter().zip(expected_scores) {
        assert_eq!(rule["id"], id);
        let severity = rule["properties"]["security-severity"]
            .as_str()
            .expect("security-severity is a string");
        assert_eq!(severity, score, "{id}");
        assert!(
            severity.parse::<f64>().is_ok(),
            "{id}: security-severity is numeric"
        );
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .is_some_and(|t| t.contains("### Remediation"))
        );
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    let ebs = &rules[0];
    assert_eq!(ebs["name"], "EbsVolumeIsNotEncrypted");
    assert_eq!(
        ebs["helpUri"],
        "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"
    );
    assert_eq!(ebs["defaultConfiguration"]["level"], "error");
    let tags = ebs["properties"]["tags"].as_array().expect("tags");
    for tag in [
        "encryption",
        "aws",
        "CKV_AWS_3",
        "compliance:cis-aws-3.0:2.2.1",
        "compliance:pci-dss-4.0:3.5.1",
    ] {
        assert!(tags.contains(&json!(tag)), "tag {tag} in {tags:?}");
    }
    let help = ebs["help"]["text"].as_str().expect("help text");
    assert!(help.contains("Remediation: Set `encrypted = true`"));
    assert!(help.contains("https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"));
}

#[test]
fn every_result_points_at_its_rule_and_a_relative_uri() {
    let fx = Fixture::new();
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    let rules = run(&doc)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    assert_eq!(results(&doc).len(), 6, "all findings incl. suppressed ones");
    for result in results(&doc) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex matches ruleId"
        );
        assert!(
            result["partialFingerprints"]["rampartFindingId/v1"]
                .as_str()
                .is_some_and(|f| f.len() == 16)
        );
        if let Some(artifact) = result["locations"][0].get("physicalLocation") {
            let uri = artifact["artifactLocation"]["uri"].as_str().expect("uri");
            assert!(
                !uri.starts_with('/') && !uri.contains('\\') && !uri.contains(' '),
                "uri {uri}"
            );
            assert_eq!(artifact["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        }
    }
    let ssh = result_for(&doc, "aws_security_group.ssh", None);
    assert_eq!(ssh["message"]["text"], NET_MESSAGE);
    assert_eq!(ssh["level"], "warning");
    let physical = &ssh["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "modules/my%20net/%C3%B1et.tf"
    );
    assert_eq!(
        physical["region"],
        json!({"startLine": 1, "startColumn": 1, "endLine": 10, "endColumn": 2})
    );

    let data = result_for(&doc, "aws_ebs_volume.data", Some("encrypted"));
    assert_eq!(data["level"], "error");
    assert_eq!(
        data["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 3, "startColumn": 3, "endLine": 3, "endColumn": 20})
    );
    assert!(data.get("suppressions").is_none());
    assert_eq!(
        result_for(&doc, "aws_s3_bucket.logs", None)["level"],
        "note"
    );

    let live = result_for(&doc, "aws_security_group.live", None);
    assert!(live["locations"][0].get("physicalLocation").is_none());
    assert_eq!(
        live["locations"][0]["logicalLocations"][0]["kind"],
        "resource"
    );
}

#[test]
fn suppressions_say_where_they_live_and_why() {
    let fx = Fixture::new();
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    let scratch = result_for(&doc, "aws_ebs_volume.scratch", Some("encrypted"));
    assert_eq!(
        scratch["suppressions"],
        json!([{"kind": "inSource", "justification": "scratch volume, no data", "status": "accepted"}])
    );
    let egress = result_for(&doc, "aws_security_group.ssh", Some("egress"));
    assert_eq!(egress["suppressions"][0]["kind"], "external");
    assert_eq!(egress["suppressions"][0]["justification"], "in baseline");
}

#[test]
fn load_problems_are_execution_notifications() {
    let fx = Fixture::new();
    let doc = render_json(Format::Sarif, &fx.report(Severity::Critical, false, false));
    let invocation = &run(&doc)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["message"]["text"],
        "broken.tf:4:7: unexpected token `}`; fix the syntax"
    );
    let location = &notes[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "broken.tf");
    assert_eq!(
        location["region"],
        json!({"startLine": 4, "startColumn": 7})
    );
    assert_eq!(notes[1]["level"], "warning");

    // warnings alone leave the execution successful; a whole-file error (line 0) has no region
    let mut warnings_only = Fixture::new();
    warnings_only.errors = vec![
        LoadError::warning("a.tf", 1, 1, "value unknown"),
        LoadError::warning("b.tf", 0, 0, "file skipped: too large"),
    ];
    let doc = render_json(
        Format::Sarif,
        &warnings_only.report(Severity::Info, false, false),
    );
    assert_valid(&validator(), &doc, "sarif with a line-0 warning");
    let invocation = &run(&doc)["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert!(
        invocation["toolExecutionNotifications"][1]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
}

#[test]
fn threshold_drops_results_but_keeps_rule_metadata() {
    let fx = Fixture::new();
    let doc = render_json(Format::Sarif, &fx.report(Severity::High, false, false));
    let ids: Vec<&str> = results(&doc)
        .iter()
        .map(|r| r["ruleId"].as_str().expect("ruleId"))
        .collect();
    assert_eq!(ids, ["AWS-EBS-001", "AWS-EBS-001"]);
    assert_eq!(
        run(&doc)["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .len(),
        4
    );
}

#[test]
fn absolute_and_windows_paths_become_file_uris() {
    let mut fx = Fixture::new();
    fx.findings.truncate(0);
    fx.errors = vec![
        LoadError::error("/home/ci/my repo/main.tf", 1, 1, "bad"),
        LoadError::error("C:\\src\\main.tf", 2, 1, "bad"),
        LoadError::error(".\\nested\\dir\\x.tf", 3, 1, "bad"),
    ];
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    assert_valid(&validator(), &doc, "sarif with absolute paths");
    let uris: Vec<Value> = run(&doc)["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .expect("notifications")
        .iter()
        .map(|n| n["locations"][0]["physicalLocation"]["artifactLocation"].clone())
        .collect();
    for expected in [
        json!({"uri": "file:///home/ci/my%20repo/main.tf"}),
        json!({"uri": "file:///C:/src/main.tf"}),
        json!({"uri": "nested/dir/x.tf", "uriBaseId": "%SRCROOT%"}),
    ] {
        assert!(uris.contains(&expected), "{expected} not in {uris:?}");
    }
}

#[test]
fn a_finding_of_a_rule_not_in_the_list_still_gets_a_matching_rule_index() {
    let mut fx = Fixture::new();
    fx.rules.retain(|r| r.id != "TEST-NET-001");
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    assert_valid(&validator(), &doc, "sarif with a missing rule");
    let rules = run(&doc)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    for result in results(&doc) {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(rules.last().expect("rule")["id"], "TEST-NET-001");
}

#[test]
fn rule_metadata_carries_the_declared_fix_support() {
    let fx = Fixture::new();
    let doc = render_json(Format::Sarif, &fx.report(Severity::Info, false, false));
    let rules = run(&doc)["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    let fix_of = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["properties"]["rampart/fix"].clone())
            .expect("rule listed")
    };
    let ebs = ebs_rule();
    assert!(ebs.fix_support.is_auto(), "AWS-EBS-001 declares a fix");
    assert_eq!(
        fix_of("AWS-EBS-001"),
        json!({
            "formats": ebs.fix_support.formats(),
            "safety": ebs.fix_support.safety().map(|s| s.as_str()),
        })
    );
    assert_eq!(
        fix_of("TEST-NET-001"),
        json!({"formats": [], "safety": "none"})
    );
}
