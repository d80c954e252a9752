//! AWS-MQ-001: the broker has a public endpoint.
use crate::prelude::*;
use crate::views::defaults::value_or_default;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MQ-001",
    title: "Amazon MQ broker is publicly accessible",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_mq_broker"],
    rationale: "`publicly_accessible = true` puts the broker's endpoints and web console on the internet, exposed to password guessing and to exploits of ActiveMQ/RabbitMQ (several critical ones have been exploited in the wild).",
    remediation: "Set `publicly_accessible = false` and place the broker in private subnets. It cannot change in place: the broker is replaced.",
    references: &[
        "https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/using-amazon-mq-securely.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/mq-controls.html#mq-5",
    ],
    aliases: &["AVD-AWS-0072", "aws-mq-no-public-access", "CKV_AWS_69"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let public = value_or_default(&r, "publicly_accessible").truth();
    svc::hit_if_true(&r, public, "publicly_accessible", "is publicly accessible")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "publicly_accessible",
        Value::Bool(false),
        "make the broker private",
        Applicability::Unsafe(
            "the broker is replaced, and clients outside the VPC lose access".into(),
        ),
    ))
}
