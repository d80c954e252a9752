//! AWS-RS-001: a Redshift cluster is not encrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RS-001",
    title: "Redshift cluster is not encrypted at rest",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_redshift_cluster"],
    rationale: "An unencrypted cluster keeps the warehouse — usually the most complete copy of the business's data — and its snapshots in clear text; a snapshot shared or copied by mistake is readable directly. Terraform's `encrypted` defaults to false (a `kms_key_id` implies encryption).",
    remediation: "Set `encrypted = true` with `kms_key_id` set to a customer-managed key. Turning encryption on migrates the cluster (it stays read-only meanwhile).",
    references: &[
        "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-10",
    ],
    aliases: &["CKV_AWS_64"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = crate::util::flag(&r, "encrypted", false).or(svc::is_set(&r, "kms_key_id"));
    svc::hit_if_false(&r, on, "encrypted", "stores its data unencrypted")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "encrypted",
        Value::Bool(true),
        "encrypt the cluster",
        Applicability::Unsafe(
            "encrypting an existing cluster migrates it; it is read-only while that runs".into(),
        ),
    ))
}
