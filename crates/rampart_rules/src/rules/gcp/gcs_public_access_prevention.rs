//! GCP-GCS-003: public access prevention is not enforced on a bucket.
use crate::prelude::*;
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-GCS-003",
    title: "Cloud Storage bucket does not enforce public access prevention",
    severity: Severity::Medium,
    category: Category::Data,
    provider: Provider::Gcp,
    kinds: &["google_storage_bucket"],
    rationale: "Public access prevention is the switch that makes GCP refuse any `allUsers` / \
`allAuthenticatedUsers` access to a bucket, whatever its IAM policy or object ACLs say. With the default `inherited`, \
a single mistaken grant publishes the data. The finding is not reported when the inventory holds an organization \
policy enforcing `storage.publicAccessPrevention`, which covers the bucket.",
    remediation: "Set `public_access_prevention = \"enforced\"` on buckets that must never be public, or enforce the \
`storage.publicAccessPrevention` organization policy for the whole project or folder. Buckets that really serve the \
public (a static website) should be suppressed with a reason.",
    references: &[
        "https://cloud.google.com/storage/docs/public-access-prevention",
        "https://cloud.google.com/storage/docs/org-policy-constraints#public-access-prevention",
    ],
    aliases: &["CKV_GCP_114"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const CONSTRAINT: &str = "storage.publicAccessPrevention";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let enforced = string_in(
        r.get("public_access_prevention"),
        &["enforced"],
        Truth::False,
    )
    .or(org_policy_enforced(&r));
    if enforced.is_false() {
        vec![Hit::at(
            "public_access_prevention",
            format!("`{}` does not enforce public access prevention", r.address),
        )]
    } else {
        Vec::new()
    }
}

/// An organization policy in the inventory that enforces the constraint.
fn org_policy_enforced(r: &ResourceRef<'_>) -> Truth {
    let inv = r.inventory;
    let mut t = Truth::False;
    for kind in [
        "google_project_organization_policy",
        "google_folder_organization_policy",
        "google_organization_policy",
    ] {
        for p in inv.of_kind(kind) {
            match p.get("constraint") {
                Some(Value::String(c)) if c.ends_with(CONSTRAINT) => {
                    t = t.or(p
                        .get("boolean_policy.enforced")
                        .map_or(Truth::False, Value::truth))
                }
                Some(Value::String(_)) => {}
                _ => t = t.or(Truth::Unknown),
            }
        }
    }
    for p in inv.of_kind("google_org_policy_policy") {
        match p.get("name") {
            Some(Value::String(n)) if n.ends_with(CONSTRAINT) => {
                let rules = p.get("spec.rules").map(Value::items).unwrap_or_default();
                for rule in rules {
                    t = t.or(rule.get("enforce").map_or(Truth::False, Value::truth));
                }
            }
            Some(Value::String(_)) => {}
            _ => t = t.or(Truth::Unknown),
        }
    }
    t
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "public_access_prevention",
        Value::string("enforced"),
        "enforce public access prevention",
        Applicability::Unsafe("anything the bucket serves to the public (a website, shared downloads) stops being reachable".into()),
    ))
}
