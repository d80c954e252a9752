//! AWS-ELC-004: a Redis cluster keeps no automatic backups.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ELC-004",
    title: "ElastiCache Redis cluster has automatic backups turned off",
    severity: Severity::Medium,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &[
        "aws_elasticache_cluster",
        "aws_elasticache_replication_group",
    ],
    rationale: "With `snapshot_retention_limit` at 0 (the default) no daily snapshot is taken: a `FLUSHALL` by an attacker or a buggy deploy, or a lost node, loses the data for good. Memcached clusters (no persistence), `cache.t1.micro` nodes (no snapshots) and clusters that belong to a replication group (the group holds the setting) are not reported.",
    remediation: "Set `snapshot_retention_limit` to the number of days to keep (7 or more) and a `snapshot_window` outside peak hours.",
    references: &[
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-1",
    ],
    aliases: &[
        "AVD-AWS-0050",
        "aws-elasticache-enable-backup-retention",
        "CKV_AWS_134",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if r.kind == "aws_elasticache_cluster" {
        let redis = svc::str_in(&r, "engine", None, &["redis", "valkey"]);
        let member = svc::is_set(&r, "replication_group_id");
        let micro = svc::str_in(&r, "node_type", None, &["cache.t1.micro"]);
        if !redis.and(member.not()).and(micro.not()).is_true() {
            return Vec::new();
        }
    } else if svc::str_in(&r, "engine", Some("redis"), &["redis", "valkey"]).is_false() {
        return Vec::new();
    }
    let kept = match r.get("snapshot_retention_limit") {
        None | Some(Value::Null) => Truth::False,
        Some(v) => match v.as_f64() {
            Some(days) => Truth::from_bool(days > 0.0),
            None => Truth::Unknown,
        },
    };
    svc::hit_if_false(
        &r,
        kept,
        "snapshot_retention_limit",
        "takes no automatic backups (`snapshot_retention_limit` is 0 or unset)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "snapshot_retention_limit",
        Value::Number(7.0),
        "keep daily snapshots for 7 days",
        Applicability::Safe,
    ))
}
