//! AWS-ELC-001: a replication group stores data unencrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::cache_engine;

pub static RULE: Rule = Rule {
    id: "AWS-ELC-001",
    title: "ElastiCache replication group does not encrypt data at rest",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_elasticache_replication_group"],
    rationale: "Without `at_rest_encryption_enabled`, cached data on disk (swap, snapshots, backups exported to S3) is stored in clear text; caches often hold session tokens, personal data and query results. The default is off for Redis OSS; Valkey groups are always encrypted. Redis OSS versions before 3.2.6, 3.2.10 and 4.0.0 to 4.0.9 cannot encrypt, and are not reported.",
    remediation: "Set `at_rest_encryption_enabled = true` (optionally with `kms_key_id`). It cannot be changed in place: the group is replaced, so migrate through a backup.",
    references: &[
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4",
    ],
    aliases: &[
        "AVD-AWS-0045",
        "aws-elasticache-enable-at-rest-encryption",
        "CKV_AWS_29",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // a Redis OSS version that cannot have encryption at rest is not reported for lacking it
    if !cache_engine::supports_encryption(r.resource()).is_true() {
        return Vec::new();
    }
    let valkey = svc::str_in(&r, "engine", None, &["valkey"]);
    let on = crate::util::flag(&r, "at_rest_encryption_enabled", false).or(valkey);
    svc::hit_if_false(
        &r,
        on,
        "at_rest_encryption_enabled",
        "stores cached data unencrypted at rest",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "at_rest_encryption_enabled", Value::Bool(true), "encrypt the replication group at rest", Applicability::Unsafe("changing at-rest encryption replaces the replication group; its data is lost unless restored from a backup".into())))
}
