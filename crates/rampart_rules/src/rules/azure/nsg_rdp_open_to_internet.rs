//! AZU-NSG-002: a network security rule admits RDP from any address.
use crate::prelude::*;
use crate::views::azure::{NSG_RULE_CARRIERS, close_inbound_to_internet, open_inbound_hits};

pub static RULE: Rule = Rule {
    id: "AZU-NSG-002",
    title: "Network security rule allows RDP (port 3389) from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: NSG_RULE_CARRIERS,
    rationale: "RDP exposed to the internet is one of the most common ransomware entry points: credential stuffing \
and RDP vulnerabilities (BlueKeep and its successors) are exploited at scale. An inbound `Allow` rule from `*`, \
`Internet` or `0.0.0.0/0` covering port 3389 exposes every Windows VM behind the group.",
    remediation: "Restrict the source to known networks, or remove the rule and use Azure Bastion or just-in-time VM \
access. The machine fix (unsafe) removes the any-address sources from the rule and keeps its other sources, or removes the \
rule when nothing else remains; which source to allow instead is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/azure/defender-for-cloud/just-in-time-access-usage",
    ],
    aliases: &[
        "CKV_AZURE_9",
        "AVD-AZU-0048",
        "azure-network-disable-rdp-from-internet",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Arm],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    open_inbound_hits(&r, |rule| rule.allows_port(3389), "RDP (port 3389)")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    close_inbound_to_internet(
        r.resource(),
        hit,
        "people who reach the VMs over RDP from the internet lose access; give them another path (Azure Bastion, just-in-time access, a VPN) first",
    )
}
