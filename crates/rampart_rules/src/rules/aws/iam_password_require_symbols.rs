//! AWS-IAM-007: IAM password policy does not require a symbol.
use crate::prelude::*;
use crate::views::iam::PasswordPolicy;

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
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let p = PasswordPolicy::new(r);
    if is_managed(&r) && p.requires("require_symbols").is_false() {
        vec![Hit::at(
            "require_symbols",
            format!("`{}` does not require at least one symbol", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "require_symbols",
        Value::Bool(true),
        "require at least one symbol in passwords",
        Applicability::Safe,
    ))
}
