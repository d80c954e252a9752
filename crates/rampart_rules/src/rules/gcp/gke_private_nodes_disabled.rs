//! GCP-GKE-004: GKE nodes have public IP addresses.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-004",
    title: "GKE cluster nodes have public IP addresses",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "Unless `private_cluster_config.enable_private_nodes = true`, every node gets an external IP address \
and is reachable from the internet wherever a firewall rule or a NodePort service allows, and the kubelet becomes \
part of the attack surface. Private nodes reach the internet only through Cloud NAT.",
    remediation: "Set `private_cluster_config { enable_private_nodes = true, master_ipv4_cidr_block = ... }` and add \
Cloud NAT for egress. Changing it recreates the cluster on older GKE versions, so Rampart proposes no automatic \
change.",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters"],
    aliases: &[
        "AVD-GCP-0059",
        "google-gke-enable-private-cluster",
        "CKV_GCP_25",
        "CKV_GCP_64",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "private_cluster_config.0.enable_private_nodes", false).is_false()
    {
        let at = if r.get("private_cluster_config").is_some() {
            "private_cluster_config.0"
        } else {
            "name"
        };
        vec![Hit::at(
            at,
            format!("`{}` gives its nodes public IP addresses", r.address),
        )]
    } else {
        Vec::new()
    }
}
