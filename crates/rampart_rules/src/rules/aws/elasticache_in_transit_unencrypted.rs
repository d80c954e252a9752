//! AWS-ELC-002: a replication group accepts plaintext connections.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::cache_engine;

pub static RULE: Rule = Rule {
    id: "AWS-ELC-002",
    title: "ElastiCache replication group does not encrypt data in transit",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_elasticache_replication_group"],
    rationale: "Without `transit_encryption_enabled`, clients and replicas talk to the cache in clear text: anything on the network path reads keys, values and AUTH tokens. It is also required for Redis AUTH and RBAC. The default is off. Redis OSS versions before 3.2.6, 3.2.10 and 4.0.0 to 4.0.9 cannot encrypt, and are not reported.",
    remediation: "Set `transit_encryption_enabled = true` and make clients connect with TLS (on Redis 7+ `transit_encryption_mode = \"preferred\"` allows a rolling migration).",
    references: &[
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5",
    ],
    aliases: &[
        "AVD-AWS-0051",
        "aws-elasticache-enable-in-transit-encryption",
        "CKV_AWS_30",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // a Redis OSS version that cannot have encryption in transit is not reported for lacking it
    if !cache_engine::supports_encryption(r.resource()).is_true() {
        return Vec::new();
    }
    let on = crate::util::flag(&r, "transit_encryption_enabled", false);
    svc::hit_if_false(
        &r,
        on,
        "transit_encryption_enabled",
        "accepts unencrypted connections (`transit_encryption_enabled` is not true)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "transit_encryption_enabled", Value::Bool(true), "encrypt connections to the replication group", Applicability::Unsafe("clients that do not connect with TLS stop working; on older engines the change replaces the group".into())))
}
