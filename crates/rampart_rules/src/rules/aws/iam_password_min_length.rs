//! AWS-IAM-006: IAM password policy allows passwords shorter than 14 characters.
use crate::prelude::*;
use crate::views::iam::PasswordPolicy;

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
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let p = PasswordPolicy::new(r);
    if is_managed(&r) && p.min_length_at_least(14).is_false() {
        vec![Hit::at(
            "minimum_password_length",
            format!(
                "`{}` allows passwords shorter than 14 characters (AWS's default minimum is 6)",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "minimum_password_length",
        Value::Number(14.0),
        "require passwords of at least 14 characters",
        Applicability::Safe,
    ))
}
