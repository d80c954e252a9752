//! AZU-AKS-004: an AKS cluster sends no logs to Azure Monitor.
use crate::prelude::*;
use crate::views::azure::block_present;

pub static RULE: Rule = Rule {
    id: "AZU-AKS-004",
    title: "AKS cluster does not send container logs to Azure Monitor",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_kubernetes_cluster"],
    rationale: "Without Container Insights (the OMS agent) container logs and node metrics stay on the nodes and \
disappear with them. Attacks on workloads, crash loops and resource exhaustion leave nothing to investigate.",
    remediation: "Add `oms_agent { log_analytics_workspace_id = ... }` (`addon_profile { oms_agent { enabled = true \
... } }` before provider v3). There is no machine fix: the workspace is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-overview",
    ],
    aliases: &["CKV_AZURE_4", "AVD-AZU-0040", "azure-container-logging"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let v3 = block_present(&r, "oms_agent");
    let v2 = match r.get("addon_profile.0.oms_agent") {
        None | Some(Value::Null) => {
            if r.get("addon_profile").is_some_and(Value::is_unknown) {
                Truth::Unknown
            } else {
                Truth::False
            }
        }
        Some(_) => flag(&r, "addon_profile.0.oms_agent.0.enabled", false),
    };
    if v3.or(v2).is_false() {
        vec![Hit::resource(format!(
            "AKS cluster `{}` sends no logs to Azure Monitor",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
