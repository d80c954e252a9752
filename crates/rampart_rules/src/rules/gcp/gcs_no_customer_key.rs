//! GCP-GCS-006: a bucket is not encrypted with a customer-managed key.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-GCS-006",
    title: "Cloud Storage bucket is not encrypted with a customer-managed key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Gcp,
    kinds: &["google_storage_bucket"],
    rationale: "Objects are always encrypted at rest, but with Google-managed keys nobody in the organisation can \
revoke access to the data by disabling a key, separate key administration from data access, or see key use in \
audit logs. Regulated data usually requires a Cloud KMS key (CMEK) set in `encryption.default_kms_key_name`.",
    remediation: "Create a `google_kms_crypto_key`, grant the Cloud Storage service agent \
`roles/cloudkms.cryptoKeyEncrypterDecrypter` on it, and set `encryption { default_kms_key_name = ... }`. Choosing and \
granting a key is a decision, so Rampart proposes no automatic change.",
    references: &["https://cloud.google.com/storage/docs/encryption/customer-managed-keys"],
    aliases: &[
        "AVD-GCP-0066",
        "google-storage-bucket-encryption-customer-key",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let has_key = match r.get("encryption.0.default_kms_key_name") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
        Some(_) => Truth::True,
    };
    if has_key.is_false() {
        vec![Hit::at(
            "encryption.0",
            format!("`{}` uses Google-managed encryption keys", r.address),
        )]
    } else {
        Vec::new()
    }
}
