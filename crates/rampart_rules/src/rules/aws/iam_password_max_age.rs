//! AWS-IAM-012: IAM password policy lets passwords live longer than 90 days.
use crate::prelude::*;
use crate::views::iam::password_policy_hits;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-012",
    title: "IAM password policy lets passwords live longer than 90 days",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_account_password_policy"],
    rationale: "A password that never expires stays useful to whoever stole it for as long as the user keeps it. CIS AWS Foundations asks for expiry within 90 days. (Current NIST guidance prefers no forced rotation when MFA and breach screening are in place; suppress this rule with a reason if that is your policy.)",
    remediation: "Set `max_password_age = 90` (or less), and leave `hard_expiry` false unless administrators are ready to reset expired passwords.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy",
    ],
    aliases: &["AVD-AWS-0062", "aws-iam-set-max-password-age", "CKV_AWS_9"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    password_policy_hits(
        r,
        "max_password_age",
        |p| p.max_age_at_most(90),
        "lets passwords live longer than 90 days (unset means they never expire)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "max_password_age", Value::Number(90.0), "expire passwords after 90 days", Applicability::Unsafe("users whose password is older than 90 days must change it at their next sign-in; with `hard_expiry = true` they are locked out until an administrator resets it".into())))
}
