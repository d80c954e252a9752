//! AWS-SNS-002: a topic is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SNS-002",
    title: "SNS topic is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_sns_topic"],
    rationale: "A topic encrypted with the AWS-managed `alias/aws/sns` key (or not at all) has no key policy of yours governing who can read queued messages, no key to disable in an incident, and — with the AWS-managed key — cannot receive messages from CloudWatch alarms, EventBridge or S3 events.",
    remediation: "Set `kms_master_key_id` to a customer-managed `aws_kms_key` whose policy lets the publishing services use it. The key needs a human decision, so Rampart proposes no automatic change.",
    references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"],
    aliases: &["AVD-AWS-0136", "aws-sns-topic-encryption-use-cmk"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        svc::customer_managed_key(&r, "kms_master_key_id"),
        "kms_master_key_id",
        "is not encrypted with a customer-managed KMS key",
    )
}
