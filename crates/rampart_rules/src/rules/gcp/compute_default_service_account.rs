//! GCP-COMPUTE-001: a VM runs as the Compute Engine default service account.
use crate::prelude::*;
use crate::views::gcp::{INSTANCE_KINDS, names_default_service_account};

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-001",
    title: "VM instance runs as the Compute Engine default service account",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "The Compute Engine default service account is shared by every VM, GKE node and function that does \
not name another, and in many projects still holds the Editor role granted automatically at creation. Code running \
on one VM — or anyone who reaches its metadata server through an SSRF bug — then acts with that account on the whole \
project. A `service_account` block with no `email` uses the default account; a VM with no `service_account` block has \
no account and is not reported.",
    remediation: "Create a `google_service_account` for the workload, grant it only the roles it needs, and set \
`service_account { email = google_service_account.<name>.email, scopes = [\"cloud-platform\"] }`. Which roles the \
workload needs is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/compute/docs/access/service-accounts#default_service_account",
        "https://cloud.google.com/compute/docs/access/create-enable-service-accounts-for-instances",
    ],
    aliases: &[
        "AVD-GCP-0044",
        "google-compute-no-default-service-account",
        "CKV_GCP_30",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let Some(Value::List(blocks)) = r.get("service_account") else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let (default, path) = match block.get("email") {
            None | Some(Value::Null) => (Truth::True, format!("service_account.{i}")),
            Some(v) => (
                names_default_service_account(v),
                format!("service_account.{i}.email"),
            ),
        };
        if default.is_true() {
            hits.push(Hit::at(
                path,
                format!(
                    "`{}` runs as the Compute Engine default service account",
                    r.address
                ),
            ));
        }
    }
    hits
}
