//! The rest of the revert table and the comparison's finer points, on a second scenario built in
//! the test: versioning suspended, encryption switched to AES256, IMDSv1 turned back on, a tag
//! added to a role, a rule removed from a group, a volume encrypted live while the code leaves
//! `encrypted` to the provider default, and an RDP group made by hand. Every command is checked
//! against awscli's models.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use rampart_drift::*;
use rampart_fix::verify::Workspace;
use rampart_model::Severity;
use rampart_rules::builtin_rules;
use serde_json::json;

const CODE: &str = r#"
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  tags = {
    Team = "data"
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "alias/logs"
    }
    bucket_key_enabled = true
  }
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  metadata_options {
    http_tokens = "required"
  }
  tags = {
    Name = "app"
  }
}

resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  tags = {
    Team = "ci"
  }
}

resource "aws_security_group" "db" {
  name        = "db"
  description = "database"
  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
    description = "postgres from the vpc"
  }
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 10
  tags = {
    Name = "data"
  }
}
"#;

fn resource(
    kind: &str,
    key: &str,
    region: &str,
    arn: &str,
    attributes: serde_json::Value,
) -> serde_json::Value {
    json!({"kind": kind, "address": format!("{kind}.{key}"), "name": key, "account": "123456789012",
           "region": region, "arn": arn, "console_url": null, "attributes": attributes})
}

fn live() -> LiveInventory {
    let bucket = |kind: &str, extra: serde_json::Value| {
        let mut a = json!({"bucket": "acme-logs", "id": "acme-logs"});
        for (k, v) in extra.as_object().unwrap() {
            a[k] = v.clone();
        }
        resource(kind, "acme-logs", "us-east-1", "arn:aws:s3:::acme-logs", a)
    };
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let snapshot = json!({
        "format": "rampart-inventory", "version": 1, "tool_version": "0.1.0", "provider": "aws",
        "collected_at": "2026-12-07T10:00:00Z", "accounts": ["123456789012"], "regions": ["us-east-1"],
        "services": ["s3", "ec2", "iam"], "warnings": [],
        "resources": [
            // a newer collector that records bucket tags; someone changed the team by hand
            bucket("aws_s3_bucket", json!({"arn": "arn:aws:s3:::acme-logs", "tags": {"Team": "ops"}})),
            bucket("aws_s3_bucket_versioning", json!({"versioning_configuration": [{"status": "Suspended", "mfa_delete": ""}]})),
            bucket("aws_s3_bucket_server_side_encryption_configuration", json!({"rule": [{
                "apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256", "kms_master_key_id": ""}],
                "bucket_key_enabled": false}]})),
            resource("aws_instance", "i-0aaa", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:instance/i-0aaa", json!({
                "id": "i-0aaa", "ami": "ami-0123456789abcdef0", "instance_type": "t3.micro",
                "metadata_options": [{"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": 1}],
                "tags": {"Name": "app"}})),
            resource("aws_iam_role", "ci", "global", "arn:aws:iam::123456789012:role/ci", json!({
                "name": "ci", "id": "ci", "arn": "arn:aws:iam::123456789012:role/ci",
                "assume_role_policy": trust.to_string(), "tags": {"Team": "ci", "Temp": "yes"}})),
            resource("aws_security_group", "sg-0db", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0db", json!({
                "id": "sg-0db", "name": "db", "description": "database", "ingress": [], "egress": [], "tags": {}})),
            resource("aws_ebs_volume", "vol-0data", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:volume/vol-0data", json!({
                "id": "vol-0data", "availability_zone": "us-east-1a", "size": 10, "encrypted": true, "tags": {"Name": "data"}})),
            resource("aws_security_group", "sg-0rdp", "us-east-1", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0rdp", json!({
                "id": "sg-0rdp", "name": "rdp-temp", "description": "temporary",
                "ingress": [{"protocol": "tcp", "from_port": 3389, "to_port": 3389, "cidr_blocks": ["0.0.0.0/0"],
                             "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "self": false, "description": ""}],
                "egress": [], "tags": {}})),
        ]
    });
    LiveInventory::from_snapshot_text("live.json", &snapshot.to_string()).unwrap()
}

fn report() -> DriftReport {
    let ws = Workspace::from_text("main.tf", CODE, builtin_rules());
    assert!(
        ws.loaded.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        ws.loaded.errors
    );
    compare(&ws, &live(), &Options::default())
}

fn revert_of(r: &DriftReport, address: &str, attribute: &str) -> String {
    let i = r
        .items
        .iter()
        .find(|i| {
            (i.code_address.as_deref() == Some(address)
                || i.live_address.as_deref() == Some(address))
                && i.attribute.as_deref().unwrap_or("") == attribute
        })
        .unwrap_or_else(|| panic!("no item {address} {attribute}:\n{}", r.render_text()));
    i.revert
        .clone()
        .unwrap_or_else(|| panic!("no revert for {address} {attribute}: {:?}", i.notes))
}

#[test]
fn each_revert_restores_the_codes_value() {
    let r = report();
    assert_eq!(
        revert_of(
            &r,
            "aws_s3_bucket_versioning.logs",
            "versioning_configuration"
        ),
        "aws s3api put-bucket-versioning --bucket acme-logs --versioning-configuration Status=Enabled --region us-east-1"
    );
    assert_eq!(
        revert_of(
            &r,
            "aws_s3_bucket_server_side_encryption_configuration.logs",
            "rule"
        ),
        "aws s3api put-bucket-encryption --bucket acme-logs --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"alias/logs\"},\"BucketKeyEnabled\":true}]}' --region us-east-1"
    );
    assert_eq!(
        revert_of(&r, "aws_instance.app", "metadata_options"),
        "aws ec2 modify-instance-metadata-options --instance-id i-0aaa --http-tokens required --region us-east-1"
    );
    // IAM is global: no region
    assert_eq!(
        revert_of(&r, "aws_iam_role.ci", "tags"),
        "aws iam untag-role --role-name ci --tag-keys Temp"
    );
    assert_eq!(
        revert_of(&r, "aws_s3_bucket.logs", "tags"),
        "aws s3api put-bucket-tagging --bucket acme-logs --tagging '{\"TagSet\":[{\"Key\":\"Team\",\"Value\":\"data\"}]}' --region us-east-1"
    );
    assert_eq!(
        revert_of(&r, "aws_security_group.db", "ingress"),
        "aws ec2 authorize-security-group-ingress --group-id sg-0db --ip-permissions '[{\"IpProtocol\":\"tcp\",\"FromPort\":5432,\"ToPort\":5432,\"IpRanges\":[{\"CidrIp\":\"10.0.0.0/16\",\"Description\":\"postgres from the vpc\"}]}]' --region us-east-1"
    );
    assert_eq!(
        revert_of(&r, "aws_security_group.sg-0rdp", ""),
        "aws ec2 delete-security-group --group-id sg-0rdp --region us-east-1"
    );
    let cli: Vec<(String, String)> = r
        .items
        .iter()
        .flat_map(|i| {
            let source = format!("{:?} {:?}", i.code_address, i.attribute);
            i.revert
                .iter()
                .flat_map(|c| c.split(" && ").map(String::from).collect::<Vec<_>>())
                .map(move |c| (source.clone(), c))
        })
        .collect();
    assert!(cli.len() >= 7);
    assert_eq!(common::awscli_problems(&cli), json!([]));
}

#[test]
fn a_tag_added_by_hand_is_drift_of_the_whole_tag_map() {
    let r = report();
    let i = r
        .items
        .iter()
        .find(|i| i.code_address.as_deref() == Some("aws_iam_role.ci"))
        .unwrap_or_else(|| panic!("{}", r.render_text()));
    assert_eq!(i.attribute.as_deref(), Some("tags"));
    assert_eq!(i.severity, Severity::Info);
    assert!(
        i.sentence.contains("`tags.Temp` was added (\"yes\")"),
        "{}",
        i.sentence
    );
    let codify = i.codify.as_ref().unwrap_or_else(|| panic!("{:?}", i.notes));
    assert!(codify.diff.contains("Temp"), "{}", codify.diff);
}

#[test]
fn a_group_opened_to_rdp_by_hand_is_critical() {
    let r = report();
    let i = r
        .items
        .iter()
        .find(|i| i.live_address.as_deref() == Some("aws_security_group.sg-0rdp"))
        .unwrap();
    assert_eq!(i.kind, DriftKind::Unmanaged);
    assert_eq!(i.severity, Severity::Critical);
    assert!(i.sentence.contains("RDP (3389)"), "{}", i.sentence);
    // codify writes the group with its rule block, verified to match what is live
    let codify = i.codify.as_ref().unwrap_or_else(|| panic!("{:?}", i.notes));
    assert!(
        codify
            .diff
            .contains("+resource \"aws_security_group\" \"rdp-temp\" {"),
        "{}",
        codify.diff
    );
    assert!(codify.diff.contains("+  ingress {"), "{}", codify.diff);
    assert!(
        codify.diff.contains("+    from_port   = 3389"),
        "{}",
        codify.diff
    );
}

#[test]
fn a_removed_rule_is_drift_the_rules_do_not_rank_high() {
    let r = report();
    let i = r
        .items
        .iter()
        .find(|i| {
            i.code_address.as_deref() == Some("aws_security_group.db")
                && i.attribute.as_deref() == Some("ingress")
        })
        .unwrap();
    assert_eq!(i.severity, Severity::Low);
    assert!(i.diffs.iter().all(|d| d.live.is_null()));
    assert!(i.sentence.contains("lost"), "{}", i.sentence);
}

#[test]
fn an_attribute_the_code_leaves_out_is_compared_with_the_provider_default() {
    let r = report();
    let i = r
        .items
        .iter()
        .find(|i| i.code_address.as_deref() == Some("aws_ebs_volume.data"))
        .unwrap_or_else(|| panic!("{}", r.render_text()));
    // matched by its Name tag: no state, no ARN, no name
    assert_eq!(i.matched_by, Some(MatchedBy::NameTag));
    assert_eq!(i.attribute.as_deref(), Some("encrypted"));
    assert_eq!(i.diffs[0].code, false);
    assert_eq!(i.diffs[0].live, true);
    // encrypted live is more secure than the code: it resolves a finding, brings in none
    assert!(i.introduced.is_empty());
    assert!(!i.resolved.is_empty(), "{i:?}");
    assert_eq!(i.severity, Severity::Info);
    let codify = i.codify.as_ref().unwrap_or_else(|| panic!("{:?}", i.notes));
    assert!(codify.diff.contains("+  encrypted"), "{}", codify.diff);
}

#[test]
fn imdsv1_turned_back_on_is_ranked_by_the_rule_it_brings_in() {
    let r = report();
    let i = r
        .items
        .iter()
        .find(|i| {
            i.code_address.as_deref() == Some("aws_instance.app")
                && i.attribute.as_deref() == Some("metadata_options")
        })
        .unwrap();
    // only the field the code writes is a difference; the provider fills in the others
    assert_eq!(i.diffs.len(), 1, "{:?}", i.diffs);
    assert_eq!(i.diffs[0].path, "metadata_options.0.http_tokens");
    assert_eq!(i.diffs[0].live, "optional");
    let worst = i.introduced.iter().map(|h| h.severity).max();
    assert!(worst.is_some(), "a rule reports IMDSv1: {i:?}");
    assert_eq!(Some(i.severity), worst);
    assert!(i.codify.is_some(), "{:?}", i.notes);
}
