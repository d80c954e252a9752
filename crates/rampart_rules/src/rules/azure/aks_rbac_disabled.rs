//! AZU-AKS-001: an AKS cluster has Kubernetes RBAC turned off.
use crate::prelude::*;
use crate::views::azure::{first_written, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-AKS-001",
    title: "AKS cluster has Kubernetes RBAC disabled",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Azure,
    kinds: &["azurerm_kubernetes_cluster"],
    rationale: "Without Kubernetes RBAC every authenticated user and service account can do everything in the \
cluster: read every secret, run privileged pods, change any workload. One compromised pod token is a cluster \
takeover.",
    remediation: "Set `role_based_access_control_enabled = true` (the default; `role_based_access_control { enabled = \
true }` before provider v3) and grant least-privilege roles. Changing it recreates the cluster.",
    references: &["https://learn.microsoft.com/azure/aks/concepts-identity#kubernetes-rbac"],
    aliases: &[
        "CKV_AZURE_5",
        "AVD-AZU-0042",
        "azure-container-use-rbac-permissions",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const SETTINGS: &[&str] = &[
    "role_based_access_control_enabled",
    "role_based_access_control.0.enabled",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    match first_written(&r, SETTINGS) {
        Some(path) if is_managed(&r) && flag(&r, path, true).is_false() => vec![Hit::at(
            path,
            format!("AKS cluster `{}` has Kubernetes RBAC disabled", r.address),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(true),
        "enable Kubernetes RBAC",
        Applicability::Unsafe("the cluster is recreated, and workloads that relied on unrestricted access need role bindings".into()),
    )
}
