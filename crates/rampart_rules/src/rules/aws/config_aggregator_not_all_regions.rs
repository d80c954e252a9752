//! AWS-CFG-001: an AWS Config aggregator leaves regions out.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CFG-001",
    title: "AWS Config aggregator does not aggregate all regions",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_config_configuration_aggregator"],
    rationale: "An aggregator that lists `regions` instead of `all_regions = true` gives a partial view: resources an attacker creates in an unused region (a common way to hide crypto-miners) never appear in the aggregated inventory and compliance results.",
    remediation: "Set `all_regions = true` in `account_aggregation_source` or `organization_aggregation_source` (and drop `regions`).",
    references: &["https://docs.aws.amazon.com/config/latest/developerguide/aggregate-data.html"],
    aliases: &[
        "AVD-AWS-0019",
        "aws-config-aggregate-all-regions",
        "CKV_AWS_121",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let all = svc::any_block(&r, "account_aggregation_source", |b| {
        svc::field_flag(b, "all_regions", false)
    })
    .or(svc::any_block(&r, "organization_aggregation_source", |b| {
        svc::field_flag(b, "all_regions", false)
    }));
    svc::hit_if_false(
        &r,
        all,
        "account_aggregation_source",
        "does not aggregate all regions",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // every written source aggregates all regions; `regions` conflicts with `all_regions`
    let mut changes = Vec::new();
    for block in ["account_aggregation_source", "organization_aggregation_source"] {
        let count = r.get(block).map_or(0, |v| v.items().len());
        for i in 0..count {
            changes.push(Change::SetAttribute {
                address: r.address.clone(),
                path: format!("{block}.{i}.all_regions"),
                value: Value::Bool(true),
            });
            if r.get(&format!("{block}.{i}.regions")).is_some() {
                changes.push(Change::RemoveAttribute {
                    address: r.address.clone(),
                    path: format!("{block}.{i}.regions"),
                });
            }
        }
    }
    (!changes.is_empty()).then(|| Fix {
        summary: "aggregate all current and future regions".into(),
        changes,
        applicability: Applicability::Safe,
    })
}
