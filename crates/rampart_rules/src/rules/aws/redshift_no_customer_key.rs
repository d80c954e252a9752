//! AWS-RS-002: a Redshift cluster is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RS-002",
    title: "Redshift cluster is not encrypted with a customer-managed KMS key",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_redshift_cluster"],
    rationale: "A cluster that is unencrypted, or encrypted with the AWS-managed `aws/redshift` key, gives you no key policy to govern who can decrypt snapshots and no key to disable in an incident; cross-account snapshot sharing cannot be controlled through the key.",
    remediation: "Set `encrypted = true` and `kms_key_id` to a customer-managed `aws_kms_key` with rotation on. The key and its policy need a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
    ],
    aliases: &[
        "AVD-AWS-0084",
        "aws-redshift-encryption-customer-key",
        "CKV_AWS_142",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let cmk = svc::customer_managed_key(&r, "kms_key_id");
    svc::hit_if_false(
        &r,
        cmk,
        "kms_key_id",
        "is not encrypted with a customer-managed KMS key",
    )
}
