//! Drift between `fixtures/code` (Terraform plus the state it was applied with) and
//! `fixtures/live.json` (a snapshot of the account after changes by hand): each drift the
//! fixtures plant is found with the severity, rule and remediations it must have, and each
//! thing that is not drift (a policy written differently, an Unknown in code) is not reported.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use rampart_drift::*;
use rampart_fix::verify::Workspace;
use rampart_ingest::LoadOptions;
use rampart_model::{Edit, Severity};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn live_text() -> String {
    std::fs::read_to_string(fixtures().join("live.json")).unwrap()
}

fn live() -> LiveInventory {
    LiveInventory::from_snapshot_text("live.json", &live_text()).unwrap()
}

fn code() -> &'static Workspace {
    static CODE: OnceLock<Workspace> = OnceLock::new();
    CODE.get_or_init(|| load_code(&[fixtures().join("code")], &LoadOptions::default()))
}

fn report() -> &'static DriftReport {
    static REPORT: OnceLock<DriftReport> = OnceLock::new();
    REPORT.get_or_init(|| compare(code(), &live(), &Options::default()))
}

fn items<'a>(report: &'a DriftReport, address: &str) -> Vec<&'a DriftItem> {
    report
        .items
        .iter()
        .filter(|i| {
            i.code_address.as_deref() == Some(address) || i.live_address.as_deref() == Some(address)
        })
        .collect()
}

fn item<'a>(report: &'a DriftReport, address: &str, attribute: Option<&str>) -> &'a DriftItem {
    let found: Vec<&DriftItem> = items(report, address)
        .into_iter()
        .filter(|i| i.attribute.as_deref() == attribute)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one item for {address} {attribute:?}, got:\n{}",
        report.render_text()
    );
    found[0]
}

/// The code texts with a codify edit applied, written to a fresh folder beside the state, and
/// compared again: an independent check of what `codify` claims.
fn compare_after(edits: &[Edit]) -> DriftReport {
    let dir = tempfile::tempdir().unwrap();
    for name in ["main.tf", "terraform.tfstate"] {
        let path = fixtures().join("code").join(name);
        let mut text = std::fs::read_to_string(&path).unwrap();
        let mut mine: Vec<&Edit> = edits
            .iter()
            .filter(|e| Path::new(&e.file) == path)
            .collect();
        mine.sort_by_key(|e| std::cmp::Reverse(e.start_byte));
        for e in mine {
            text.replace_range(e.start_byte..e.end_byte, &e.replacement);
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let ws = load_code(&[dir.path().to_path_buf()], &LoadOptions::default());
    compare(&ws, &live(), &Options::default())
}

#[test]
fn the_code_loads_without_errors() {
    let errors: Vec<_> = code()
        .loaded
        .errors
        .iter()
        .filter(|e| e.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn an_ssh_rule_added_by_hand_to_the_internet_is_critical() {
    let r = report();
    let i = item(r, "aws_security_group.web", Some("ingress"));
    assert_eq!(i.kind, DriftKind::Changed);
    assert_eq!(i.severity, Severity::Critical);
    // the group's name would match too; the state's id is tried first
    assert_eq!(i.matched_by, Some(MatchedBy::StateId));
    assert!(
        i.introduced.iter().any(|h| h.rule_id == "AWS-EC2-001"),
        "{i:?}"
    );
    // only the rule added by hand is a difference; the https rule is the code's
    assert_eq!(i.diffs.len(), 1, "{:?}", i.diffs);
    assert!(i.diffs[0].code.is_null());
    assert_eq!(i.diffs[0].live["from_port"], 22);
    assert!(i.sentence.contains("SSH (22)"), "{}", i.sentence);
    assert!(i.sentence.ends_with('.') && !i.sentence.trim_end_matches('.').contains(". "));
    assert_eq!(
        i.revert.as_deref(),
        Some(
            "aws ec2 revoke-security-group-ingress --group-id sg-0a1b2c3d4e5f60001 --ip-permissions '[{\"IpProtocol\":\"tcp\",\"FromPort\":22,\"ToPort\":22,\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]' --region us-east-1"
        )
    );
}

#[test]
fn the_ssh_codify_edit_adds_the_rule_and_the_drift_is_gone_after_it() {
    let i = item(report(), "aws_security_group.web", Some("ingress"));
    let codify = i.codify.as_ref().expect("a verified codify edit");
    assert!(
        codify.diff.contains("+    from_port   = 22"),
        "{}",
        codify.diff
    );
    // the https block keeps its own text (its description), nothing else is rewritten
    assert!(
        !codify.diff.contains("-    description = \"https\""),
        "{}",
        codify.diff
    );
    let after = compare_after(&codify.edits);
    assert!(
        items(&after, "aws_security_group.web")
            .iter()
            .all(|i| i.attribute.as_deref() != Some("ingress")),
        "{}",
        after.render_text()
    );
    // the other drift is still there: the edit touched only what it says
    assert!(
        items(&after, "aws_security_group.web")
            .iter()
            .any(|i| i.attribute.as_deref() == Some("tags"))
    );
}

#[test]
fn a_public_access_block_turned_off_is_high_with_the_exact_revert() {
    let r = report();
    for (flag, rule) in [
        ("block_public_acls", "AWS-S3-008"),
        ("block_public_policy", "AWS-S3-009"),
        ("ignore_public_acls", "AWS-S3-010"),
        ("restrict_public_buckets", "AWS-S3-011"),
    ] {
        let i = item(r, "aws_s3_bucket_public_access_block.data", Some(flag));
        assert_eq!(i.severity, Severity::High, "{flag}");
        // no state entry for the block: matched by the bucket its reference names
        assert_eq!(i.matched_by, Some(MatchedBy::BucketName));
        assert_eq!(
            i.introduced
                .iter()
                .map(|h| h.rule_id.as_str())
                .collect::<Vec<_>>(),
            vec![rule]
        );
        assert_eq!(
            i.revert.as_deref(),
            Some(
                "aws s3api put-public-access-block --bucket acme-data --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region us-east-1"
            )
        );
        let codify = i.codify.as_ref().expect("verified codify");
        assert!(
            codify.diff.contains(&format!("+  {flag}")),
            "{}",
            codify.diff
        );
        assert!(codify.diff.contains("= false"));
    }
}

#[test]
fn a_changed_tag_is_info_and_its_codify_edit_keeps_the_layout() {
    let i = item(report(), "aws_security_group.web", Some("tags"));
    assert_eq!(i.severity, Severity::Info);
    assert!(i.introduced.is_empty());
    assert_eq!(i.diffs.len(), 1);
    assert_eq!(i.diffs[0].path, "tags.Owner");
    assert_eq!(i.diffs[0].code, "platform");
    assert_eq!(i.diffs[0].live, "security");
    assert_eq!(
        i.revert.as_deref(),
        Some(
            "aws ec2 create-tags --resources sg-0a1b2c3d4e5f60001 --tags '[{\"Key\":\"Owner\",\"Value\":\"platform\"}]' --region us-east-1"
        )
    );
    let codify = i.codify.as_ref().expect("verified codify");
    assert!(
        codify
            .diff
            .contains("-    Owner = \"platform\"\n+    Owner = \"security\""),
        "{}",
        codify.diff
    );
    let after = compare_after(&codify.edits);
    assert!(
        items(&after, "aws_security_group.web")
            .iter()
            .all(|i| i.attribute.as_deref() != Some("tags"))
    );
}

#[test]
fn a_bucket_created_by_hand_is_unmanaged_and_ranked_by_its_findings() {
    let i = item(report(), "aws_s3_bucket.acme-scratch", None);
    assert_eq!(i.kind, DriftKind::Unmanaged);
    assert!(i.code_address.is_none());
    assert!(!i.introduced.is_empty());
    let worst = i.introduced.iter().map(|h| h.severity).max();
    assert_eq!(Some(i.severity), worst);
    assert!(i.introduced.iter().any(|h| h.rule_id == "AWS-S3-003"));
    // deleting a bucket may destroy data: no command, and a note says why
    assert!(i.revert.is_none());
    assert!(i.notes.iter().any(|n| n.contains("destroy data")));
}

#[test]
fn a_resource_missing_live_takes_the_severity_of_what_its_absence_brings_in() {
    let r = report();
    let i = item(r, "aws_s3_bucket_versioning.data", None);
    assert_eq!(i.kind, DriftKind::Missing);
    assert_eq!(i.severity, Severity::Medium);
    assert_eq!(
        i.introduced.first().map(|h| h.rule_id.as_str()),
        Some("AWS-S3-005")
    );
    let codify = i.codify.as_ref().expect("verified codify");
    assert!(
        codify
            .diff
            .contains("-resource \"aws_s3_bucket_versioning\" \"data\" {")
    );
    let after = compare_after(&codify.edits);
    assert!(items(&after, "aws_s3_bucket_versioning.data").is_empty());
    // the bucket's missing versioning is the missing resource, not a second item on the bucket
    assert!(
        items(r, "aws_s3_bucket.data").is_empty(),
        "{}",
        r.render_text()
    );
}

#[test]
fn a_policy_written_differently_is_not_drift_but_a_changed_one_is() {
    assert!(items(report(), "aws_s3_bucket_policy.data").is_empty());
    let changed = live_text().replace("\\\"s3:*\\\"", "\\\"s3:GetObject\\\"");
    assert_ne!(changed, live_text(), "the fixture has the action to change");
    let live = LiveInventory::from_snapshot_text("live.json", &changed).unwrap();
    let r = compare(code(), &live, &Options::default());
    let i = item(&r, "aws_s3_bucket_policy.data", Some("policy"));
    assert_eq!(i.kind, DriftKind::Changed);
}

#[test]
fn an_unknown_in_code_is_not_comparable_and_not_drift() {
    let r = report();
    assert!(
        items(r, "aws_iam_role.app").is_empty(),
        "{}",
        r.render_text()
    );
    assert!(
        r.not_comparable
            .iter()
            .any(|n| n.code_address == "aws_iam_role.app"
                && n.attribute == "assume_role_policy"
                && n.reason.contains("not comparable"))
    );
}

#[test]
fn a_kind_the_snapshot_did_not_collect_is_not_missing() {
    let r = report();
    assert_eq!(
        r.not_collected,
        vec!["aws_cloudwatch_log_group".to_string()]
    );
    assert!(items(r, "aws_cloudwatch_log_group.app").is_empty());
    assert_eq!(r.matched, 5);
}

#[test]
fn filters_keep_only_what_is_asked_for() {
    let high = compare(
        code(),
        &live(),
        &Options {
            min_severity: Some(Severity::High),
            ..Options::default()
        },
    );
    assert_eq!(high.items.len(), 5, "{}", high.render_text());
    assert!(high.items.iter().all(|i| i.severity >= Severity::High));
    assert_eq!(high.items[0].severity, Severity::Critical, "worst first");
    let sgs = compare(
        code(),
        &live(),
        &Options {
            resource_types: vec!["aws_security_group".into()],
            ..Options::default()
        },
    );
    assert_eq!(sgs.items.len(), 2);
    assert!(
        sgs.items
            .iter()
            .all(|i| i.resource_type == "aws_security_group")
    );
    let elsewhere = compare(
        code(),
        &live(),
        &Options {
            regions: vec!["eu-west-1".into()],
            ..Options::default()
        },
    );
    assert!(elsewhere.items.is_empty());
    let here = compare(
        code(),
        &live(),
        &Options {
            regions: vec!["us-east-1".into()],
            ..Options::default()
        },
    );
    // every item but the missing one (code does not say where it deploys)
    assert_eq!(here.items.len(), report().items.len() - 1);
}

#[test]
fn json_and_text_reports_say_the_same() {
    let r = report();
    let json: serde_json::Value = serde_json::from_str(&r.render_json()).unwrap();
    assert_eq!(json["format"], "rampart-drift");
    assert_eq!(json["version"], 1);
    assert_eq!(json["items"].as_array().map(Vec::len), Some(r.items.len()));
    assert_eq!(json["items"][0]["severity"], "critical");
    assert_eq!(json["items"][0]["kind"], "changed");
    assert_eq!(json["items"][0]["matched_by"], "state_id");
    let text = r.render_text();
    assert!(
        text.starts_with("CRITICAL changed aws_security_group.web `ingress`"),
        "{text}"
    );
    assert!(text.contains(&format!("{} drift item(s)", r.items.len())));
    // deterministic: the same input gives byte-identical output
    assert_eq!(
        compare(code(), &live(), &Options::default()).render_json(),
        r.render_json()
    );
}

#[test]
fn without_source_texts_there_is_no_codify_edit_and_a_note_says_why() {
    let r = compare_inventories(code().inventory(), &live(), &Options::default());
    let i = item(&r, "aws_security_group.web", Some("ingress"));
    assert!(i.codify.is_none());
    assert!(
        i.notes
            .iter()
            .any(|n| n.contains("without its source texts"))
    );
    assert_eq!(i.severity, Severity::Critical);
}

#[test]
fn two_resources_one_name_is_ambiguous_and_nothing_is_guessed() {
    let code = rampart_ingest::load_terraform_text(
        "main.tf",
        "resource \"aws_security_group\" \"a\" {\n  name = \"web\"\n}\nresource \"aws_security_group\" \"b\" {\n  name = \"web\"\n}\n",
    );
    // without the state, the two code groups share the name the live group has
    let r = compare_inventories(&code.inventory, &live(), &Options::default());
    let amb: Vec<&DriftItem> = r
        .items
        .iter()
        .filter(|i| i.kind == DriftKind::Ambiguous)
        .collect();
    assert_eq!(amb.len(), 1, "{}", r.render_text());
    assert_eq!(amb[0].candidates.len(), 3);
    assert!(amb[0].sentence.contains("name `web`"));
    assert!(
        r.items
            .iter()
            .all(|i| i.resource_type != "aws_security_group" || i.kind == DriftKind::Ambiguous)
    );
}

#[test]
fn hostile_shapes_do_not_panic() {
    // attributes of unexpected types on both sides: a string where blocks are, a list where a
    // map is, numbers where strings are
    let code = rampart_ingest::load_terraform_text(
        "main.tf",
        "resource \"aws_security_group\" \"web\" {\n  name = \"web\"\n  ingress = \"x\"\n  tags = [1, 2]\n  description = 5\n}\n",
    );
    let text = live_text()
        .replace("\"Owner\": \"security\"", "\"Owner\": [null, {}]")
        .replace("\"from_port\": 22", "\"from_port\": \"twenty-two\"");
    let live = LiveInventory::from_snapshot_text("live.json", &text).unwrap();
    let r = compare_inventories(&code.inventory, &live, &Options::default());
    assert!(
        r.items
            .iter()
            .any(|i| i.resource_type == "aws_security_group")
    );
    let _ = r.render_text();
    let _ = r.render_json();
    assert!(LiveInventory::from_snapshot_text("live.json", "{").is_err());
}

/// Every revert command names a real awscli operation with valid parameters: checked with
/// rampart_fix's checker against awscli's own service models, in the venv `.ci/run` creates
/// (`cargo test -p rampart_fix --test awscli` creates it too). Without it the test fails.
#[test]
fn revert_commands_are_valid_awscli() {
    let mut cli = Vec::new();
    for i in &report().items {
        for command in i.revert.iter().flat_map(|c| c.split(" && ")) {
            cli.push((
                format!("{:?}", i.code_address.as_ref().or(i.live_address.as_ref())),
                command.to_string(),
            ));
        }
    }
    assert!(cli.len() >= 6, "{cli:?}");
    assert_eq!(common::awscli_problems(&cli), serde_json::json!([]));
}

#[test]
fn a_refused_listing_makes_its_kinds_not_collected_instead_of_missing() {
    let mut snapshot: serde_json::Value = serde_json::from_str(&live_text()).unwrap();
    snapshot["warnings"] = serde_json::json!([{"account": "123456789012", "region": "global",
        "service": "s3", "operation": "ListBuckets", "code": "AccessDenied", "message": "no"}]);
    snapshot["resources"] = serde_json::json!([]);
    let live = LiveInventory::from_snapshot_text("live.json", &snapshot.to_string()).unwrap();
    let r = compare(code(), &live, &Options::default());
    assert!(
        r.items
            .iter()
            .all(|i| !i.resource_type.starts_with("aws_s3_")),
        "{}",
        r.render_text()
    );
    assert!(r.not_collected.contains(&"aws_s3_bucket".to_string()));
    // ec2 was listed: the group is missing, not unknown
    assert!(
        r.items
            .iter()
            .any(|i| i.kind == DriftKind::Missing && i.resource_type == "aws_security_group")
    );
    assert_eq!(live.warnings.len(), 1);
}

#[test]
fn a_live_finding_on_an_attribute_the_code_does_not_know_is_not_drift() {
    // the live role trusts everyone; the code's trust policy is a variable without a value
    let text = live_text().replace(
        "{\\\"Service\\\": \\\"ec2.amazonaws.com\\\"}",
        "{\\\"AWS\\\": \\\"*\\\"}",
    );
    assert_ne!(text, live_text(), "the fixture has the principal to change");
    let live = LiveInventory::from_snapshot_text("live.json", &text).unwrap();
    let on_role = rampart_rules::run_rules(
        &live.inventory,
        &rampart_rules::builtin_rules(),
        &Default::default(),
    )
    .into_iter()
    .filter(|f| f.address == "aws_iam_role.app")
    .count();
    assert!(on_role > 0, "a rule reports a role anyone may assume");
    let r = compare(code(), &live, &Options::default());
    assert!(
        items(&r, "aws_iam_role.app").is_empty(),
        "{}",
        r.render_text()
    );
}

#[test]
fn an_unmanaged_bucket_is_codified_with_an_import_block_that_matches_it() {
    let i = item(report(), "aws_s3_bucket.acme-scratch", None);
    let codify = i.codify.as_ref().unwrap_or_else(|| panic!("{:?}", i.notes));
    assert!(codify.diff.contains("+import {"), "{}", codify.diff);
    assert!(
        codify.diff.contains("+  to = aws_s3_bucket.acme-scratch"),
        "{}",
        codify.diff
    );
    assert!(
        codify.diff.contains("+  id = \"acme-scratch\""),
        "{}",
        codify.diff
    );
    assert!(
        codify.diff.contains("+  bucket = \"acme-scratch\""),
        "{}",
        codify.diff
    );
    // computed attributes are the provider's, never written
    assert!(
        !codify.diff.contains("bucket_domain_name"),
        "{}",
        codify.diff
    );
    let after = compare_after(&codify.edits);
    assert!(
        after.items.iter().all(|i| i.kind != DriftKind::Unmanaged),
        "{}",
        after.render_text()
    );
    assert_eq!(after.matched, report().matched + 1);
}
