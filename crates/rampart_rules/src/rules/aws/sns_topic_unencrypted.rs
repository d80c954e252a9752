//! AWS-SNS-001: a topic is not encrypted at rest.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-SNS-001",
    title: "SNS topic is not encrypted at rest",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_sns_topic"],
    rationale: "Without `kms_master_key_id`, messages waiting for delivery are stored without server-side encryption \
under a key you govern, and access to them is controlled by the topic policy alone. Topics often carry alerts, order \
events and personal data.",
    remediation: "Set `kms_master_key_id` to a customer-managed KMS key whose key policy lets the publishing services \
(CloudWatch, EventBridge, S3…) use it; the AWS-managed `alias/aws/sns` key is simpler but AWS services cannot publish \
to a topic encrypted with it.",
    references: &["https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"],
    aliases: &[
        "AVD-AWS-0095",
        "aws-sns-enable-topic-encryption",
        "CKV_AWS_26",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let unencrypted = match r.get("kms_master_key_id") {
        None | Some(Value::Null) => true,
        Some(Value::String(k)) => k.trim().is_empty(),
        Some(_) => false,
    };
    if is_managed(&r) && unencrypted {
        vec![Hit::at(
            "kms_master_key_id",
            format!("`{}` is not encrypted at rest", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "kms_master_key_id",
        Value::string("alias/aws/sns"),
        "encrypt the topic with the AWS-managed SNS key",
        Applicability::Unsafe(
            "AWS services (CloudWatch alarms, EventBridge, S3 events) cannot publish to a topic encrypted with the AWS-managed key; use a customer-managed key that grants them access if they publish here".into(),
        ),
    ))
}
