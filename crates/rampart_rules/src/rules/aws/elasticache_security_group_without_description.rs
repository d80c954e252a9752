//! AWS-ELC-005: a classic ElastiCache security group has an empty description.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ELC-005",
    title: "ElastiCache security group has no description",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_elasticache_security_group"],
    rationale: "An empty description leaves reviewers guessing why the group exists and what it may be opened to, which is how stale and over-broad access survives audits. (Terraform writes `Managed by Terraform` when the argument is omitted; only an explicit empty string is reported.)",
    remediation: "Describe what the group protects and who may reach it in `description`. Changing it replaces the group, so Rampart proposes no automatic change.",
    references: &["https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/VPCs.html"],
    aliases: &[
        "AVD-AWS-0049",
        "aws-elasticache-add-description-for-security-group",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let empty = match r.get("description") {
        Some(Value::String(d)) => Truth::from_bool(d.trim().is_empty()),
        _ => Truth::False,
    };
    svc::hit_if_true(&r, empty, "description", "has an empty description")
}
