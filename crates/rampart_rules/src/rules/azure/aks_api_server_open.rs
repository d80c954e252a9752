//! AZU-AKS-003: an AKS API server is reachable from any address.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AZU-AKS-003",
    title: "AKS API server does not restrict authorized IP ranges",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &["azurerm_kubernetes_cluster"],
    rationale: "A public AKS API server with no authorized IP ranges accepts connections from the whole internet. \
Kubernetes API vulnerabilities and leaked kubeconfigs are then exploitable from anywhere.",
    remediation: "Set `api_server_access_profile { authorized_ip_ranges = [...] }` to the ranges of operators and CI \
(`api_server_authorized_ip_ranges` before provider v3), or make the cluster private with \
`private_cluster_enabled = true`. There is no machine fix: the ranges are a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
        "https://learn.microsoft.com/azure/aks/private-clusters",
    ],
    aliases: &[
        "CKV_AZURE_6",
        "AVD-AZU-0041",
        "azure-container-limit-authorized-ips",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn ranges_set(r: &ResourceRef<'_>, path: &str) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(Value::List(items)) => Truth::from_bool(!items.is_empty()),
        Some(_) => Truth::Unknown,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r)
        || r.get("api_server_access_profile")
            .is_some_and(Value::is_unknown)
    {
        return Vec::new();
    }
    let restricted = ranges_set(&r, "api_server_access_profile.0.authorized_ip_ranges")
        .or(ranges_set(&r, "api_server_authorized_ip_ranges"))
        .or(flag(&r, "private_cluster_enabled", false));
    if restricted.is_false() {
        vec![Hit::resource(format!(
            "AKS cluster `{}` has a public API server open to every address",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
