//! GCP-GCS-004: object versioning is not enabled on a bucket.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-GCS-004",
    title: "Cloud Storage bucket does not have object versioning enabled",
    severity: Severity::Medium,
    category: Category::Data,
    provider: Provider::Gcp,
    kinds: &["google_storage_bucket"],
    rationale: "Without object versioning an overwrite or delete — a faulty job, a mistaken `gsutil rm -r`, \
ransomware with stolen credentials — destroys the only copy of an object. Versioning keeps noncurrent versions that \
can be restored. It is off unless `versioning { enabled = true }` is written.",
    remediation: "Add `versioning { enabled = true }` and a lifecycle rule that deletes noncurrent versions after a \
retention period to bound the storage cost (or use soft delete retention for short windows).",
    references: &["https://cloud.google.com/storage/docs/object-versioning"],
    aliases: &[
        "AVD-GCP-0078",
        "google-storage-enable-bucket-versioning",
        "CKV_GCP_78",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "versioning.0.enabled", false).is_false() {
        vec![Hit::at(
            "versioning.0",
            format!("`{}` does not keep object versions", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "versioning.0.enabled",
        Value::Bool(true),
        "enable object versioning",
        Applicability::Safe,
    ))
}
