//! AWS-IAM-009: IAM password policy does not require an uppercase letter.
use crate::prelude::*;
use crate::views::iam::{password_policy_hits, tighten_password_policy};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-009",
    title: "IAM password policy does not require an uppercase letter",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_account_password_policy"],
    rationale: "Without an uppercase requirement users pick passwords from a smaller alphabet, which shortens cracking time. CIS AWS Foundations asks for symbols, numbers, upper- and lowercase letters.",
    remediation: "Set `require_uppercase_characters = true`. Existing passwords keep working; the rule applies at the next change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
    ],
    aliases: &[
        "AVD-AWS-0061",
        "aws-iam-require-uppercase-in-passwords",
        "CKV_AWS_15",
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
        "require_uppercase_characters",
        |p| p.requires("require_uppercase_characters"),
        "does not require at least one uppercase letter",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(tighten_password_policy(
        &r,
        "require_uppercase_characters",
        Value::Bool(true),
        "require at least one uppercase letter in passwords",
    ))
}
