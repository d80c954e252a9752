//! GCP-KMS-002: a Cloud KMS key or key ring is usable by anyone.
use crate::prelude::*;
use crate::views::gcp::iam;

pub static RULE: Rule = Rule {
    id: "GCP-KMS-002",
    title: "Cloud KMS key or key ring is granted to allUsers or allAuthenticatedUsers",
    severity: Severity::Critical,
    category: Category::Encryption,
    provider: Provider::Gcp,
    kinds: &[
        "google_kms_crypto_key_iam_member",
        "google_kms_crypto_key_iam_binding",
        "google_kms_crypto_key_iam_policy",
        "google_kms_key_ring_iam_member",
        "google_kms_key_ring_iam_binding",
        "google_kms_key_ring_iam_policy",
    ],
    rationale: "A KMS role granted to `allUsers` or `allAuthenticatedUsers` lets anyone — or anyone with a Google \
account — use or manage the key: decrypt data protected by it, sign as the organisation, or destroy key versions and \
with them every piece of data encrypted under them.",
    remediation: "Grant KMS roles only to the service agents and service accounts that need the key, at key level. \
The machine fix removes the public members (or the whole `_iam_member`); a policy document is left to a human.",
    references: &[
        "https://cloud.google.com/kms/docs/iam",
        "https://cloud.google.com/kms/docs/separation-of-duties",
    ],
    aliases: &["CKV_GCP_112"],
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
    iam::public_grant_hits(
        r,
        if r.kind.contains("key_ring") {
            "key ring"
        } else {
            "key"
        },
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    iam::remove_public_members_fix(r, "anything that used the key anonymously loses access")
}
