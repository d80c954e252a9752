//! GCP-GKE-008: Shielded GKE nodes are turned off.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-008",
    title: "GKE cluster turns Shielded GKE Nodes off",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "Shielded GKE Nodes give each node a verifiable identity and measured boot. Without them, an attacker \
who takes over a pod and reads the node's bootstrap credentials from the metadata server can impersonate a node and \
register a rogue one to receive other workloads' secrets. They are on by default; `enable_shielded_nodes = false` \
turns them off.",
    remediation: "Set `enable_shielded_nodes = true` (or remove the attribute).",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes"],
    aliases: &[
        "AVD-GCP-0055",
        "google-gke-node-shielding-enabled",
        "CKV_GCP_71",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "enable_shielded_nodes", true).is_false() {
        vec![Hit::at(
            "enable_shielded_nodes",
            format!("`{}` turns Shielded GKE Nodes off", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "enable_shielded_nodes",
        Value::Bool(true),
        "turn Shielded GKE Nodes on",
        Applicability::Unsafe("every node is recreated, which restarts the pods on it".into()),
    ))
}
