//! End-to-end tests of `rampart iam simulate` and `rampart iam can`: decisions and their exit
//! status (0 allowed, 1 denied, 2 error or undecided), the deciding statements, explanations,
//! errors that name the field, and `can` gathering a principal's inline, attached, group and
//! boundary policies and the resource's policy from Terraform code — each answer checked
//! against what AWS's evaluation logic gives.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::{Value as Json, json};
use std::path::Path;

fn rampart(cwd: &Path, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut cmd = cargo_bin_cmd!("rampart");
    cmd.current_dir(cwd).env("NO_COLOR", "1").args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input.to_string());
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn allow(action: &str, resource: &str) -> Json {
    json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})
}

#[test]
fn simulate_allows_and_names_the_statement_from_a_file_and_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let request = json!({
        "principal": "arn:aws:iam::111122223333:user/alice",
        "resource_account": "111122223333",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::reports/q1.csv",
        "identity_policies": [allow("s3:Get*", "arn:aws:s3:::reports/*")],
    });
    write(dir.path(), "request.json", &request.to_string());
    let (code, out, err) = rampart(
        dir.path(),
        &["iam", "simulate", "request.json", "--format", "json"],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let answer: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(answer["decision"], "allowed");
    assert_eq!(answer["statements"][0]["policy"], "identity_policies[0]");
    assert_eq!(answer["statements"][0]["index"], 0);

    let (code, out, _) = rampart(
        dir.path(),
        &["iam", "simulate", "-"],
        Some(&request.to_string()),
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("ALLOWED"), "{out}");
    assert!(out.contains("identity_policies[0] statement 0"), "{out}");
}

#[test]
fn simulate_denies_with_status_one_and_explains_the_deny() {
    let dir = tempfile::tempdir().unwrap();
    let request = json!({
        "principal": "arn:aws:iam::111122223333:user/alice",
        "resource_account": "111122223333",
        "action": "s3:DeleteObject",
        "resource": "arn:aws:s3:::reports/q1.csv",
        "identity_policies": [
            allow("s3:*", "*"),
            {"Version": "2012-10-17", "Statement": [{"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]}
        ],
    });
    write(dir.path(), "request.json", &request.to_string());
    let (code, out, _) = rampart(dir.path(), &["iam", "simulate", "request.json"], None);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("EXPLICITLY DENIED"), "{out}");
    assert!(out.contains("Sid `NoDeletes`"), "{out}");

    let implicit = json!({
        "principal": "arn:aws:iam::111122223333:user/alice",
        "resource_account": "111122223333",
        "action": "s3:GetObject",
        "resource": "arn:aws:s3:::other/x",
        "identity_policies": [allow("s3:GetObject", "arn:aws:s3:::reports/*")],
    });
    let (code, out, _) = rampart(
        dir.path(),
        &["iam", "simulate", "-", "--format", "json"],
        Some(&implicit.to_string()),
    );
    assert_eq!(code, 1);
    assert_eq!(
        serde_json::from_str::<Json>(&out).unwrap()["decision"],
        "implicitly_denied"
    );
}

#[test]
fn simulate_rejects_a_bad_request_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let bad = json!({
        "principal": "arn:aws:iam::111122223333:user/alice",
        "resource_account": "111122223333",
        "action": "s3:GetObject",
        "resource": "*",
        "identity_policies": [{"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}],
    });
    let (code, out, err) = rampart(
        dir.path(),
        &["iam", "simulate", "-"],
        Some(&bad.to_string()),
    );
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("identity_policies[0]"), "{err}");
    assert!(err.contains("Effect"), "{err}");

    let (code, _, err) = rampart(dir.path(), &["iam", "simulate", "missing.json"], None);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json"), "{err}");
}

/// A module with a role whose inline policy reads one bucket, an attached managed policy that
/// denies deletes, a bucket policy, a boundary-limited role, a user in a group, and a role
/// whose policy is not known statically.
const MODULE: &str = r#"
resource "aws_iam_role" "app" {
  name               = "app"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
  inline_policy {
    name   = "read-reports"
    policy = data.aws_iam_policy_document.read.json
  }
}

data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["arn:aws:s3:::reports/*"]
  }
}

resource "aws_iam_policy" "no_deletes" {
  name   = "no-deletes"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Sid = "NoDeletes", Effect = "Deny", Action = "s3:DeleteObject", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "app_no_deletes" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.no_deletes.arn
}

resource "aws_iam_policy" "boundary" {
  name   = "only-reads"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:Get*", Resource = "*" }] })
}

resource "aws_iam_role" "bounded" {
  name                 = "bounded"
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [] })
  permissions_boundary = aws_iam_policy.boundary.arn
  managed_policy_arns  = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_group" "ops" {
  name = "ops"
}

resource "aws_iam_group_policy" "ops_kms" {
  group  = aws_iam_group.ops.name
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "*" }] })
}

resource "aws_iam_user_group_membership" "bob" {
  user   = aws_iam_user.bob.name
  groups = [aws_iam_group.ops.name]
}

resource "aws_s3_bucket" "shared" {
  bucket = "shared-drop"
}

resource "aws_s3_bucket_policy" "shared" {
  bucket = aws_s3_bucket.shared.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { AWS = "arn:aws:iam::000000000000:role/app" }, Action = "s3:PutObject", Resource = "arn:aws:s3:::shared-drop/*" }] })
}

variable "extra_policy_arn" {
  type = string
}

resource "aws_iam_role" "opaque" {
  name                = "opaque"
  assume_role_policy  = jsonencode({ Version = "2012-10-17", Statement = [] })
  managed_policy_arns = [var.extra_policy_arn, "arn:aws:iam::aws:policy/AmazonS3FullAccess"]
}
"#;

fn module() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", MODULE);
    dir
}

fn can(dir: &Path, args: &[&str]) -> (i32, Json) {
    let mut full = vec!["iam", "can"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "json", "--quiet", "."]);
    let (code, out, err) = rampart(dir, &full, None);
    let answer = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, answer)
}

#[test]
fn can_reads_inline_policies_from_a_policy_document_and_attached_denies() {
    let dir = module();
    let (code, answer) = can(
        dir.path(),
        &[
            "aws_iam_role.app",
            "s3:GetObject",
            "arn:aws:s3:::reports/q1.csv",
        ],
    );
    assert_eq!(code, 0, "{answer}");
    assert_eq!(answer["decision"], "allowed");
    assert!(
        answer["sources"][0]
            .as_str()
            .unwrap()
            .contains("aws_iam_role.app.inline_policy[0]"),
        "{answer}"
    );

    // the attached managed policy's Deny wins over the inline Allow
    let (code, answer) = can(
        dir.path(),
        &["app", "s3:DeleteObject", "arn:aws:s3:::reports/q1.csv"],
    );
    assert_eq!(code, 1, "{answer}");
    assert_eq!(answer["decision"], "explicitly_denied");
    assert_eq!(answer["statements"][0]["sid"], "NoDeletes");

    // nothing grants another bucket
    let (code, answer) = can(
        dir.path(),
        &[
            "arn:aws:iam::000000000000:role/app",
            "s3:GetObject",
            "arn:aws:s3:::payroll/x",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(answer["decision"], "implicitly_denied");
}

#[test]
fn can_applies_the_bucket_policy_and_the_permission_boundary() {
    let dir = module();
    // the bucket policy names the role, so it grants the write on its own in the same account
    let (code, answer) = can(
        dir.path(),
        &[
            "arn:aws:sts::000000000000:assumed-role/app/session-1",
            "s3:PutObject",
            "arn:aws:s3:::shared-drop/in.csv",
        ],
    );
    assert_eq!(code, 0, "{answer}");
    assert!(
        answer["sources"].as_array().unwrap().iter().any(|s| s
            .as_str()
            .unwrap()
            .starts_with("resource_policy: aws_s3_bucket_policy.shared")),
        "{answer}"
    );

    // AdministratorAccess inside a reads-only boundary: reads pass, writes do not
    let (code, _) = can(
        dir.path(),
        &["bounded", "s3:GetObject", "arn:aws:s3:::reports/q1.csv"],
    );
    assert_eq!(code, 0);
    let (code, answer) = can(
        dir.path(),
        &[
            "bounded",
            "iam:CreateUser",
            "arn:aws:iam::000000000000:user/x",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(answer["decision"], "implicitly_denied");
}

#[test]
fn can_follows_a_user_into_its_groups() {
    let dir = module();
    let (code, answer) = can(
        dir.path(),
        &[
            "bob",
            "kms:Decrypt",
            "arn:aws:kms:eu-west-1:000000000000:key/k1",
        ],
    );
    assert_eq!(code, 0, "{answer}");
    assert!(
        answer["sources"][0]
            .as_str()
            .unwrap()
            .contains("aws_iam_group_policy.ops_kms"),
        "{answer}"
    );
    let (code, _) = can(
        dir.path(),
        &[
            "bob",
            "kms:Encrypt",
            "arn:aws:kms:eu-west-1:000000000000:key/k1",
        ],
    );
    assert_eq!(code, 1);
}

#[test]
fn can_is_undecided_when_a_policy_is_not_known_statically() {
    let dir = module();
    let (code, answer) = can(dir.path(), &["opaque", "ec2:RunInstances", "*"]);
    assert_eq!(code, 2, "{answer}");
    assert_eq!(answer["decision"], "undecided");
    assert_eq!(answer["known_policies_decide"], "implicitly_denied");
    assert!(
        answer["unknown"][0]
            .as_str()
            .unwrap()
            .contains("aws_iam_role.opaque.managed_policy_arns[0]"),
        "{answer}"
    );
    // the known managed policy still counts
    let (_, answer) = can(dir.path(), &["opaque", "s3:GetObject", "arn:aws:s3:::x/y"]);
    assert_eq!(answer["known_policies_decide"], "allowed");
}

#[test]
fn can_shows_a_request_that_simulate_decides_the_same_way() {
    let dir = module();
    let (code, request, err) = rampart(
        dir.path(),
        &[
            "iam",
            "can",
            "app",
            "s3:DeleteObject",
            "arn:aws:s3:::reports/q1.csv",
            "--show-request",
            "--quiet",
            ".",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let parsed: Json = serde_json::from_str(&request).unwrap();
    assert_eq!(parsed["principal"], "arn:aws:iam::000000000000:role/app");
    assert_eq!(parsed["identity_policies"].as_array().unwrap().len(), 2);
    let (code, out, _) = rampart(
        dir.path(),
        &["iam", "simulate", "-", "--format", "json"],
        Some(&request),
    );
    assert_eq!(code, 1);
    assert_eq!(
        serde_json::from_str::<Json>(&out).unwrap()["decision"],
        "explicitly_denied"
    );
}

#[test]
fn can_names_a_missing_or_ambiguous_principal() {
    let dir = module();
    let (code, _, err) = rampart(
        dir.path(),
        &["iam", "can", "nobody", "s3:GetObject", "*", "--quiet", "."],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("no role or user `nobody`"), "{err}");
    let (code, _, err) = rampart(
        dir.path(),
        &[
            "iam",
            "can",
            "aws_s3_bucket.shared",
            "s3:GetObject",
            "*",
            "--quiet",
            ".",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("not a role or user"), "{err}");
}

fn trail_data(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rampart_trail/tests/data")
        .join(path)
        .display()
        .to_string()
}

#[test]
fn least_privilege_writes_the_proven_policy_for_one_principal() {
    let dir = tempfile::tempdir().unwrap();
    // the sample's two well-formed log files (the whole sample has a truncated file)
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    for name in [
        "111122223333_CloudTrail_us-east-1_20261201T1000Z_alice.json",
        "111122223333_CloudTrail_us-east-1_20261201T1100Z_deployer.json.gz",
    ] {
        std::fs::copy(
            trail_data(&format!("trail/111122223333/2026/12/01/{name}")),
            logs.join(name),
        )
        .unwrap();
    }
    let trail = logs.display().to_string();
    let current = trail_data("current/alice.json");
    let (code, out, err) = rampart(
        dir.path(),
        &[
            "iam",
            "least-privilege",
            "--cloudtrail",
            &trail,
            "--principal",
            "arn:aws:iam::111122223333:user/alice",
            "--current",
            &current,
            "--since",
            "90d",
            "--now",
            "2026-12-07T00:00:00Z",
            "--format",
            "json",
            "--quiet",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let report: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(report["proven"], true);
    let principals = report["principals"].as_array().unwrap();
    assert_eq!(principals.len(), 1, "{report}");
    let policy = principals[0]["policy"].to_string();
    assert!(policy.contains("s3:GetObject"), "{policy}");
    assert!(!policy.contains("s3:PutObject"), "{policy}");
    assert!(!policy.contains("iam:"), "{policy}");
    // iam:* in the current policy is high-risk and removed
    assert!(
        principals[0]["high_risk_removed"].as_u64().unwrap() > 100,
        "{report}"
    );
    assert!(report["replay"].is_object(), "{report}");

    let written = dir.path().join("alice.tf");
    let (code, out, err) = rampart(
        dir.path(),
        &[
            "iam",
            "least-privilege",
            "--cloudtrail",
            &trail,
            "--principal",
            "arn:aws:iam::111122223333:user/alice",
            "--now",
            "2026-12-07T00:00:00Z",
            "--format",
            "terraform",
            "--output",
            written.to_str().unwrap(),
            "--quiet",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    let terraform = std::fs::read_to_string(&written).unwrap();
    assert!(
        terraform.contains("data \"aws_iam_policy_document\""),
        "{terraform}"
    );
}

#[test]
fn least_privilege_names_unreadable_input_and_a_current_policy_without_principal() {
    let dir = tempfile::tempdir().unwrap();
    // the whole sample holds a truncated file and a malformed line: the report is still
    // written, proven on what was read, and the status says the input was incomplete
    let (code, out, err) = rampart(
        dir.path(),
        &[
            "iam",
            "least-privilege",
            "--cloudtrail",
            &trail_data("trail"),
            "--now",
            "2026-12-07T00:00:00Z",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code, 2, "{err}");
    let report: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(report["problem_count"], 2, "{report}");
    assert_eq!(report["principals"].as_array().unwrap().len(), 3);
    assert!(err.contains("2 problems reading"), "{err}");

    let (code, _, err) = rampart(
        dir.path(),
        &["iam", "least-privilege", "--cloudtrail", "no-such-dir"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("no-such-dir"), "{err}");
    let (code, _, err) = rampart(
        dir.path(),
        &[
            "iam",
            "least-privilege",
            "--cloudtrail",
            ".",
            "--current",
            "p.json",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("--principal"), "{err}");
}
