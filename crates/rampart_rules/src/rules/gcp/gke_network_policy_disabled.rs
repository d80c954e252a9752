//! GCP-GKE-005: Kubernetes network policy is not enforced in a GKE cluster.
use crate::prelude::*;
use crate::views::gcp::gke::{self, CLUSTER};
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-005",
    title: "GKE cluster does not enforce Kubernetes network policies",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "Without a network policy enforcer, `NetworkPolicy` objects are accepted but ignored: every pod can \
reach every other pod in the cluster, so one compromised container can attack databases and internal services \
directly. Enforcement comes from `network_policy { enabled = true }` (Calico) or GKE Dataplane V2 \
(`datapath_provider = \"ADVANCED_DATAPATH\"`, always on in Autopilot).",
    remediation: "Create clusters with `datapath_provider = \"ADVANCED_DATAPATH\"`, or enable `network_policy` and \
`addons_config.network_policy_config`; then write NetworkPolicies that default-deny. Enabling enforcement on an \
existing cluster recreates its nodes, so Rampart proposes no automatic change.",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy"],
    aliases: &[
        "AVD-GCP-0056",
        "google-gke-enable-network-policy",
        "CKV_GCP_12",
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
    let enforced = flag(&r, "network_policy.0.enabled", false)
        .or(string_in(
            r.get("datapath_provider"),
            &["ADVANCED_DATAPATH"],
            Truth::False,
        ))
        .or(gke::is_autopilot(r.resource()));
    if enforced.is_false() {
        let at = if r.get("network_policy").is_some() {
            "network_policy.0"
        } else {
            "name"
        };
        vec![Hit::at(
            at,
            format!("`{}` does not enforce network policies", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // enforcement needs both the policy and the add-on that runs it
    let set = |path: &str, value: Value| Change::SetAttribute {
        address: r.address.clone(),
        path: path.into(),
        value,
    };
    Some(Fix {
        summary: "enforce Kubernetes network policies with Calico".into(),
        changes: vec![
            set("network_policy.0.enabled", Value::Bool(true)),
            set("network_policy.0.provider", Value::string("CALICO")),
            set(
                "addons_config.0.network_policy_config.0.disabled",
                Value::Bool(false),
            ),
        ],
        applicability: Applicability::Unsafe(
            "GKE recreates every node pool to turn enforcement on, and existing NetworkPolicy objects start to drop traffic they do not allow".into(),
        ),
    })
}
