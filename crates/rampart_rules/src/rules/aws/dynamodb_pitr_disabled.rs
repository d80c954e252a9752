//! AWS-DDB-001: a table has no point-in-time recovery.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-DDB-001",
    title: "DynamoDB table does not have point-in-time recovery enabled",
    severity: Severity::Medium,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &["aws_dynamodb_table"],
    rationale: "Without point-in-time recovery a bad deploy, a script deleting the wrong items or ransomware that overwrites records cannot be undone: on-demand backups only restore to when they were taken. It is off by default.",
    remediation: "Add `point_in_time_recovery { enabled = true }` (35 days of continuous backups).",
    references: &[
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2",
    ],
    aliases: &["AVD-AWS-0024", "aws-dynamodb-enable-recovery", "CKV_AWS_28"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::any_block(&r, "point_in_time_recovery", |b| {
        svc::field_flag(b, "enabled", false)
    });
    svc::hit_if_false(
        &r,
        on,
        "point_in_time_recovery",
        "does not have point-in-time recovery enabled",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "point_in_time_recovery.0.enabled",
        Value::Bool(true),
        "enable point-in-time recovery",
        Applicability::Safe,
    ))
}
