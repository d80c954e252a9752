//! AWS-ECS-001: the cluster does not collect Container Insights.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECS-001",
    title: "ECS cluster does not have Container Insights enabled",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_ecs_cluster"],
    rationale: "Without Container Insights there are no per-task CPU, memory, network and restart metrics: a crypto-miner in a compromised task, a container in a crash loop or a noisy neighbour shows up only on the bill. The account default (`aws_ecs_account_setting_default` named `containerInsights`) counts for clusters that do not set it.",
    remediation: "Add `setting { name = \"containerInsights\" value = \"enabled\" }` (or `\"enhanced\"`), or turn it on account-wide with `aws_ecs_account_setting_default`.",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/ContainerInsights.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-12",
    ],
    aliases: &[
        "AVD-AWS-0034",
        "aws-ecs-enable-container-insight",
        "CKV_AWS_65",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

const ON: &[&str] = &["enabled", "enhanced"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let own = svc::any_block(&r, "setting", |b| {
        svc::field_in(b, "name", None, &["containerInsights"])
            .and(svc::field_in(b, "value", None, ON))
    });
    // a cluster's own setting wins over the account default
    let own_says_off = svc::any_block(&r, "setting", |b| {
        svc::field_in(b, "name", None, &["containerInsights"])
    });
    let account = r
        .inventory
        .of_kind("aws_ecs_account_setting_default")
        .filter(is_managed)
        .map(|d| {
            svc::str_in(&d, "name", None, &["containerInsights"])
                .and(svc::str_in(&d, "value", None, ON))
        })
        .fold(Truth::False, Truth::or);
    let on = if own_says_off.is_true() {
        own
    } else {
        own.or(account)
    };
    svc::hit_if_false(
        &r,
        on,
        "setting",
        "does not have Container Insights enabled",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let existing = r.get("setting").map(|s| s.items()).unwrap_or_default();
    let at = existing
        .iter()
        .position(|b| svc::field_in(b, "name", None, &["containerInsights"]).is_true());
    let change = match at {
        Some(i) => Change::SetAttribute {
            address: r.address.clone(),
            path: format!("setting.{i}.value"),
            value: Value::string("enabled"),
        },
        None if existing.is_empty() => Change::SetAttribute {
            address: r.address.clone(),
            path: "setting".into(),
            value: Value::List(vec![Value::Map(
                [
                    ("name".to_string(), Value::string("containerInsights")),
                    ("value".to_string(), Value::string("enabled")),
                ]
                .into_iter()
                .collect(),
            )]),
        },
        None => return None,
    };
    Some(Fix {
        summary: "enable Container Insights on the cluster".into(),
        changes: vec![change],
        applicability: Applicability::Safe,
    })
}
