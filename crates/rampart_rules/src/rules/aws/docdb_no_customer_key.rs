//! AWS-DOC-003: a DocumentDB cluster is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-DOC-003",
    title: "DocumentDB cluster is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_docdb_cluster"],
    rationale: "Unencrypted, or encrypted with the AWS-managed `aws/rds` key, the cluster's data and snapshots cannot be governed by a key policy of yours, and there is no key to disable to cut off access in an incident.",
    remediation: "Set `storage_encrypted = true` and `kms_key_id` to a customer-managed `aws_kms_key`. The key needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
    ],
    aliases: &[
        "AVD-AWS-0022",
        "aws-documentdb-encryption-customer-key",
        "CKV_AWS_182",
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
