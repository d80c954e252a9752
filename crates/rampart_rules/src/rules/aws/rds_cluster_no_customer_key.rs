//! AWS-RDS-008: an RDS cluster's storage is not encrypted with a customer-managed KMS key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-008",
    title: "RDS cluster is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster"],
    rationale: "Without `kms_key_id`, an encrypted cluster uses the AWS-managed `aws/rds` key: its key policy cannot \
be changed, so every principal of the account allowed to use RDS can use it, snapshots encrypted with it cannot be \
shared with another account, and there is no key to disable to cut off access in an incident. An unencrypted \
cluster is reported too (and by AWS-RDS-001). Clusters that take their key from elsewhere when `kms_key_id` is \
unset (restored from a snapshot or a point in time, read replicas, secondary clusters of a global database) are not \
reported.",
    remediation: "Set `kms_key_id` to the ARN of a customer-managed `aws_kms_key` (with rotation on) and \
`storage_encrypted = true`. The key of an existing cluster cannot be changed in place (restore a snapshot copy \
re-encrypted with the new key), and the key needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.Keys.html",
    ],
    aliases: &["CKV_AWS_327"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Attributes under which an absent `kms_key_id` means "the key of the source", not `aws/rds`.
const KEY_FROM_SOURCE: &[&str] = &[
    "snapshot_identifier",
    "replication_source_identifier",
    "global_cluster_identifier",
    "restore_to_point_in_time",
    "s3_import",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let key = svc::customer_managed_key(&r, "kms_key_id");
    let from_source = KEY_FROM_SOURCE
        .iter()
        .any(|a| r.get(a).is_some_and(|v| !v.is_null()));
    if from_source && key.is_false() {
        return Vec::new(); // which key the source has is not known here
    }
    svc::hit_if_false(
        &r,
        key,
        "kms_key_id",
        "is not encrypted with a customer-managed KMS key",
    )
}
