//! AWS-MQ-003: the broker writes no general log.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MQ-003",
    title: "Amazon MQ broker does not write general logs",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_mq_broker"],
    rationale: "Without `logs { general = true }` connection errors, authentication failures and broker warnings are not kept, so abuse of a leaked credential or a broker under attack goes unnoticed.",
    remediation: "Set `logs { general = true }` (the broker needs a CloudWatch Logs resource policy allowing `mq.amazonaws.com`).",
    references: &[
        "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/security-logging-monitoring-cloudwatch.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/mq-controls.html#mq-2",
    ],
    aliases: &[
        "AVD-AWS-0071",
        "aws-mq-enable-general-logging",
        "CKV_AWS_48",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::any_block(&r, "logs", |b| svc::field_flag(b, "general", false));
    svc::hit_if_false(&r, on, "logs", "does not write general logs")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "logs.0.general",
        Value::Bool(true),
        "write broker general logs to CloudWatch",
        Applicability::Safe,
    ))
}
