//! AZU-AKS-005: an AKS cluster does not run the Azure Policy add-on.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-AKS-005",
    title: "AKS cluster does not use the Azure Policy add-on",
    severity: Severity::Low,
    category: Category::Compute,
    provider: Provider::Azure,
    kinds: &["azurerm_kubernetes_cluster"],
    rationale: "The Azure Policy add-on (Gatekeeper) enforces guardrails on what is deployed into the cluster — no \
privileged containers, no host paths, images only from trusted registries — and reports compliance centrally. \
Without it nothing stops an unsafe manifest.",
    remediation: "Set `azure_policy_enabled = true` (default false) and assign the Kubernetes policy initiatives.",
    references: &[
        "https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes",
    ],
    aliases: &[
        "CKV_AZURE_116",
        "AVD-AZU-0066",
        "azure-container-enable-azure-policy-addon",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let legacy = flag(&r, "addon_profile.0.azure_policy.0.enabled", false);
    if is_managed(&r)
        && flag(&r, "azure_policy_enabled", false)
            .or(legacy)
            .is_false()
    {
        vec![Hit::at(
            "azure_policy_enabled",
            format!("AKS cluster `{}` does not use Azure Policy", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "azure_policy_enabled",
        Value::Bool(true),
        "enable the Azure Policy add-on",
        Applicability::Unsafe(
            "policies in deny mode assigned to the cluster start rejecting deployments".into(),
        ),
    )
}
