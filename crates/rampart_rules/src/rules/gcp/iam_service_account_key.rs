//! GCP-IAM-006: a user-managed service account key is created.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-IAM-006",
    title: "User-managed service account key is created",
    severity: Severity::Medium,
    category: Category::Secrets,
    provider: Provider::Gcp,
    kinds: &["google_service_account_key"],
    rationale: "A service account key is a long-lived credential that works from anywhere until someone deletes it. \
Keys leak through laptops, CI logs and repositories, and a `google_service_account_key` created by Terraform also \
stores the private key in the Terraform state in clear text. Keys whose `public_key_data` is uploaded keep the private \
key out of the state but are still long-lived credentials.",
    remediation: "Use attached service accounts on Google Cloud, Workload Identity Federation from other clouds and CI \
systems, and service account impersonation for people; enforce the `iam.disableServiceAccountKeyCreation` \
organization policy. Deleting the key breaks whatever uses it, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys",
        "https://cloud.google.com/iam/docs/workload-identity-federation",
    ],
    aliases: &[],
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
    let uploaded = !matches!(r.get("public_key_data"), None | Some(Value::Null));
    let message = if uploaded {
        format!(
            "`{}` registers a user-managed key for a service account",
            r.address
        )
    } else {
        format!(
            "`{}` creates a user-managed service account key whose private key is stored in the Terraform state",
            r.address
        )
    };
    vec![Hit::resource(message)]
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "remove the user-managed service account key".into(),
        changes: vec![Change::RemoveResource {
            address: r.address.clone(),
        }],
        applicability: Applicability::Unsafe(
            "whatever authenticates with this key is refused; use workload identity, attached service accounts or impersonation instead".into(),
        ),
    })
}
