//! AZU-SYN-001: a Synapse workspace has no managed virtual network.
use crate::prelude::*;
use crate::views::azure::{set_fix, switch_off_hits};

pub static RULE: Rule = Rule {
    id: "AZU-SYN-001",
    title: "Synapse workspace does not use a managed virtual network",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &["azurerm_synapse_workspace"],
    rationale: "Without a managed virtual network, Synapse Spark pools and integration runtimes run in a shared \
network and can reach any endpoint; data exfiltration protection and managed private endpoints are unavailable.",
    remediation: "Set `managed_virtual_network_enabled = true` (default false), ideally with \
`data_exfiltration_protection_enabled = true`. It can only be chosen when the workspace is created.",
    references: &[
        "https://learn.microsoft.com/azure/synapse-analytics/security/synapse-workspace-managed-vnet",
    ],
    aliases: &[
        "CKV_AZURE_58",
        "AVD-AZU-0034",
        "azure-synapse-virtual-network-enabled",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    switch_off_hits(&r, "managed_virtual_network_enabled", false, || {
        format!(
            "Synapse workspace `{}` has no managed virtual network",
            r.address
        )
    })
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "managed_virtual_network_enabled",
        Value::Bool(true),
        "use a managed virtual network",
        Applicability::Unsafe("the workspace is recreated".into()),
    )
}
