//! AWS-IAM-008: IAM password policy does not require a number.
use crate::prelude::*;
use crate::views::iam::{password_policy_hits, tighten_password_policy};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-008",
    title: "IAM password policy does not require a number",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_account_password_policy"],
    rationale: "Without a number requirement users pick passwords from a smaller alphabet, which shortens cracking time. CIS AWS Foundations asks for symbols, numbers, upper- and lowercase letters.",
    remediation: "Set `require_numbers = true`. Existing passwords keep working; the rule applies at the next change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
    ],
    aliases: &[
        "AVD-AWS-0059",
        "aws-iam-require-numbers-in-passwords",
        "CKV_AWS_12",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    password_policy_hits(
        r,
        "require_numbers",
        |p| p.requires("require_numbers"),
        "does not require at least one number",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(tighten_password_policy(
        &r,
        "require_numbers",
        Value::Bool(true),
        "require at least one number in passwords",
    ))
}
