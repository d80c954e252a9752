//! GCP-GKE-012: GKE nodes run as the Compute Engine default service account.
use crate::prelude::*;
use crate::views::gcp::gke::{self, CLUSTER};
use crate::views::gcp::names_default_service_account;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-012",
    title: "GKE nodes run as the Compute Engine default service account",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: gke::KINDS,
    rationale: "Nodes whose `node_config` names no `service_account` (or names the default one) run as the Compute \
Engine default service account, which is shared with every other default workload and often still holds Editor on \
the project. Any pod that reaches the node's credentials gets those permissions. A cluster's default node pool is \
checked only when it certainly exists (not removed, no inline pools, not Autopilot); node auto-provisioning defaults \
are checked when auto-provisioning is enabled or the cluster is Autopilot.",
    remediation: "Create a minimal node service account (`roles/container.defaultNodeServiceAccount`) and set \
`node_config.service_account` on every node pool, and `cluster_autoscaling.auto_provisioning_defaults.service_account` \
for auto-provisioned pools. Which account to use is a decision, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa",
    ],
    aliases: &["AVD-GCP-0050", "google-gke-use-service-account"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn uses_default(value: Option<&Value>) -> Truth {
    match value {
        None | Some(Value::Null) => Truth::True,
        Some(v) => names_default_service_account(v),
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for pool in gke::pools(r.resource()) {
        if uses_default(pool.node("service_account")).is_true() {
            let at = if pool.node_config.is_some() {
                pool.path("node_config.0")
            } else {
                "name".to_string()
            };
            hits.push(Hit::at(
                at,
                format!(
                    "{} runs as the Compute Engine default service account",
                    pool.label
                ),
            ));
        }
    }
    if r.kind == CLUSTER {
        let provisioning =
            flag(&r, "cluster_autoscaling.0.enabled", false).or(gke::is_autopilot(r.resource()));
        if provisioning.is_true()
            && uses_default(
                r.get("cluster_autoscaling.0.auto_provisioning_defaults.0.service_account"),
            )
            .is_true()
        {
            hits.push(Hit::at(
                "cluster_autoscaling.0",
                format!("auto-provisioned nodes of `{}` run as the Compute Engine default service account", r.address),
            ));
        }
    }
    hits
}
