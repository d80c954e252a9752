//! AWS-MQ-002: an ActiveMQ broker writes no audit log.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MQ-002",
    title: "Amazon MQ ActiveMQ broker does not write audit logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_mq_broker"],
    rationale: "Without `logs { audit = true }` management actions through JMX and the web console (creating destinations, changing users) are not recorded. RabbitMQ brokers do not support audit logs and are not reported.",
    remediation: "Set `logs { audit = true }` (the broker needs a CloudWatch Logs resource policy allowing `mq.amazonaws.com`).",
    references: &[
        "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/security-logging-monitoring-cloudwatch.html",
    ],
    aliases: &["AVD-AWS-0070", "aws-mq-enable-audit-logging", "CKV_AWS_197"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if svc::str_in(&r, "engine_type", Some("ActiveMQ"), &["ActiveMQ"]).is_false() {
        return Vec::new();
    }
    let on = svc::any_block(&r, "logs", |b| svc::field_flag(b, "audit", false));
    svc::hit_if_false(&r, on, "logs", "does not write audit logs")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "logs.0.audit",
        Value::Bool(true),
        "write broker audit logs to CloudWatch",
        Applicability::Safe,
    ))
}
