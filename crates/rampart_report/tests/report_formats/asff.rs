//! ASFF: every finding passes botocore's validator for `BatchImportFindings` and the limits
//! the Security Hub model documents (`asff_check.py`), carries what Security Hub shows, and a
//! broken finding is rejected by the same checker (so a passing run means something).

use super::common::*;
use super::python_venv::{awscli_python, run_checker};
use rampart_model::{Finding, Severity};
use rampart_report::{ASFF_RESOURCE_TYPES, FeedSettings, Format, Report, render, render_feed};
use serde_json::{Value, json};

pub fn settings() -> FeedSettings {
    FeedSettings {
        aws_account: "123456789012".into(),
        aws_region: "eu-west-1".into(),
        // 2026-12-07T09:30:00.123Z
        time_ms: 1_796_635_800_123,
    }
}

pub fn render_with(format: Format, report: &Report, settings: &FeedSettings) -> String {
    let mut out = Vec::new();
    render_feed(format, report, settings, &mut out).expect("render to a Vec never fails");
    String::from_utf8(out).expect("output is UTF-8")
}

/// The common fixture plus a finding whose title and message exceed ASFF's limits, in
/// characters of several bytes.
pub fn fixture_with_long_texts() -> Fixture {
    let mut fx = Fixture::new();
    let mut long: Finding = finding(
        ebs_rule(),
        "aws_ebs_volume.long",
        None,
        None,
        &"Übergröße 🚪 ".repeat(200),
    );
    long.title = "Ä".repeat(400).into();
    fx.findings.push(long);
    fx
}

fn asff_problems(findings: &Value, resource_types: &[&str]) -> Vec<String> {
    let input = json!({"findings": findings, "resource_types": resource_types});
    run_checker(
        &awscli_python(),
        "asff_check.py",
        &serde_json::to_vec(&input).expect("JSON"),
    )
}

fn by_generator<'a>(findings: &'a [Value], rule: &str) -> Vec<&'a Value> {
    findings
        .iter()
        .filter(|f| f["GeneratorId"] == rule)
        .collect()
}

#[test]
fn asff_findings_pass_botocore_validation_and_the_documented_limits() {
    let fx = fixture_with_long_texts();
    let report = fx.report(Severity::Info, false, false);
    let text = render_with(Format::Asff, &report, &settings());
    let findings: Vec<Value> = serde_json::from_str(&text).expect("a JSON array");
    // suppressed findings are imported too (as SUPPRESSED), so all seven are there
    assert_eq!(findings.len(), 7);
    let problems = asff_problems(&Value::Array(findings.clone()), &[]);
    assert!(
        problems.is_empty(),
        "ASFF problems:\n{}",
        problems.join("\n")
    );

    for f in &findings {
        assert_eq!(f["SchemaVersion"], "2018-10-08");
        assert_eq!(
            f["ProductArn"],
            "arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default"
        );
        assert_eq!(f["AwsAccountId"], "123456789012");
        assert_eq!(f["CreatedAt"], "2026-12-07T09:30:00.123Z");
        assert_eq!(f["UpdatedAt"], f["CreatedAt"]);
        assert_eq!(f["Compliance"]["Status"], "FAILED");
        assert_eq!(f["RecordState"], "ACTIVE");
        assert!(
            f["Title"]
                .as_str()
                .is_some_and(|t| t.chars().count() <= 256)
        );
        assert!(
            f["Description"]
                .as_str()
                .is_some_and(|d| d.chars().count() <= 1024)
        );
    }
    let ebs = by_generator(&findings, "AWS-EBS-001");
    assert_eq!(ebs.len(), 3, "data, scratch (suppressed) and long");
    let data = ebs
        .iter()
        .find(|f| f["Resources"][0]["Details"]["Other"]["Address"] == "aws_ebs_volume.data")
        .expect("the data volume");
    assert_eq!(data["Severity"]["Label"], "HIGH");
    assert_eq!(data["Severity"]["Original"], "high");
    assert_eq!(data["Workflow"]["Status"], "NEW");
    assert_eq!(data["Resources"][0]["Type"], "AwsEc2Volume");
    assert_eq!(data["Resources"][0]["Id"], "main.tf:aws_ebs_volume.data");
    assert_eq!(data["Resources"][0]["Details"]["Other"]["Line"], "3");
    assert_eq!(
        data["Resources"][0]["Details"]["Other"]["Attribute"],
        "encrypted"
    );
    assert_eq!(
        data["Types"],
        json!([
            "Software and Configuration Checks/AWS Security Best Practices",
            "Effects/Data Exposure"
        ])
    );
    assert!(
        data["Remediation"]["Recommendation"]["Text"]
            .as_str()
            .is_some_and(|t| !t.trim().is_empty())
    );
    let scratch = ebs
        .iter()
        .find(|f| f["Resources"][0]["Details"]["Other"]["Address"] == "aws_ebs_volume.scratch")
        .expect("the suppressed scratch volume");
    assert_eq!(scratch["Workflow"]["Status"], "SUPPRESSED");
    assert_eq!(scratch["ProductFields"]["rampart/SuppressedBy"], "comment");

    let long = ebs
        .iter()
        .find(|f| f["Resources"][0]["Id"] == "aws_ebs_volume.long")
        .expect("the long finding, on a resource without a file");
    let title = long["Title"].as_str().expect("title");
    assert_eq!(title.chars().count(), 256);
    assert!(title.ends_with('…') && title.starts_with("ÄÄÄ"));
    let description = long["Description"].as_str().expect("description");
    assert!(description.chars().count() <= 1024 && description.ends_with('…'));

    let ssh = by_generator(&findings, "TEST-NET-001");
    assert!(
        ssh.iter()
            .all(|f| f["Resources"][0]["Type"] == "AwsEc2SecurityGroup")
    );
    assert!(ssh.iter().all(|f| {
        f["Types"].as_array().is_some_and(|t| {
            t.iter().any(|t| {
                t.as_str()
                    .is_some_and(|t| t.ends_with("/Network Reachability"))
            })
        })
    }));
}

#[test]
fn asff_ids_are_stable_distinct_and_independent_of_the_account() {
    let fx = Fixture::new();
    let report = fx.report(Severity::Info, false, false);
    let first = render_with(Format::Asff, &report, &settings());
    assert_eq!(first, render_with(Format::Asff, &report, &settings()));
    let ids = |text: &str| -> Vec<String> {
        let findings: Vec<Value> = serde_json::from_str(text).expect("JSON");
        findings
            .iter()
            .map(|f| f["Id"].as_str().expect("Id").to_string())
            .collect()
    };
    let mut unique = ids(&first);
    let count = unique.len();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), count, "ids repeat: {unique:?}");
    let other_account = FeedSettings {
        aws_account: "210987654321".into(),
        ..settings()
    };
    // Security Hub scopes ids by account: the same code keeps its ids in every account
    let second = ids(&render_with(Format::Asff, &report, &other_account));
    assert_eq!(ids(&first), second);
    // the plain `render` cannot make a feed: it has no account, region or time
    let mut out = Vec::new();
    assert!(render(Format::Asff, &report, &mut out).is_err());
}

#[test]
fn asff_findings_below_the_threshold_are_left_out() {
    let fx = Fixture::new();
    let report = fx.report(Severity::High, false, false);
    let findings: Vec<Value> =
        serde_json::from_str(&render_with(Format::Asff, &report, &settings())).expect("JSON");
    assert_eq!(
        findings.len(),
        2,
        "only the two AWS-EBS-001 findings are high"
    );
    assert!(findings.iter().all(|f| f["GeneratorId"] == "AWS-EBS-001"));
    let empty = Fixture::empty();
    let none = render_with(
        Format::Asff,
        &empty.report(Severity::Info, false, false),
        &settings(),
    );
    assert_eq!(none, "[]\n");
}

#[test]
fn the_asff_checker_rejects_broken_findings() {
    let fx = Fixture::new();
    let report = fx.report(Severity::Info, false, false);
    let findings: Vec<Value> =
        serde_json::from_str(&render_with(Format::Asff, &report, &settings())).expect("JSON");
    let good = findings[0].clone();
    type Corruption = (&'static str, fn(&mut Value), &'static str);
    let corruptions: [Corruption; 8] = [
        (
            "missing Title",
            |f| drop(f.as_object_mut().map(|o| o.remove("Title"))),
            "Title",
        ),
        ("misspelt key", |f| f["Titel"] = json!("x"), "Titel"),
        (
            "unknown severity",
            |f| f["Severity"]["Label"] = json!("SEVERE"),
            "SEVERE",
        ),
        (
            "title too long",
            |f| f["Title"] = json!("x".repeat(257)),
            "Title",
        ),
        (
            "blank description",
            |f| f["Description"] = json!("   "),
            "Description",
        ),
        (
            "short account",
            |f| f["AwsAccountId"] = json!("12345"),
            "AwsAccountId",
        ),
        (
            "date without zone",
            |f| f["CreatedAt"] = json!("2026-12-07T09:30:00"),
            "CreatedAt",
        ),
        (
            "resources as an object",
            |f| f["Resources"] = json!({"Type": "Other"}),
            "Resources",
        ),
    ];
    for (what, corrupt, expected) in corruptions {
        let mut broken = good.clone();
        corrupt(&mut broken);
        let problems = asff_problems(&json!([broken]), &[]);
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{what}: expected a problem naming `{expected}`, got {problems:?}"
        );
    }
    // the batch limit of the API: 101 findings are two calls, each within the limit
    let many: Vec<Value> = (0..101).map(|_| good.clone()).collect();
    assert!(asff_problems(&Value::Array(many), &[]).is_empty());
}

#[test]
fn every_asff_resource_type_is_a_security_hub_resource_details_member() {
    let mut types: Vec<&str> = ASFF_RESOURCE_TYPES.iter().map(|(_, t)| *t).collect();
    types.sort_unstable();
    types.dedup();
    let problems = asff_problems(&json!([]), &types);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // and the check is live: a misspelt type is reported
    let problems = asff_problems(&json!([]), &["AwsS3Buckets"]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("AwsS3Buckets"));
}

#[test]
fn feeds_are_deterministic_and_independent_of_input_order() {
    let fx = fixture_with_long_texts();
    let mut reversed = fixture_with_long_texts();
    reversed.findings.reverse();
    reversed.rules.reverse();
    for format in [Format::Asff, Format::Ocsf, Format::OcsfJsonLines] {
        let first = render_with(
            format,
            &fx.report(Severity::Info, false, false),
            &settings(),
        );
        let again = render_with(
            format,
            &fx.report(Severity::Info, false, false),
            &settings(),
        );
        let shuffled = render_with(
            format,
            &reversed.report(Severity::Info, false, false),
            &settings(),
        );
        assert_eq!(first, again, "{format:?} twice");
        assert_eq!(first, shuffled, "{format:?} with input in another order");
        let later = FeedSettings {
            time_ms: settings().time_ms + 1000,
            ..settings()
        };
        // only the time of the scan changes with the time of the scan
        let moved = render_with(format, &fx.report(Severity::Info, false, false), &later);
        assert_ne!(first, moved, "{format:?} ignores the time");
        assert_eq!(
            first
                .replace("2026-12-07T09:30:00.123Z", "T")
                .replace("1796635800123", "T"),
            moved
                .replace("2026-12-07T09:30:01.123Z", "T")
                .replace("1796635801123", "T"),
            "{format:?}"
        );
    }
}
