//! AWS-ECR-004: images are not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-ECR-004",
    title: "ECR repository is not encrypted with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_ecr_repository"],
    rationale: "By default images are encrypted with AES-256 keys ECR manages (or the AWS-managed `aws/ecr` key with `encryption_type = \"KMS\"` and no `kms_key`): anyone allowed to pull reads them, with no key policy of yours in between, no key you can disable in an incident, and no per-decrypt audit trail.",
    remediation: "Set `encryption_configuration { encryption_type = \"KMS\", kms_key = aws_kms_key.<key>.arn }`. The encryption of a repository cannot change after creation (it is replaced, and its images with it), so Rampart proposes no automatic change.",
    references: &["https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html"],
    aliases: &[
        "AVD-AWS-0033",
        "aws-ecr-repository-customer-key",
        "CKV_AWS_136",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let cmk = svc::any_block(&r, "encryption_configuration", |b| {
        let kms = svc::field_in(b, "encryption_type", Some("AES256"), &["KMS", "KMS_DSSE"]);
        let key = match b.get("kms_key") {
            None | Some(Value::Null) => Truth::False,
            Some(Value::String(k)) => {
                Truth::from_bool(!k.trim().is_empty() && !svc::is_aws_managed_key_name(k))
            }
            Some(_) => Truth::Unknown,
        };
        kms.and(key)
    });
    svc::hit_if_false(
        &r,
        cmk,
        "encryption_configuration",
        "is not encrypted with a customer-managed KMS key",
    )
}
