//! The IAM permission rules (issue 14) judge a principal on its *effective* permissions, and
//! the resource-policy rules judge "public" with the engine's definition. Each case is a small
//! module scanned with every built-in rule: what must be reported, what must not, and what
//! must be left undecided (never a silent pass).

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers: a failed setup fails the test

use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, RuleRun, builtin_rules, run_rules_reporting_undecided};

fn scan(text: &str) -> RuleRun {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("main.tf"), text).expect("write fixture");
    let loaded = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let hard: Vec<_> = loaded.errors.iter().filter(|e| e.is_error()).collect();
    assert!(hard.is_empty(), "load errors: {hard:?}");
    let rules = builtin_rules();
    run_rules_reporting_undecided(&loaded.inventory, &rules, &EngineOptions::default())
}

/// The messages of `rule` on `address`.
fn messages(run: &RuleRun, rule: &str, address: &str) -> Vec<String> {
    run.findings
        .iter()
        .filter(|f| f.rule_id == rule && f.address == address)
        .map(|f| f.message.to_string())
        .collect()
}

fn is_undecided(run: &RuleRun, rule: &str, address: &str) -> bool {
    run.undecided
        .iter()
        .any(|u| u.rule_id == rule && u.address == address)
}

/// A role with one inline policy (its statements as HCL objects) and extra text.
fn role(statements: &str, extra: &str) -> String {
    format!(
        r#"
resource "aws_iam_role" "r" {{
  name               = "r"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "ec2.amazonaws.com" }} }}] }})
  {extra}
}}

resource "aws_iam_role_policy" "r" {{
  name   = "r"
  role   = aws_iam_role.r.name
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{statements}] }})
}}
"#
    )
}

const PASS_AND_RUN: &str =
    r#"{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "*" }"#;

#[test]
fn a_method_is_reported_with_its_id_and_every_action() {
    let run = scan(&role(PASS_AND_RUN, ""));
    let found = messages(&run, "AWS-IAM-013", "aws_iam_role.r");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("ec2-run-instances (iam:PassRole + ec2:RunInstances)"),
        "{found:?}"
    );
    // the inline policy resource is judged on its role, not a second time
    assert!(messages(&run, "AWS-IAM-013", "aws_iam_role_policy.r").is_empty());
}

#[test]
fn a_deny_or_a_boundary_cancels_the_method() {
    let denied = scan(&role(
        &format!(
            r#"{PASS_AND_RUN}, {{ Effect = "Deny", Action = "iam:PassRole", Resource = "*" }}"#
        ),
        "",
    ));
    assert!(messages(&denied, "AWS-IAM-013", "aws_iam_role.r").is_empty());
    assert!(!is_undecided(&denied, "AWS-IAM-013", "aws_iam_role.r"));

    let boundary = r#"
resource "aws_iam_policy" "boundary" {
  name   = "boundary"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "ec2:*", Resource = "*" }] })
}
"#;
    let bounded = scan(&format!(
        "{boundary}{}",
        role(
            PASS_AND_RUN,
            "permissions_boundary = aws_iam_policy.boundary.arn"
        )
    ));
    assert!(messages(&bounded, "AWS-IAM-013", "aws_iam_role.r").is_empty());
    assert!(!is_undecided(&bounded, "AWS-IAM-013", "aws_iam_role.r"));
    // the boundary policy itself grants nothing: it is not judged as a grant
    assert!(messages(&bounded, "AWS-IAM-013", "aws_iam_policy.boundary").is_empty());
}

#[test]
fn a_missing_action_or_a_scoped_resource_opens_nothing() {
    let half = scan(&role(
        r#"{ Effect = "Allow", Action = "iam:PassRole", Resource = "*" }"#,
        "",
    ));
    assert!(messages(&half, "AWS-IAM-013", "aws_iam_role.r").is_empty());
    let scoped = scan(&role(
        r#"{ Effect = "Allow", Action = ["iam:PassRole", "ec2:RunInstances"], Resource = "arn:aws:iam::111122223333:role/web" }"#,
        "",
    ));
    assert!(messages(&scoped, "AWS-IAM-013", "aws_iam_role.r").is_empty());
}

#[test]
fn an_unknown_policy_is_undecided_not_clean() {
    let text = format!(
        "variable \"actions\" {{}}\n{}",
        role(
            r#"{ Effect = "Allow", Action = var.actions, Resource = "*" }"#,
            ""
        )
    );
    let run = scan(&text);
    assert!(messages(&run, "AWS-IAM-013", "aws_iam_role.r").is_empty());
    assert!(is_undecided(&run, "AWS-IAM-013", "aws_iam_role.r"));
}

#[test]
fn an_unknown_part_that_does_not_matter_still_decides() {
    // the Resource of a second statement is unknown; the first statement proves the method
    let text = format!(
        "variable \"bucket\" {{}}\n{}",
        role(
            &format!(
                r#"{PASS_AND_RUN}, {{ Effect = "Allow", Action = "s3:GetObject", Resource = var.bucket }}"#
            ),
            ""
        )
    );
    let run = scan(&text);
    assert_eq!(messages(&run, "AWS-IAM-013", "aws_iam_role.r").len(), 1);
}

#[test]
fn attached_policies_from_outside_the_module() {
    // a customer policy of another module may deny: the escalation cannot be proved
    let customer = scan(&format!(
        "{}\nresource \"aws_iam_role_policy_attachment\" \"x\" {{\n  role       = aws_iam_role.r.name\n  policy_arn = \"arn:aws:iam::111122223333:policy/guardrails\"\n}}\n",
        role(PASS_AND_RUN, "")
    ));
    assert!(messages(&customer, "AWS-IAM-013", "aws_iam_role.r").is_empty());
    assert!(is_undecided(&customer, "AWS-IAM-013", "aws_iam_role.r"));
    // an AWS-managed policy holds no Deny: what the module grants stands
    let managed = scan(&format!(
        "{}\nresource \"aws_iam_role_policy_attachment\" \"x\" {{\n  role       = aws_iam_role.r.name\n  policy_arn = \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n}}\n",
        role(PASS_AND_RUN, "")
    ));
    assert_eq!(messages(&managed, "AWS-IAM-013", "aws_iam_role.r").len(), 1);
}

#[test]
fn full_administrators_are_left_to_the_admin_rule() {
    let run = scan(&role(
        r#"{ Effect = "Allow", Action = "*", Resource = "*" }"#,
        "",
    ));
    for rule in ["AWS-IAM-013", "AWS-IAM-014", "AWS-IAM-015", "AWS-IAM-016"] {
        assert!(messages(&run, rule, "aws_iam_role.r").is_empty(), "{rule}");
    }
    assert!(!messages(&run, "AWS-IAM-001", "aws_iam_role_policy.r").is_empty());
}

#[test]
fn the_risk_groups_name_their_effective_actions() {
    let run = scan(&role(
        r#"{ Effect = "Allow", Action = ["s3:GetObject", "kms:Decrypt", "sns:AddPermission", "sts:GetFederationToken"], Resource = "*" }, { Effect = "Deny", Action = "kms:Decrypt", Resource = "*" }"#,
        "",
    ));
    let exfiltration = messages(&run, "AWS-IAM-014", "aws_iam_role.r");
    assert_eq!(exfiltration.len(), 1);
    assert!(exfiltration[0].contains("`s3:GetObject`"));
    assert!(
        !exfiltration[0].contains("kms:Decrypt"),
        "denied: {exfiltration:?}"
    );
    assert!(messages(&run, "AWS-IAM-015", "aws_iam_role.r")[0].contains("`sns:AddPermission`"));
    assert!(
        messages(&run, "AWS-IAM-016", "aws_iam_role.r")[0].contains("`sts:GetFederationToken`")
    );
}

/// A bucket with a policy whose one statement allows everyone under `condition`.
fn bucket(condition: &str) -> String {
    format!(
        r#"
resource "aws_s3_bucket" "b" {{
  bucket = "acme-data"
}}

resource "aws_s3_bucket_policy" "b" {{
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::acme-data/*"
      Condition = {condition}
    }}]
  }})
}}
"#
    )
}

#[test]
fn resource_policy_conditions_that_narrow() {
    for condition in [
        r#"{ StringEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }"#,
        r#"{ StringEquals = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }"#,
        r#"{ IpAddress = { "aws:SourceIp" = "10.0.0.0/16" } }"#,
    ] {
        let run = scan(&bucket(condition));
        assert!(
            messages(&run, "AWS-S3-002", "aws_s3_bucket_policy.b").is_empty(),
            "{condition} narrows"
        );
    }
}

#[test]
fn resource_policy_conditions_that_only_look_like_they_narrow() {
    for condition in [
        r#"{ StringNotEquals = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }"#,
        r#"{ StringLike = { "aws:PrincipalOrgID" = "*" } }"#,
        r#"{ ArnLike = { "aws:PrincipalArn" = "arn:aws:iam::*" } }"#,
        r#"{ IpAddress = { "aws:SourceIp" = "0.0.0.0/0" } }"#,
        r#"{ StringEqualsIfExists = { "aws:SourceVpce" = "vpce-1a2b3c4d" } }"#,
        r#"{ "ForAllValues:StringEquals" = { "aws:PrincipalOrgID" = "o-a1b2c3d4e5" } }"#,
        r#"{ StringEquals = { "aws:PrincipalAccount" = "$${aws:SourceAccount}" } }"#,
    ] {
        let run = scan(&bucket(condition));
        assert_eq!(
            messages(&run, "AWS-S3-002", "aws_s3_bucket_policy.b").len(),
            1,
            "{condition} does not narrow"
        );
    }
}

#[test]
fn an_unknown_condition_value_leaves_the_bucket_undecided() {
    let text = format!(
        "variable \"endpoint\" {{}}\n{}",
        bucket(r#"{ StringEquals = { "aws:SourceVpce" = var.endpoint } }"#)
    );
    let run = scan(&text);
    assert!(messages(&run, "AWS-S3-002", "aws_s3_bucket_policy.b").is_empty());
    assert!(is_undecided(&run, "AWS-S3-002", "aws_s3_bucket_policy.b"));
}

#[test]
fn a_principal_of_another_account_is_not_public() {
    let text = bucket("{}").replace(
        r#"Principal = "*""#,
        r#"Principal = { AWS = "arn:aws:iam::444455556666:root" }"#,
    );
    let run = scan(&text);
    assert!(messages(&run, "AWS-S3-002", "aws_s3_bucket_policy.b").is_empty());
    assert!(!is_undecided(&run, "AWS-S3-002", "aws_s3_bucket_policy.b"));
}

#[test]
fn a_lambda_permission_with_a_wildcard_source_is_public() {
    let run = scan(
        r#"
resource "aws_lambda_permission" "open" {
  statement_id  = "Open"
  action        = "lambda:InvokeFunction"
  function_name = "f"
  principal     = "*"
  source_arn    = "arn:aws:s3:::*"
}

resource "aws_lambda_permission" "pinned" {
  statement_id   = "Pinned"
  action         = "lambda:InvokeFunction"
  function_name  = "f"
  principal      = "*"
  source_account = "111122223333"
}
"#,
    );
    assert_eq!(
        messages(&run, "AWS-LMB-004", "aws_lambda_permission.open").len(),
        1
    );
    assert!(messages(&run, "AWS-LMB-004", "aws_lambda_permission.pinned").is_empty());
}
