//! AWS-EMR-001: an EMR security configuration does not encrypt at rest.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-EMR-001",
    title: "EMR security configuration does not enable encryption at rest",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_emr_security_configuration"],
    rationale: "With `EnableAtRestEncryption` false, data EMRFS writes to S3 and data on cluster disks are not encrypted by EMR; big-data clusters process whole data lakes.",
    remediation: "Set `EncryptionConfiguration.EnableAtRestEncryption = true` with an `AtRestEncryptionConfiguration` (S3 SSE-KMS and local disk encryption with a KMS key). The keys need a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-data-encryption-options.html",
        "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-create-security-configuration.html",
    ],
    aliases: &["AVD-AWS-0137", "aws-emr-enable-at-rest-encryption"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::emr_encryption_off_hits(&r, "EnableAtRestEncryption", "encryption at rest")
}
