//! GCP-GCS-001: a bucket IAM grant makes a Cloud Storage bucket public.
use crate::prelude::*;
use crate::views::gcp::iam;
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-GCS-001",
    title: "Cloud Storage bucket is readable or writable by anyone through IAM",
    severity: Severity::Critical,
    category: Category::Data,
    provider: Provider::Gcp,
    kinds: &[
        "google_storage_bucket_iam_member",
        "google_storage_bucket_iam_binding",
        "google_storage_bucket_iam_policy",
    ],
    rationale: "A role granted on a bucket to `allUsers` lets anyone on the internet use it without signing in; \
`allAuthenticatedUsers` is no narrower — it means any Google account in the world, not your organisation. Depending \
on the role, objects can be listed, downloaded, overwritten or deleted. Grants written as `google_storage_bucket_iam_member`, \
`_binding` and `_policy` (including `policy_data` from a `google_iam_policy` data source or JSON) are checked. The \
finding is not reported when the bucket is known to enforce public access prevention, which makes GCP refuse such \
access.",
    remediation: "Grant the role to the users, groups or service accounts that need it. Serve public content through \
Cloud CDN with a backend bucket or signed URLs, and set `public_access_prevention = \"enforced\"` on the bucket. The \
machine fix removes the public members (or the whole `_iam_member`); a policy document is left to a human.",
    references: &[
        "https://cloud.google.com/storage/docs/access-control/iam",
        "https://cloud.google.com/storage/docs/public-access-prevention",
    ],
    aliases: &[
        "AVD-GCP-0001",
        "google-storage-no-public-access",
        "CKV_GCP_28",
    ],
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
    let prevented = r
        .uses("google_storage_bucket")
        .map(|b| {
            string_in(
                b.get("public_access_prevention"),
                &["enforced"],
                Truth::False,
            )
        })
        .fold(Truth::False, Truth::or);
    if !prevented.is_false() {
        return Vec::new();
    }
    iam::public_grant_hits(r, "bucket")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    iam::remove_public_members_fix(
        r,
        "anyone who downloads the objects without signing in (a public website, a CDN origin) loses access",
    )
}
