//! Policies evaluated partially (issue 12): a judgement depends only on the values it needs. A
//! public principal with a broad action is public whatever the resource ARN is, so a policy
//! with one unresolved value is still judged; only a question that turns on the unknown part
//! is left undecided, and it says so.
//!
//! The first three cases are the misses found in a real repository: an SQS queue policy
//! heredoc whose `Resource` is an interpolated reference, a public bucket policy built from
//! `data.aws_iam_policy_document` with references, and an `"Action": "*"` heredoc with an
//! interpolation.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers: a failed setup fails the test

use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, RuleRun, builtin_rules, run_rules_reporting_undecided};
use std::collections::BTreeSet;

/// Scans `files` (name, text) in one folder with every built-in rule.
fn scan(files: &[(&str, &str)]) -> RuleRun {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write fixture");
    }
    let loaded = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let hard: Vec<_> = loaded.errors.iter().filter(|e| e.is_error()).collect();
    assert!(hard.is_empty(), "load errors: {hard:?}");
    let rules = builtin_rules();
    run_rules_reporting_undecided(&loaded.inventory, &rules, &EngineOptions::default())
}

/// (rule, address) of every finding.
fn found(run: &RuleRun) -> BTreeSet<(String, String)> {
    run.findings
        .iter()
        .map(|f| (f.rule_id.to_string(), f.address.clone()))
        .collect()
}

/// (rule, address, attribute) of every undecided check.
fn undecided(run: &RuleRun) -> BTreeSet<(String, String, String)> {
    run.undecided
        .iter()
        .map(|u| (u.rule_id.clone(), u.address.clone(), u.attribute.clone()))
        .collect()
}

fn pair(rule: &str, address: &str) -> (String, String) {
    (rule.to_string(), address.to_string())
}

fn undecided_of(run: &RuleRun, rule: &str) -> Vec<(String, String, String)> {
    undecided(run)
        .into_iter()
        .filter(|(r, _, _)| r == rule)
        .collect()
}

const SQS_HEREDOC: &str = r#"
resource "aws_sqs_queue" "q" {
  name = "orders"
}

resource "aws_sqs_queue_policy" "p" {
  queue_url = aws_sqs_queue.q.id
  policy    = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "sqs:*",
      "Resource": "${aws_sqs_queue.q.arn}"
    }
  ]
}
POLICY
}
"#;

#[test]
fn sqs_policy_heredoc_with_a_referenced_resource_is_judged_public() {
    let run = scan(&[("main.tf", SQS_HEREDOC)]);
    assert!(
        found(&run).contains(&pair("AWS-SQS-002", "aws_sqs_queue_policy.p")),
        "{:?}",
        found(&run)
    );
    assert_eq!(undecided_of(&run, "AWS-SQS-002"), vec![]);
}

const S3_POLICY_DOCUMENT: &str = r#"
resource "aws_s3_bucket" "b" {
  bucket = "public-site"
}

data "aws_iam_policy_document" "public" {
  statement {
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.b.arn}/*"]
  }
}

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.public.json
}
"#;

#[test]
fn bucket_policy_from_a_policy_document_with_references_is_judged_public() {
    let run = scan(&[("main.tf", S3_POLICY_DOCUMENT)]);
    let found = found(&run);
    assert!(
        found.contains(&pair("AWS-S3-002", "aws_s3_bucket_policy.p")),
        "{found:?}"
    );
    // the bucket's own checks no longer stop at its policy's unknown resource ARN
    for rule in ["AWS-S3-006", "AWS-S3-007"] {
        assert!(
            found.contains(&pair(rule, "aws_s3_bucket.b")),
            "{rule}: {found:?}"
        );
    }
    // the identity-policy checks of the document decide from its known actions
    assert_eq!(
        undecided(&run),
        BTreeSet::new(),
        "nothing here turns on the unknown ARN"
    );
}

const ADMIN_HEREDOC: &str = r#"
variable "name" {}

resource "aws_iam_policy" "admin" {
  name   = "admin-${var.name}"
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "All${var.name}",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
EOT
}
"#;

#[test]
fn admin_policy_heredoc_with_an_interpolation_is_judged_admin() {
    let run = scan(&[("main.tf", ADMIN_HEREDOC)]);
    assert!(
        found(&run).contains(&pair("AWS-IAM-001", "aws_iam_policy.admin")),
        "{:?}",
        found(&run)
    );
}

#[test]
fn a_question_that_turns_on_the_unknown_part_is_undecided_and_says_where() {
    // the principal is the unknown part: whether the queue is public cannot be known, and the
    // report names the statement's Principal, not the whole policy
    let text = format!(
        "variable \"reader\" {{}}\n{}",
        SQS_HEREDOC
            .replace(
                r#""Principal": "*""#,
                r#""Principal": {"AWS": "${var.reader}"}"#
            )
            .replace(r#""Action": "sqs:*""#, r#""Action": "sqs:ReceiveMessage""#)
    );
    let run = scan(&[("main.tf", &text)]);
    assert!(!found(&run).contains(&pair("AWS-SQS-002", "aws_sqs_queue_policy.p")));
    assert_eq!(
        undecided_of(&run, "AWS-SQS-002"),
        vec![(
            "AWS-SQS-002".to_string(),
            "aws_sqs_queue_policy.p".to_string(),
            "policy.Statement.0.Principal.AWS".to_string()
        )]
    );
}

#[test]
fn a_known_private_principal_decides_although_the_resource_is_unknown() {
    let text = SQS_HEREDOC.replace(
        r#""Principal": "*""#,
        r#""Principal": {"AWS": "arn:aws:iam::111122223333:root"}"#,
    );
    let text = text.replace(r#""Action": "sqs:*""#, r#""Action": "sqs:SendMessage""#);
    let run = scan(&[("main.tf", &text)]);
    assert!(!found(&run).contains(&pair("AWS-SQS-002", "aws_sqs_queue_policy.p")));
    assert_eq!(undecided_of(&run, "AWS-SQS-002"), vec![]);
}

#[test]
fn a_template_whose_shape_turns_on_an_unknown_stays_unknown() {
    // `%{ if }` over an unknown may add or drop statements: nothing of the text is read, and
    // the check says it is undecided rather than passing
    let text = r#"
variable "open" {}

resource "aws_iam_policy" "p" {
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [
    %{ if var.open }{"Effect": "Allow", "Action": "*", "Resource": "*"}%{ else }{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}%{ endif }
  ]
}
EOT
}
"#;
    let run = scan(&[("main.tf", text)]);
    assert!(!found(&run).contains(&pair("AWS-IAM-001", "aws_iam_policy.p")));
    assert_eq!(
        undecided_of(&run, "AWS-IAM-001"),
        vec![(
            "AWS-IAM-001".to_string(),
            "aws_iam_policy.p".to_string(),
            "policy".to_string()
        )]
    );
}

#[test]
fn cloudformation_policies_with_intrinsics_are_judged_on_their_known_parts() {
    let template = r#"
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues:
        - !Ref Queue
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: "*"
            Action: "sqs:*"
            Resource: !GetAtt Queue.Arn
"#;
    let run = scan(&[("template.yaml", template)]);
    let found = found(&run);
    assert!(
        found.iter().any(|(rule, _)| rule == "AWS-SQS-002"),
        "{found:?}"
    );
    assert_eq!(undecided_of(&run, "AWS-SQS-002"), vec![]);
}
