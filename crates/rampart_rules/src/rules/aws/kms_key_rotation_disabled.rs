//! AWS-KMS-001: automatic rotation is off for a symmetric customer-managed key.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-KMS-001",
    title: "KMS customer-managed key does not rotate automatically",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_kms_key"],
    rationale: "Without rotation the same key material protects data for the key's whole life, so the exposure of \
one version of it (or a cryptanalytic weakness) covers everything ever encrypted, and compliance frameworks (CIS, \
PCI DSS) ask for yearly rotation. `enable_key_rotation` defaults to false. Keys that cannot rotate automatically are \
not reported: asymmetric and HMAC keys (`customer_master_key_spec` other than `SYMMETRIC_DEFAULT`, or `key_usage` \
other than `ENCRYPT_DECRYPT`) and keys in a custom key store.",
    remediation: "Set `enable_key_rotation = true` (optionally `rotation_period_in_days`). Rotation keeps old key \
material for decryption, so nothing that uses the key breaks.",
    references: &["https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html"],
    aliases: &["AVD-AWS-0065", "aws-kms-auto-rotate-keys", "CKV_AWS_7"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

/// Whether the attribute is absent or equals its rotatable default; `None` when unknown.
fn is_default(r: &ResourceRef<'_>, path: &str, default: &str) -> Option<bool> {
    match r.get(path) {
        None | Some(Value::Null) => Some(true),
        Some(Value::String(s)) => {
            Some(s.trim().eq_ignore_ascii_case(default) || s.trim().is_empty())
        }
        Some(_) => None,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let symmetric = is_default(&r, "customer_master_key_spec", "SYMMETRIC_DEFAULT") == Some(true)
        && is_default(&r, "key_usage", "ENCRYPT_DECRYPT") == Some(true);
    let custom_store = r.get("custom_key_store_id").is_some_and(|v| !v.is_null());
    if is_managed(&r)
        && symmetric
        && !custom_store
        && flag(&r, "enable_key_rotation", false).is_false()
    {
        vec![Hit::at(
            "enable_key_rotation",
            format!("`{}` does not rotate its key material", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "enable_key_rotation",
        Value::Bool(true),
        "turn on automatic key rotation",
        Applicability::Safe,
    ))
}
