//! AWS-CFG-002: the recorder skips resource types.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CFG-002",
    title: "AWS Config recorder does not record all supported resource types",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_config_configuration_recorder"],
    rationale: "With `recording_group { all_supported = false }` only the listed resource types are recorded: changes to anything else (a new IAM role, an opened security group of a type left out) leave no configuration history for investigation or compliance.",
    remediation: "Set `recording_group { all_supported = true }` (exclude only noisy types through `exclusion_by_resource_types` if cost matters).",
    references: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let partial = svc::any_block(&r, "recording_group", |b| {
        svc::field_flag(b, "all_supported", true).not()
    });
    svc::hit_if_true(
        &r,
        partial,
        "recording_group.0.all_supported",
        "records only selected resource types (`all_supported = false`)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // `resource_types` conflicts with `all_supported = true`
    let mut changes = vec![Change::SetAttribute {
        address: r.address.clone(),
        path: "recording_group.0.all_supported".into(),
        value: Value::Bool(true),
    }];
    if r.get("recording_group.0.resource_types").is_some() {
        changes.push(Change::RemoveAttribute {
            address: r.address.clone(),
            path: "recording_group.0.resource_types".into(),
        });
    }
    Some(Fix {
        summary: "record every supported resource type".into(),
        changes,
        applicability: Applicability::Safe,
    })
}
