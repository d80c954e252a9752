//! The verification loop decides, not the fix: a good fix is verified; a fix that leaves the
//! finding, breaks the file, loses a resource or adds a finding is not, and says why. The same
//! loop works on a live inventory through `apply_to_inventory`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::remediation::remediate;
use rampart_fix::render::{RenderContext, render_changes};
use rampart_fix::verify::{Verification, Workspace, verify_changes_in_inventory, verify_edits};
use rampart_model::{Change, Edit, Finding, Inventory, Origin, Resource, SourceFormat, Value};
use rampart_rules::builtin_rules;
use std::collections::BTreeMap;

const VOLUME: &str = "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 40\n}\n\nresource \"aws_s3_bucket\" \"keep\" {\n  bucket = \"keep\"\n}\n";

fn workspace() -> Workspace {
    Workspace::from_text("main.tf", VOLUME, builtin_rules())
}

fn target(ws: &Workspace) -> Finding {
    ws.findings
        .iter()
        .find(|f| f.rule_id == "AWS-EBS-001")
        .cloned()
        .expect("the volume is reported")
}

fn render(ws: &Workspace, changes: &[Change]) -> Vec<Edit> {
    let ctx = RenderContext {
        inventory: ws.inventory(),
        sources: &ws.sources,
    };
    render_changes(changes, &ctx).expect("renders")
}

fn reason(v: Verification) -> String {
    match v {
        Verification::Unverified { reason } => reason,
        Verification::Verified => panic!("a bad change was verified"),
    }
}

#[test]
fn the_rules_own_fix_is_verified() {
    let ws = workspace();
    let rem = remediate(&ws, &target(&ws)).expect("AWS-EBS-001 has a fix");
    assert_eq!(rem.verified, Verification::Verified);
    let diff = &rem.targets.terraform.as_ref().unwrap().diff;
    assert!(
        diff.contains("+++ b/main.tf") && diff.contains("+  encrypted"),
        "{diff}"
    );
    let json = serde_json::to_value(&rem).unwrap();
    assert_eq!(json["rule_id"], "AWS-EBS-001");
    assert_eq!(json["applicability"], "unsafe");
    assert!(json["reason"].as_str().is_some_and(|r| !r.is_empty()));
    assert_eq!(json["verified"]["status"], "verified");
    assert_eq!(json["safety"]["auto_apply"], false);
    assert!(
        json["targets"]["terraform"]["edits"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    );
    assert!(
        json["targets"]["cli"][0]["read_back"]
            .as_str()
            .is_some_and(|c| c.starts_with("aws ec2 "))
    );
}

#[test]
fn a_change_that_leaves_the_finding_is_unverified() {
    let ws = workspace();
    let f = target(&ws);
    let edits = render(
        &ws,
        &[Change::SetAttribute {
            address: f.address.clone(),
            path: "encrypted".into(),
            value: Value::Bool(false),
        }],
    );
    assert!(reason(verify_edits(&ws, &f, &edits, &[])).contains("still reported"));
}

#[test]
fn a_change_that_breaks_the_file_is_unverified() {
    let ws = workspace();
    let f = target(&ws);
    let broken = vec![Edit {
        file: "main.tf".into(),
        start_byte: 0,
        end_byte: 0,
        replacement: "resource {{{\n".into(),
    }];
    assert!(reason(verify_edits(&ws, &f, &broken, &[])).contains("do not load"));
}

#[test]
fn a_change_that_adds_a_finding_or_loses_a_resource_is_unverified() {
    let ws = workspace();
    let f = target(&ws);
    let mut edits = render(
        &ws,
        &[Change::SetAttribute {
            address: f.address.clone(),
            path: "encrypted".into(),
            value: Value::Bool(true),
        }],
    );
    // plus a second, unencrypted volume
    edits.push(Edit {
        file: "main.tf".into(),
        start_byte: VOLUME.len(),
        end_byte: VOLUME.len(),
        replacement: "\nresource \"aws_ebs_volume\" \"more\" {\n  size = 1\n}\n".into(),
    });
    let why = reason(verify_edits(&ws, &f, &edits, &[]));
    assert!(
        why.contains("new findings") && why.contains("aws_ebs_volume.more"),
        "{why}"
    );

    let keep_start = VOLUME.find("resource \"aws_s3_bucket\"").unwrap();
    let mut edits = render(
        &ws,
        &[Change::SetAttribute {
            address: f.address.clone(),
            path: "encrypted".into(),
            value: Value::Bool(true),
        }],
    );
    edits.push(Edit {
        file: "main.tf".into(),
        start_byte: keep_start,
        end_byte: VOLUME.len(),
        replacement: String::new(),
    });
    let why = reason(verify_edits(&ws, &f, &edits, &[]));
    assert!(
        why.contains("lost resources") && why.contains("aws_s3_bucket.keep"),
        "{why}"
    );
}

/// The batch path (`rampart fix` checks a run's fixes together, `bisect.rs`) is the same
/// check: a fix that loses a resource, or changes its address, is refused there too, and the
/// good fix beside it still passes.
#[test]
fn a_batch_that_loses_or_renames_a_resource_is_refused() {
    use rampart_fix::bisect::verify_together;
    use rampart_fix::verify::{FixUnderTest, check_set};
    let ws = workspace();
    let f = target(&ws);
    let good = render(
        &ws,
        &[Change::SetAttribute {
            address: f.address.clone(),
            path: "encrypted".into(),
            value: Value::Bool(true),
        }],
    );
    let keep_start = VOLUME.find("resource \"aws_s3_bucket\"").unwrap();
    let name_start = VOLUME.find("\"keep\" {").unwrap();
    let lose = vec![Edit {
        file: "main.tf".into(),
        start_byte: keep_start,
        end_byte: VOLUME.len(),
        replacement: String::new(),
    }];
    let rename = vec![Edit {
        file: "main.tf".into(),
        start_byte: name_start,
        end_byte: name_start + "\"keep\"".len(),
        replacement: "\"kept\"".into(),
    }];
    for bad in [&lose, &rename] {
        let fixes = [
            FixUnderTest {
                target: &f,
                edits: &good,
                removed: &[],
            },
            // aimed at the same finding, so only the lost resource can refuse it
            FixUnderTest {
                target: &f,
                edits: bad,
                removed: &[],
            },
        ];
        let why = check_set(&ws, &fixes).unwrap_err();
        assert!(
            why.contains("lost resources") && why.contains("aws_s3_bucket.keep"),
            "{why}"
        );
        let together = verify_together(&ws, &fixes);
        assert_eq!(together.verdicts[0], Verification::Verified);
        assert!(
            matches!(&together.verdicts[1], Verification::Unverified { reason } if reason.contains("lost resources")),
            "{:?}",
            together.verdicts
        );
    }
}

#[test]
fn an_empty_fix_is_unverified() {
    let ws = workspace();
    assert!(reason(verify_edits(&ws, &target(&ws), &[], &[])).contains("changes nothing"));
}

fn live(kind: &str, address: &str, attrs: serde_json::Value) -> Resource {
    let mut r = Resource::new(
        kind,
        address,
        Origin::Live {
            provider: "aws".into(),
            account: "123456789012".into(),
            region: "eu-central-1".into(),
            id: "vol-0abc".into(),
        },
    );
    r.format = SourceFormat::Live;
    r.attributes = Value::from_json(&attrs)
        .as_map()
        .cloned()
        .unwrap_or_default();
    r
}

#[test]
fn live_inventories_are_verified_through_apply_to_inventory() {
    let inventory = Inventory::new(vec![
        live(
            "aws_ebs_volume",
            "aws_ebs_volume.vol-0abc",
            serde_json::json!({"id": "vol-0abc", "size": 40, "encrypted": false}),
        ),
        live(
            "aws_s3_bucket",
            "aws_s3_bucket.reports",
            serde_json::json!({"bucket": "acme-reports"}),
        ),
    ]);
    let ws = Workspace::from_inventory(inventory, builtin_rules());
    let f = target(&ws);
    let rem = remediate(&ws, &f).expect("a fix");
    assert_eq!(rem.verified, Verification::Verified);
    assert!(rem.targets.terraform.is_none());
    assert!(
        rem.targets
            .cli
            .iter()
            .any(|c| c.command.contains("--region eu-central-1")),
        "{:?}",
        rem.targets.cli
    );

    let bad = [Change::SetAttribute {
        address: f.address.clone(),
        path: "encrypted".into(),
        value: Value::Bool(false),
    }];
    assert!(reason(verify_changes_in_inventory(&ws, &f, &bad)).contains("still reported"));

    // a related resource added in the model is seen through the relation, like a loaded one
    let bucket = ws
        .findings
        .iter()
        .find(|f| f.rule_id == "AWS-S3-005" && f.address == "aws_s3_bucket.reports")
        .cloned()
        .expect("versioning finding");
    let add = [Change::AddResource {
        owner: bucket.address.clone(),
        kind: "aws_s3_bucket_versioning".into(),
        name: "reports".into(),
        attributes: BTreeMap::from([(
            "versioning_configuration".to_string(),
            Value::from_json(&serde_json::json!([{"status": "Enabled"}])),
        )]),
        references: BTreeMap::from([(
            "bucket".to_string(),
            "aws_s3_bucket.reports.bucket".to_string(),
        )]),
    }];
    assert_eq!(
        verify_changes_in_inventory(&ws, &bucket, &add),
        Verification::Verified
    );
}
