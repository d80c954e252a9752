//! AWS-SQS-001: a queue does not declare encryption at rest.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-SQS-001",
    title: "SQS queue does not declare encryption at rest",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_sqs_queue"],
    rationale: "Messages in a queue without server-side encryption are stored without encryption you can show or \
govern. Neither `kms_master_key_id` nor `sqs_managed_sse_enabled = true` is set. AWS turns SSE-SQS on by default for \
queues created since late 2022, so an unset value is usually encrypted in practice; it is reported anyway (as Trivy's \
AVD-AWS-0096 does) because older or imported queues are not, and stating it makes the protection reviewable. An \
explicit `sqs_managed_sse_enabled = false` with no KMS key is certainly unencrypted.",
    remediation: "Set `sqs_managed_sse_enabled = true`, or `kms_master_key_id` to a KMS key (a customer-managed one \
gives a key policy and an audit trail of decrypts).",
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html",
    ],
    aliases: &[
        "AVD-AWS-0096",
        "aws-sqs-enable-queue-encryption",
        "CKV_AWS_27",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let kms = match r.get("kms_master_key_id") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(k)) => Truth::from_bool(!k.trim().is_empty()),
        Some(_) => Truth::Unknown,
    };
    let managed = flag(&r, "sqs_managed_sse_enabled", false);
    if !kms.or(managed).is_false() {
        return Vec::new();
    }
    let why = if r
        .get("sqs_managed_sse_enabled")
        .is_some_and(|v| !v.is_null())
    {
        "turns SSE-SQS off and sets no KMS key"
    } else {
        "does not declare server-side encryption"
    };
    vec![Hit::at(
        "sqs_managed_sse_enabled",
        format!("`{}` {why}", r.address),
    )]
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "sqs_managed_sse_enabled",
        Value::Bool(true),
        "encrypt the queue with SSE-SQS",
        Applicability::Safe,
    ))
}
