//! AWS-EFS-001: a file system is not encrypted at rest.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-EFS-001",
    title: "EFS file system is not encrypted at rest",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_efs_file_system"],
    rationale: "An unencrypted file system keeps every file and its backups in clear text. `encrypted` defaults to false in Terraform and CloudFormation (the console defaults to on), so unencrypted file systems are common in code.",
    remediation: "Set `encrypted = true` (optionally with `kms_key_id`). It cannot change in place: create an encrypted file system and copy the data (AWS DataSync).",
    references: &[
        "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1",
    ],
    aliases: &[
        "AVD-AWS-0037",
        "aws-efs-enable-at-rest-encryption",
        "CKV_AWS_42",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = crate::util::flag(&r, "encrypted", false).or(svc::is_set(&r, "kms_key_id"));
    svc::hit_if_false(&r, on, "encrypted", "stores its files unencrypted")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "encrypted",
        Value::Bool(true),
        "encrypt the file system",
        Applicability::Unsafe(
            "changing encryption replaces the file system; copy the data to the new one first"
                .into(),
        ),
    ))
}
