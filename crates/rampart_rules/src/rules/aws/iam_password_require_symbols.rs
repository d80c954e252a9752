//! AWS-IAM-007: IAM password policy does not require a symbol.
use crate::prelude::*;
use crate::views::iam::{password_policy_hits, tighten_password_policy};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-007",
    title: "IAM password policy does not require a symbol",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_account_password_policy"],
    rationale: "Without a symbol requirement users pick passwords from a smaller alphabet, which shortens cracking time. CIS AWS Foundations asks for symbols, numbers, upper- and lowercase letters.",
    remediation: "Set `require_symbols = true`. Existing passwords keep working; the rule applies at the next change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
    ],
    aliases: &[
        "AVD-AWS-0060",
        "aws-iam-require-symbols-in-passwords",
        "CKV_AWS_14",
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
        "require_symbols",
        |p| p.requires("require_symbols"),
        "does not require at least one symbol",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(tighten_password_policy(
        &r,
        "require_symbols",
        Value::Bool(true),
        "require at least one symbol in passwords",
    ))
}
