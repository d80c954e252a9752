//! AWS-ELC-003: a Redis replication group requires no authentication.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ELC-003",
    title: "ElastiCache Redis replication group does not require authentication",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_elasticache_replication_group"],
    rationale: "With neither an `auth_token` (Redis AUTH) nor `user_group_ids` (RBAC), any host that can reach the port can read, change and flush every key; security groups are then the only barrier, and one misconfigured rule or compromised neighbour is enough.",
    remediation: "Enable `transit_encryption_enabled` and set `auth_token` from a secret (not a literal), or attach an `aws_elasticache_user_group` through `user_group_ids`. Credentials need a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html",
        "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html",
    ],
    aliases: &["CKV_AWS_31"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if svc::str_in(&r, "engine", Some("redis"), &["redis", "valkey"]).is_false() {
        return Vec::new();
    }
    let auth = svc::is_set(&r, "auth_token").or(svc::is_set(&r, "user_group_ids"));
    svc::hit_if_false(
        &r,
        auth,
        "auth_token",
        "lets any client that reaches it connect without authentication (no `auth_token`, no `user_group_ids`)",
    )
}
