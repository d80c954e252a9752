//! Rules written against Terraform work unchanged on CloudFormation: findings land on the
//! template line of the property that causes them, a Terraform configuration and its
//! CloudFormation twin get the same findings, and CloudFormation `Metadata` suppressions reach
//! the engine. (Every rule's `bad*.yaml` / `good*.yaml` fixtures also run in `fixtures.rs`.)

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, LoadOutput, load_paths, load_terraform_text};
use rampart_model::Finding;
use rampart_rules::{EngineOptions, Rule, builtin_rules, run_rules};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn rule(id: &str) -> &'static Rule {
    builtin_rules()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
}

fn load_file(path: &Path) -> LoadOutput {
    let out = load_paths(&[path.to_path_buf()], &LoadOptions::default());
    let hard: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert!(hard.is_empty(), "{} did not load: {hard:?}", path.display());
    out
}

fn findings_of(out: &LoadOutput, rules: &[&'static Rule]) -> Vec<Finding> {
    run_rules(&out.inventory, rules, &EngineOptions::default())
}

/// 1-based line of the first line (trimmed) starting with `needle`.
fn line_of(path: &Path, needle: &str) -> u32 {
    let text = std::fs::read_to_string(path).expect("fixture");
    text.lines()
        .position(|l| l.trim_start().trim_start_matches("- ").starts_with(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {}", path.display())) as u32
        + 1
}

#[test]
fn findings_point_at_the_offending_property_line() {
    for (id, file, needle) in [
        ("AWS-EBS-001", "bad.yaml", "Encrypted: false"),
        ("AWS-S3-009", "bad.yaml", "BlockPublicPolicy: false"),
        ("AWS-S3-001", "bad.yaml", "AccessControl: PublicRead"),
        ("AWS-KMS-001", "bad.yaml", "EnableKeyRotation: false"),
        ("AWS-RDS-002", "bad.yaml", "PubliclyAccessible: true"),
        ("AWS-EC2-009", "bad.yaml", "MapPublicIpOnLaunch: true"),
        ("AWS-EC2-007", "bad.yaml", "HttpTokens: optional"),
        ("AWS-CT-001", "bad.yaml", "IsMultiRegionTrail: false"),
        ("AWS-EKS-002", "bad.yaml", "PublicAccessCidrs"),
        ("AWS-ELB-002", "bad.yaml", "SslPolicy:"),
    ] {
        let path = fixtures().join(id).join(file);
        let out = load_file(&path);
        let found = findings_of(&out, &[rule(id)]);
        let lines: Vec<u32> = found.iter().filter_map(Finding::line).collect();
        assert_eq!(lines, vec![line_of(&path, needle)], "{id}: {found:?}");
        assert!(
            found
                .iter()
                .all(|f| f.file().is_some_and(|f| f.ends_with(file)))
        );
    }
}

#[test]
fn settings_missing_entirely_are_reported_at_the_resource() {
    // no VersioningConfiguration at all: the finding is on the bucket's logical id line
    let path = fixtures().join("AWS-S3-005").join("bad.yaml");
    let out = load_file(&path);
    let found = findings_of(&out, &[rule("AWS-S3-005")]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].address, "Bucket");
    assert_eq!(found[0].line(), Some(line_of(&path, "Bucket:")));
}

#[test]
fn separate_security_group_rule_findings_point_at_the_rule() {
    let path = fixtures().join("AWS-EC2-001").join("bad_separate.yaml");
    let out = load_file(&path);
    let found = findings_of(&out, &[rule("AWS-EC2-001")]);
    assert!(!found.is_empty());
    let rule_start = line_of(&path, "Rule:");
    for f in &found {
        let line = f.line().expect("line");
        assert!(
            line >= rule_start,
            "{f:?} should be inside the separate rule (from line {rule_start})"
        );
    }
}

const BUCKET_TF: &str = r#"
resource "aws_kms_key" "key" {
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = "data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.key.arn
    }
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = true
}
"#;

const BUCKET_CFN: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Data:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: data
      VersioningConfiguration:
        Status: Suspended
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt Key.Arn
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: false
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
"#;

/// Rules that skip CloudFormation resources because the loader does not read the property
/// they need (absent would not mean off), with that property.
const NOT_JUDGED_ON_TEMPLATES: &[(&str, &str)] = &[
    ("AWS-S3-013", "`ReplicationConfiguration` is not mapped"),
    ("AWS-S3-014", "`NotificationConfiguration` is not mapped"),
];

fn rule_ids(findings: &[Finding]) -> BTreeSet<String> {
    findings.iter().map(|f| f.rule_id.to_string()).collect()
}

#[test]
fn terraform_and_its_cloudformation_twin_get_the_same_findings() {
    let rules: Vec<&'static Rule> = builtin_rules().into_iter().collect();
    let tf = load_terraform_text("main.tf", BUCKET_TF);
    assert!(tf.errors.iter().all(|e| !e.is_error()), "{:?}", tf.errors);
    let dir = tempfile::tempdir().expect("tempdir");
    let template = dir.path().join("bucket.yaml");
    std::fs::write(&template, BUCKET_CFN).expect("write");
    let cfn = load_file(&template);

    let mut tf_ids = rule_ids(&findings_of(&tf, &rules));
    let cfn_ids = rule_ids(&findings_of(&cfn, &rules));
    // rules that do not judge templates yet because the loader drops the property they read;
    // each must still differ here, so the list stays true
    for (id, why) in NOT_JUDGED_ON_TEMPLATES {
        assert!(
            tf_ids.remove(*id) && !cfn_ids.contains(*id),
            "{id} is listed as not judged on templates ({why}) but the twins agree on it: drop it from the list"
        );
    }
    assert_eq!(tf_ids, cfn_ids);
    // and the twin really has something to find, and not what it fixed
    for expected in ["AWS-S3-005", "AWS-S3-009", "AWS-S3-006"] {
        assert!(
            cfn_ids.contains(expected),
            "{expected} missing from {cfn_ids:?}"
        );
    }
    for absent in [
        "AWS-S3-003",
        "AWS-S3-004",
        "AWS-S3-007",
        "AWS-S3-008",
        "AWS-KMS-001",
    ] {
        assert!(
            !cfn_ids.contains(absent),
            "{absent} reported on {cfn_ids:?}"
        );
    }
}

#[test]
fn metadata_suppressions_reach_the_engine() {
    let text = format!(
        "{}    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_21\n            comment: versioning is handled by replication\n",
        "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("t.yaml");
    std::fs::write(&path, text).expect("write");
    let out = load_file(&path);
    let found = findings_of(&out, &[rule("AWS-S3-005"), rule("AWS-S3-003")]);
    let versioning = found
        .iter()
        .find(|f| f.rule_id == "AWS-S3-005")
        .expect("finding kept, marked");
    let suppressed = versioning
        .suppressed
        .as_ref()
        .expect("suppressed by the checkov alias");
    assert_eq!(
        suppressed.reason.as_deref(),
        Some("versioning is handled by replication")
    );
    let pab = found
        .iter()
        .find(|f| f.rule_id == "AWS-S3-003")
        .expect("other rule");
    assert!(pab.suppressed.is_none());
}
