//! AWS-SQS-003: a queue is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SQS-003",
    title: "SQS queue is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_sqs_queue"],
    rationale: "With SQS-managed encryption, the AWS-managed `alias/aws/sqs` key or no encryption, no key policy of yours limits who can read messages, and no key can be disabled to cut off access in an incident.",
    remediation: "Set `kms_master_key_id` to a customer-managed `aws_kms_key` whose policy lets producers (and services such as SNS or EventBridge) use it. The key needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    ],
    aliases: &["AVD-AWS-0135", "aws-sqs-queue-encryption-use-cmk"],
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
