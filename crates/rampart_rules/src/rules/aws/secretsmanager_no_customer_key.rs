//! AWS-SM-001: a secret is encrypted with the AWS-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SM-001",
    title: "Secrets Manager secret is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_secretsmanager_secret"],
    rationale: "Without `kms_key_id` (or with `alias/aws/secretsmanager`) the secret is encrypted with the AWS-managed key, which any principal of the account with `secretsmanager:GetSecretValue` may use: no key policy of yours adds a second check, the secret cannot be shared across accounts, and there is no key to disable in an incident.",
    remediation: "Set `kms_key_id` to a customer-managed `aws_kms_key` whose key policy names the roles that may decrypt it. The key needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html",
    ],
    aliases: &[
        "AVD-AWS-0098",
        "aws-ssm-secret-use-customer-key",
        "CKV_AWS_149",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        svc::customer_managed_key(&r, "kms_key_id"),
        "kms_key_id",
        "is not encrypted with a customer-managed KMS key",
    )
}
