use crate::prelude::*;
use crate::views::defaults::{
    Fact, ebs_encryption_by_default, value_or_default, value_or_default_given,
};

pub static RULE: Rule = Rule {
    id: "AWS-EBS-001",
    title: "EBS volume is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_ebs_volume"],
    rationale: "An unencrypted EBS volume stores its data, and every snapshot taken of it, in clear text. \
Anyone who obtains a snapshot (shared by mistake, copied to another account) reads the data directly.",
    remediation: "Set `encrypted = true` (optionally with `kms_key_id`), or turn on account-wide EBS encryption by default \
with `aws_ebs_encryption_by_default`. Encrypting an existing volume replaces it: migrate the data through a snapshot.",
    references: &["https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"],
    aliases: &["CKV_AWS_3", "AVD-AWS-0026", "aws-ebs-enable-volume-encryption"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(volume: ResourceRef<'_>) -> Vec<Hit> {
    // a region-wide default encrypts every new volume
    let encrypted = match ebs_encryption_by_default(&volume) {
        Truth::True => value_or_default_given(&volume, "encrypted", &[Fact::EbsEncryptionByDefault]).truth(),
        Truth::False => value_or_default(&volume, "encrypted").truth(),
        Truth::Unknown => Truth::Unknown,
    };
    if encrypted.is_false() {
        vec![Hit::at("encrypted", format!("EBS volume `{}` is not encrypted", volume.address))]
    } else {
        Vec::new()
    }
}

fn fix(volume: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "encrypt the volume".into(),
        changes: vec![Change::SetAttribute { address: volume.address.clone(), path: "encrypted".into(), value: Value::Bool(true) }],
        applicability: Applicability::Unsafe("encrypting an existing volume forces its replacement; migrate data through a snapshot first".into()),
    })
}
