//! AZU-AKS-002: an AKS cluster enforces no network policy.
use crate::prelude::*;
use crate::views::azure::Scalar;

pub static RULE: Rule = Rule {
    id: "AZU-AKS-002",
    title: "AKS cluster has no network policy engine",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &["azurerm_kubernetes_cluster"],
    rationale: "Without a network policy engine every pod can reach every other pod in every namespace, and \
Kubernetes `NetworkPolicy` objects are silently ignored. One compromised pod can then probe databases, the metadata \
of other workloads and internal admin endpoints.",
    remediation: "Set `network_profile { network_policy = \"azure\" }` (Azure CNI) or `\"calico\"` / `\"cilium\"`, \
then write NetworkPolicies. Choosing the engine recreates the cluster, so there is no machine fix.",
    references: &["https://learn.microsoft.com/azure/aks/use-network-policies"],
    aliases: &[
        "CKV_AZURE_7",
        "AVD-AZU-0043",
        "azure-container-configured-network-policy",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) || r.get("network_profile").is_some_and(Value::is_unknown) {
        return Vec::new();
    }
    let policy = Scalar::at(&r, "network_profile.0.network_policy");
    let none = policy == Scalar::Absent || policy.is_one_of(&["", "none"], Truth::False).is_true();
    if none {
        let at = if r.get("network_profile").is_some() {
            "network_profile"
        } else {
            ""
        };
        let message = format!("AKS cluster `{}` has no network policy engine", r.address);
        vec![if at.is_empty() {
            Hit::resource(message)
        } else {
            Hit::at(at, message)
        }]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // Azure network policies need the Azure CNI; Calico runs with either plugin. An absent
    // profile is kubenet, which stays.
    let plugin = r.str("network_profile.0.network_plugin");
    if plugin.is_none() && r.get("network_profile.0.network_plugin").is_some() {
        return None; // written but not known
    }
    let policy = match plugin {
        Some(p) if p.eq_ignore_ascii_case("azure") => "azure",
        _ => "calico",
    };
    let mut changes = Vec::new();
    if plugin.is_none() {
        changes.push(Change::SetAttribute {
            address: r.address.clone(),
            path: "network_profile.0.network_plugin".into(),
            value: Value::string("kubenet"),
        });
    }
    changes.push(Change::SetAttribute {
        address: r.address.clone(),
        path: "network_profile.0.network_policy".into(),
        value: Value::string(policy),
    });
    Some(Fix {
        summary: format!("enforce network policies with the `{policy}` engine"),
        changes,
        applicability: Applicability::Unsafe(
            "changing the network profile recreates the cluster, and existing NetworkPolicy objects start to be enforced".into(),
        ),
    })
}
