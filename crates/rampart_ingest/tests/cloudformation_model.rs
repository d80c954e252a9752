//! CloudFormation resources land in the model in Terraform's shape: separate settings resources
//! joined to their owner, security group rules inline and separate, IAM policies split the way
//! Terraform splits them, spans on the template lines that produced each attribute, and
//! suppressions from comments and `Metadata`.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::{Inventory, RelationKind, Value};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cloudformation")
        .join(name)
}

fn load(name: &str) -> LoadOutput {
    let out = load_paths(&[fixture(name)], &LoadOptions::default());
    let hard: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert!(hard.is_empty(), "{name} did not load: {hard:?}");
    out
}

/// 1-based line of the first line of `name` whose trimmed text starts with `needle`.
fn line_of(name: &str, needle: &str) -> u32 {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture");
    text.lines()
        .position(|l| l.trim_start().starts_with(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {name}")) as u32
        + 1
}

fn joined(inv: &Inventory, from: &str, to: &str, via: &str) -> bool {
    let (Some(f), Some(t)) = (inv.id_of(from), inv.id_of(to)) else {
        return false;
    };
    inv.relations()
        .iter()
        .any(|r| r.from == f && r.to == t && r.via == via)
}

#[test]
fn bucket_settings_become_related_resources() {
    let out = load("bucket.yaml");
    let inv = &out.inventory;
    let bucket = inv.by_address("DataBucket").expect("bucket");
    assert_eq!(bucket.kind, "aws_s3_bucket");
    assert_eq!(bucket.str("bucket"), Some("data-bucket"));
    assert_eq!(bucket.str("acl"), Some("private"));
    assert_eq!(bucket.get("tags.team"), Some(&Value::string("data")));

    for (address, kind) in [
        ("DataBucket.versioning", "aws_s3_bucket_versioning"),
        (
            "DataBucket.public_access_block",
            "aws_s3_bucket_public_access_block",
        ),
        (
            "DataBucket.server_side_encryption_configuration",
            "aws_s3_bucket_server_side_encryption_configuration",
        ),
        ("DataBucket.logging", "aws_s3_bucket_logging"),
        ("DataBucketPolicy", "aws_s3_bucket_policy"),
    ] {
        let r = inv
            .by_address(address)
            .unwrap_or_else(|| panic!("no {address}"));
        assert_eq!(r.kind, kind);
        assert!(
            joined(inv, address, "DataBucket", "bucket"),
            "{address} not joined to DataBucket"
        );
    }
    let rel = inv.relations().iter().find(|r| {
        inv.get(r.from)
            .is_some_and(|f| f.address == "DataBucket.versioning")
    });
    assert_eq!(rel.map(|r| r.kind), Some(RelationKind::Configures));

    // the related resources answer the questions rules ask, in Terraform's attribute names
    let get = |a: &str, p: &str| inv.by_address(a).and_then(|r| r.get(p).cloned());
    assert_eq!(
        get("DataBucket.versioning", "versioning_configuration.0.status"),
        Some(Value::string("Enabled"))
    );
    assert_eq!(
        get(
            "DataBucket.server_side_encryption_configuration",
            "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"
        ),
        Some(Value::string("aws:kms"))
    );
    assert_eq!(
        get(
            "DataBucket.server_side_encryption_configuration",
            "rule.0.bucket_key_enabled"
        ),
        Some(Value::Bool(true))
    );
    // a quoted "true" is still the schema's boolean
    assert_eq!(
        get("DataBucket.public_access_block", "restrict_public_buckets"),
        Some(Value::Bool(true))
    );
    assert_eq!(
        get("DataBucket.logging", "target_prefix"),
        Some(Value::string("data/"))
    );
    // an empty LoggingConfiguration logs into the bucket itself
    assert_eq!(
        get("LogBucket.logging", "target_bucket"),
        Some(Value::unknown_ref("LogBucket"))
    );
    assert_eq!(
        get("LogBucket", "acl"),
        Some(Value::string("log-delivery-write"))
    );
    // settings that were not written do not exist
    assert!(inv.by_address("LogBucket.versioning").is_none());
}

#[test]
fn attributes_point_at_the_property_lines() {
    let name = "bucket.yaml";
    let out = load(name);
    let inv = &out.inventory;
    let bucket = inv.by_address("DataBucket").expect("bucket");
    assert_eq!(
        bucket.origin.span().map(|s| s.start.line),
        Some(line_of(name, "DataBucket:"))
    );
    assert_eq!(
        bucket.span_of("acl").map(|s| s.start.line),
        Some(line_of(name, "AccessControl:"))
    );
    // an absent attribute falls back to the resource
    assert_eq!(
        bucket.span_of("object_lock_enabled").map(|s| s.start.line),
        Some(line_of(name, "DataBucket:"))
    );

    let versioning = inv.by_address("DataBucket.versioning").expect("versioning");
    assert_eq!(
        versioning.origin.span().map(|s| s.start.line),
        Some(line_of(name, "VersioningConfiguration:"))
    );
    assert_eq!(
        versioning
            .span_of("versioning_configuration.0.status")
            .map(|s| s.start.line),
        Some(line_of(name, "Status: Enabled"))
    );
    let pab = inv
        .by_address("DataBucket.public_access_block")
        .expect("pab");
    let span = pab.span_of("block_public_policy").expect("span");
    assert_eq!(span.start.line, line_of(name, "BlockPublicPolicy:"));
    assert_eq!(span.start.column, 9);
    // the byte span covers exactly the property as written
    let text = std::fs::read_to_string(fixture(name)).expect("fixture");
    assert_eq!(
        &text[span.start_byte..span.end_byte],
        "BlockPublicPolicy: true"
    );
    let sse = inv
        .by_address("DataBucket.server_side_encryption_configuration")
        .expect("sse");
    assert_eq!(
        sse.span_of("rule.0.apply_server_side_encryption_by_default.0.sse_algorithm")
            .map(|s| s.start.line),
        Some(line_of(name, "SSEAlgorithm:"))
    );
    // the resource span ends where its text ends, not at the comment above the next one
    let key = inv.by_address("Key").expect("key");
    assert_eq!(
        key.origin.span().map(|s| s.end.line),
        Some(line_of(name, "EnableKeyRotation:"))
    );
    // sources are kept for snippets and fixes
    assert!(out.sources.keys().any(|k| k.ends_with("bucket.yaml")));
}

#[test]
fn suppressions_come_from_comments_and_metadata_and_reach_split_settings() {
    let out = load("bucket.yaml");
    let inv = &out.inventory;
    let rules = |a: &str| -> Vec<String> {
        let mut r: Vec<String> = inv
            .by_address(a)
            .expect(a)
            .suppressions
            .iter()
            .map(|s| s.rule.clone())
            .collect();
        r.sort();
        r
    };
    let expected = vec![
        "AWS-S3-002".to_string(),
        "AWS-S3-009".into(),
        "CKV_AWS_18".into(),
    ];
    assert_eq!(rules("DataBucket"), expected);
    assert_eq!(rules("DataBucket.versioning"), expected);
    assert!(rules("LogBucket").is_empty());
    assert!(rules("Key").is_empty());
    let bucket = inv.by_address("DataBucket").expect("bucket");
    let checkov = bucket
        .suppressions
        .iter()
        .find(|s| s.rule == "CKV_AWS_18")
        .expect("checkov");
    assert_eq!(
        checkov.reason.as_deref(),
        Some("access logs are collected elsewhere")
    );
    let comment = bucket
        .suppressions
        .iter()
        .find(|s| s.rule == "AWS-S3-009")
        .expect("comment");
    assert_eq!(comment.reason.as_deref(), Some("served through CloudFront"));
}

#[test]
fn security_group_rules_inline_and_separate() {
    let name = "security_groups.yaml";
    let out = load(name);
    let inv = &out.inventory;
    let sg = inv.by_address("WebSg").expect("sg");
    assert_eq!(sg.kind, "aws_security_group");
    assert_eq!(
        sg.get("ingress.0.cidr_blocks"),
        Some(&Value::List(vec![Value::string("0.0.0.0/0")]))
    );
    assert_eq!(sg.get("ingress.0.from_port"), Some(&Value::Number(443.0)));
    assert_eq!(sg.get("ingress.0.protocol"), Some(&Value::string("tcp")));
    assert_eq!(sg.get("ingress.1.protocol"), Some(&Value::string("-1")));
    assert_eq!(sg.get("ingress.1.from_port"), Some(&Value::Number(0.0)));
    assert_eq!(
        sg.get("ingress.1.ipv6_cidr_blocks.0"),
        Some(&Value::string("::/0"))
    );
    assert_eq!(
        sg.span_of("ingress.0.cidr_blocks").map(|s| s.start.line),
        Some(line_of(name, "CidrIp: 0.0.0.0/0"))
    );
    // no SecurityGroupEgress: AWS's default allow-all egress rule exists
    assert_eq!(
        sg.get("egress.0.cidr_blocks.0"),
        Some(&Value::string("0.0.0.0/0"))
    );
    assert_eq!(sg.get("egress.0.protocol"), Some(&Value::string("-1")));
    // explicit egress replaces it
    let locked = inv.by_address("LockedSg").expect("locked");
    assert_eq!(
        locked.get("egress.0.cidr_blocks.0"),
        Some(&Value::string("10.0.0.0/8"))
    );
    assert_eq!(
        locked
            .get("egress")
            .and_then(Value::as_list)
            .map(<[Value]>::len),
        Some(1)
    );

    let ssh = inv.by_address("SshIngress").expect("ssh");
    assert_eq!(ssh.kind, "aws_security_group_rule");
    assert_eq!(ssh.str("type"), Some("ingress"));
    assert_eq!(ssh.str("protocol"), Some("tcp"));
    assert_eq!(ssh.get("from_port"), Some(&Value::Number(22.0)));
    assert!(joined(inv, "SshIngress", "WebSg", "security_group_id"));
    let egress = inv.by_address("DbEgress").expect("egress");
    assert_eq!(egress.str("type"), Some("egress"));
    assert_eq!(egress.str("source_security_group_id"), Some("sg-0db"));
    assert!(joined(inv, "DbEgress", "WebSg", "security_group_id"));
    // the instance uses the group
    assert!(joined(inv, "Server", "WebSg", "vpc_security_group_ids"));
    let server = inv.by_address("Server").expect("server");
    assert_eq!(
        server.get("root_block_device.0.encrypted"),
        Some(&Value::Bool(true))
    );
    assert_eq!(
        server.get("ebs_block_device.0.device_name"),
        Some(&Value::string("/dev/sdf"))
    );
    assert_eq!(server.get("ebs_block_device.0.encrypted"), None);
}

#[test]
fn iam_policies_split_the_way_terraform_splits_them() {
    let out = load("iam.yaml");
    let inv = &out.inventory;
    let role = inv.by_address("AppRole").expect("role");
    assert_eq!(role.kind, "aws_iam_role");
    let trust: serde_json::Value =
        serde_json::from_str(role.str("assume_role_policy").expect("trust")).expect("json");
    assert_eq!(
        trust["Statement"][0]["Principal"]["Service"],
        "ec2.amazonaws.com"
    );

    let inline = inv.by_address("AppRole.policy.0").expect("inline policy");
    assert_eq!(inline.kind, "aws_iam_role_policy");
    assert_eq!(inline.str("name"), Some("inline-admin"));
    assert!(
        inline
            .str("policy")
            .is_some_and(|p| p.contains("\"Action\":\"*\""))
    );
    assert!(joined(inv, "AppRole.policy.0", "AppRole", "role"));

    let managed = inv
        .by_address("AppRole.policy_attachment.0")
        .expect("attachment");
    assert_eq!(managed.kind, "aws_iam_role_policy_attachment");
    assert_eq!(
        managed.str("policy_arn"),
        Some("arn:aws:iam::aws:policy/ReadOnlyAccess")
    );
    assert!(joined(
        inv,
        "AppRole.policy_attachment.0",
        "AppRole",
        "role"
    ));

    // a managed policy attached to a role and a user
    assert_eq!(
        inv.by_address("Shared").map(|r| r.kind.clone()).as_deref(),
        Some("aws_iam_policy")
    );
    assert!(joined(inv, "Shared.role_attachment.0", "AppRole", "role"));
    assert!(joined(
        inv,
        "Shared.role_attachment.0",
        "Shared",
        "policy_arn"
    ));
    assert!(joined(inv, "Shared.user_attachment.0", "Deployer", "user"));

    // an inline AWS::IAM::Policy is one inline policy per principal
    let first = inv.by_address("DeployPolicy").expect("first");
    assert_eq!(first.kind, "aws_iam_role_policy");
    assert!(joined(inv, "DeployPolicy", "AppRole", "role"));
    let second = inv.by_address("DeployPolicy.user.1").expect("second");
    assert_eq!(second.kind, "aws_iam_user_policy");
    assert!(joined(inv, "DeployPolicy.user.1", "Deployer", "user"));
    assert_eq!(first.str("policy"), second.str("policy"));

    assert!(joined(inv, "DeployerKey", "Deployer", "user"));
    assert!(joined(inv, "Profile", "AppRole", "role"));
}
