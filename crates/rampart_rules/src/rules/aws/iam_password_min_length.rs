//! AWS-IAM-006: IAM password policy allows passwords shorter than 14 characters.
use crate::prelude::*;
use crate::views::iam::{password_policy_hits, tighten_password_policy};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-006",
    title: "IAM password policy allows passwords shorter than 14 characters",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_account_password_policy"],
    rationale: "Short passwords fall quickly to offline cracking and online guessing. Length adds far more strength than complexity rules; CIS AWS Foundations asks for at least 14 characters. Without the attribute AWS accepts 6.",
    remediation: "Set `minimum_password_length = 14` (or more). Existing passwords keep working; the rule applies at the next change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
    ],
    aliases: &[
        "AVD-AWS-0063",
        "aws-iam-set-minimum-password-length",
        "CKV_AWS_10",
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
        "minimum_password_length",
        |p| p.min_length_at_least(14),
        "allows passwords shorter than 14 characters (AWS's default minimum is 6)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(tighten_password_policy(
        &r,
        "minimum_password_length",
        Value::Number(14.0),
        "require passwords of at least 14 characters",
    ))
}
