//! AWS-NEP-001: a Neptune cluster stores data unencrypted.
use crate::prelude::*;
use crate::views::defaults::value_or_default;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-NEP-001",
    title: "Neptune cluster storage is not encrypted",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_neptune_cluster"],
    rationale: "Unencrypted Neptune storage leaves the graph, its backups and snapshots in clear text. `storage_encrypted` defaults to false (a `kms_key_arn` implies encryption).",
    remediation: "Set `storage_encrypted = true` (optionally with `kms_key_arn`). Encryption cannot be turned on in place: restore an encrypted copy from a snapshot.",
    references: &[
        "https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html#neptune-1",
    ],
    aliases: &[
        "AVD-AWS-0076",
        "aws-neptune-enable-storage-encryption",
        "CKV_AWS_44",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = value_or_default(&r, "storage_encrypted").truth().or(svc::is_set(&r, "kms_key_arn"));
    svc::hit_if_false(&r, on, "storage_encrypted", "stores its data unencrypted")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "storage_encrypted", Value::Bool(true), "encrypt the cluster storage", Applicability::Unsafe("changing storage encryption replaces the cluster; restore from a snapshot to keep the data".into())))
}
