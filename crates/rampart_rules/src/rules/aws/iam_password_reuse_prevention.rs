//! AWS-IAM-011: IAM password policy lets users reuse one of their last 24 passwords.
use crate::prelude::*;
use crate::views::iam::{password_policy_hits, tighten_password_policy};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-011",
    title: "IAM password policy lets users reuse one of their last 24 passwords",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_account_password_policy"],
    rationale: "When old passwords can be reused, a password that leaked once (a breach dump, a phishing page) becomes valid again after a forced change. CIS AWS Foundations asks AWS to remember 24 passwords, the maximum. (Trivy's AVD-AWS-0056 accepts 5; Rampart follows CIS and Checkov.)",
    remediation: "Set `password_reuse_prevention = 24`. Existing passwords keep working; the rule applies at the next change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
    ],
    aliases: &["AVD-AWS-0056", "aws-iam-no-password-reuse", "CKV_AWS_13"],
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
        "password_reuse_prevention",
        |p| p.reuse_prevention_at_least(24),
        "does not prevent reuse of the last 24 passwords",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(tighten_password_policy(
        &r,
        "password_reuse_prevention",
        Value::Number(24.0),
        "remember the last 24 passwords",
    ))
}
