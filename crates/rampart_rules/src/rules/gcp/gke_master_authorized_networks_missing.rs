//! GCP-GKE-002: a GKE control plane accepts connections from any address.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-002",
    title: "GKE cluster does not restrict control-plane access with authorized networks",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "Without a `master_authorized_networks_config` block, the cluster's public Kubernetes API endpoint \
accepts connections from any IP address. Every API-server vulnerability and every leaked kubeconfig or token is then \
exploitable from anywhere. Clusters whose control plane has only a private endpoint \
(`private_cluster_config.enable_private_endpoint = true`) are not reported.",
    remediation: "Add `master_authorized_networks_config` with `cidr_blocks` for the networks that administer the \
cluster (CI runners, a VPN), or make the endpoint private. Which networks those are is a human decision, so Rampart \
proposes no automatic change.",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks"],
    aliases: &[
        "AVD-GCP-0061",
        "google-gke-enable-master-networks",
        "CKV_GCP_20",
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
    let configured = match r.get("master_authorized_networks_config") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::List(items)) => Truth::from_bool(!items.is_empty()),
        Some(_) => Truth::Unknown,
    };
    let private_only = flag(
        &r,
        "private_cluster_config.0.enable_private_endpoint",
        false,
    );
    if configured.or(private_only).is_false() {
        vec![Hit::resource(format!(
            "`{}` accepts control-plane connections from any address",
            r.address
        ))]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // an authorized-networks config with no CIDR blocks and no Google public ranges admits
    // only private addresses; which networks to add is a decision
    Some(set_attribute_fix(
        &r,
        "master_authorized_networks_config.0.gcp_public_cidrs_access_enabled",
        Value::Bool(false),
        "admit control-plane connections from authorized networks only (none yet)",
        Applicability::Unsafe(
            "kubectl and CI jobs outside the VPC lose access to the control plane until their networks are added as `cidr_blocks`".into(),
        ),
    ))
}
