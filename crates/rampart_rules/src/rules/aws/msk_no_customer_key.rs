//! AWS-MSK-001: broker storage is encrypted with the AWS-managed key only.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MSK-001",
    title: "MSK cluster does not encrypt data at rest with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_msk_cluster"],
    rationale: "MSK always encrypts broker volumes, but without `encryption_info { encryption_at_rest_kms_key_arn = ... }` it uses the AWS-managed `aws/kafka` key: no key policy of yours governs who can read the message log, and there is no key to disable in an incident.",
    remediation: "Set `encryption_info { encryption_at_rest_kms_key_arn = aws_kms_key.<key>.arn }`. It can only be set when the cluster is created, so Rampart proposes no automatic change.",
    references: &["https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html"],
    aliases: &["AVD-AWS-0179", "aws-msk-enable-at-rest-encryption"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let cmk = svc::any_block(&r, "encryption_info", |b| {
        match b.get("encryption_at_rest_kms_key_arn") {
            None | Some(Value::Null) => Truth::False,
            Some(Value::String(k)) => {
                Truth::from_bool(!k.trim().is_empty() && !svc::is_aws_managed_key_name(k))
            }
            Some(_) => Truth::Unknown,
        }
    });
    svc::hit_if_false(
        &r,
        cmk,
        "encryption_info",
        "does not encrypt data at rest with a customer-managed KMS key",
    )
}
