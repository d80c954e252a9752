//! GCP-GCS-002: uniform bucket-level access is not enabled.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-GCS-002",
    title: "Cloud Storage bucket does not use uniform bucket-level access",
    severity: Severity::Medium,
    category: Category::Data,
    provider: Provider::Gcp,
    kinds: &["google_storage_bucket"],
    rationale: "Without uniform bucket-level access, every object carries its own ACL next to the bucket's IAM \
policy. Access then depends on per-object grants nobody reviews — one `publicRead` ACL set by an upload tool exposes \
an object while the bucket's IAM looks private — and IAM Conditions and domain-restricted sharing do not apply to \
ACLs. `uniform_bucket_level_access` (formerly `bucket_policy_only`) defaults to `false`.",
    remediation: "Set `uniform_bucket_level_access = true` after moving any access that relies on object ACLs to \
bucket IAM. Existing object ACLs stop being honoured when it is turned on (it can be turned off again within 90 days).",
    references: &["https://cloud.google.com/storage/docs/uniform-bucket-level-access"],
    aliases: &["AVD-GCP-0002", "google-storage-enable-ubla", "CKV_GCP_29"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let on =
        flag(&r, "uniform_bucket_level_access", false).or(flag(&r, "bucket_policy_only", false));
    if on.is_false() {
        vec![Hit::at(
            "uniform_bucket_level_access",
            format!(
                "`{}` does not enforce uniform bucket-level access",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "uniform_bucket_level_access",
        Value::Bool(true),
        "enable uniform bucket-level access",
        Applicability::Unsafe(
            "object ACLs stop granting access; readers that rely on them lose it".into(),
        ),
    ))
}
