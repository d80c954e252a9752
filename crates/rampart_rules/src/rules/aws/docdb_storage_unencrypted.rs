//! AWS-DOC-001: a DocumentDB cluster stores data unencrypted.
use crate::prelude::*;
use crate::views::defaults::value_or_default;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-DOC-001",
    title: "DocumentDB cluster storage is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_docdb_cluster"],
    rationale: "Unencrypted DocumentDB storage leaves documents, indexes, backups and snapshots in clear text; a snapshot shared by mistake is readable directly. `storage_encrypted` defaults to false (a `kms_key_id` implies encryption).",
    remediation: "Set `storage_encrypted = true` (optionally with `kms_key_id`). Encryption cannot be turned on in place: restore an encrypted cluster from a snapshot and switch over.",
    references: &[
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/documentdb-controls.html#documentdb-1",
    ],
    aliases: &[
        "AVD-AWS-0021",
        "aws-documentdb-enable-storage-encryption",
        "CKV_AWS_74",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = value_or_default(&r, "storage_encrypted").truth().or(svc::is_set(&r, "kms_key_id"));
    svc::hit_if_false(&r, on, "storage_encrypted", "stores its data unencrypted")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "storage_encrypted", Value::Bool(true), "encrypt the cluster storage", Applicability::Unsafe("changing storage encryption replaces the cluster; restore from a snapshot to keep the data".into())))
}
