//! GCP-KMS-001: a Cloud KMS key is not rotated at least every 90 days.
use crate::prelude::*;
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-KMS-001",
    title: "Cloud KMS key is not rotated at least every 90 days",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Gcp,
    kinds: &["google_kms_crypto_key"],
    rationale: "Automatic rotation limits how much data one key version protects and how long a leaked or \
cryptanalysed version stays useful. A symmetric key with no `rotation_period` is never rotated; one longer than \
`7776000s` (90 days) rotates less often than CIS recommends. Asymmetric keys cannot rotate automatically and are not \
reported.",
    remediation: "Set `rotation_period = \"7776000s\"` (or shorter). Rotation creates new key versions; old versions \
keep decrypting existing data.",
    references: &[
        "https://cloud.google.com/kms/docs/key-rotation",
        "https://cloud.google.com/kms/docs/rotate-key",
    ],
    aliases: &["AVD-GCP-0065", "google-kms-rotate-kms-keys", "CKV_GCP_43"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

const NINETY_DAYS: f64 = 7_776_000.0;

/// Seconds of a duration written `"7776000s"` (fractions allowed).
fn seconds(text: &str) -> Option<f64> {
    text.trim().strip_suffix('s')?.parse().ok()
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r)
        || string_in(r.get("purpose"), &["ENCRYPT_DECRYPT"], Truth::True)
            .not()
            .is_true()
    {
        return Vec::new();
    }
    match r.get("rotation_period") {
        None | Some(Value::Null) => vec![Hit::at(
            "rotation_period",
            format!("`{}` is never rotated", r.address),
        )],
        Some(Value::String(p)) => match seconds(p) {
            Some(s) if s > NINETY_DAYS => vec![Hit::at(
                "rotation_period",
                format!(
                    "`{}` rotates every {:.0} days, more than 90",
                    r.address,
                    s / 86_400.0
                ),
            )],
            _ => Vec::new(),
        },
        Some(_) => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "rotation_period",
        Value::string("7776000s"),
        "rotate the key every 90 days",
        Applicability::Safe,
    ))
}
