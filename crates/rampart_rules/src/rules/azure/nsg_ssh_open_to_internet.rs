//! AZU-NSG-001: a network security rule admits SSH from any address.
use crate::prelude::*;
use crate::views::azure::{NSG_RULE_CARRIERS, close_inbound_to_internet, open_inbound_hits};

pub static RULE: Rule = Rule {
    id: "AZU-NSG-001",
    title: "Network security rule allows SSH (port 22) from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: NSG_RULE_CARRIERS,
    rationale: "An inbound `Allow` rule whose source is `*`, `Internet` or `0.0.0.0/0` and whose destination ports \
include 22 exposes SSH on every VM behind the group to the whole internet, where scanners try stolen keys, weak \
passwords and daemon vulnerabilities around the clock. A higher-priority `Deny` rule may shadow it; this is not \
evaluated, so the rule is reported as written.",
    remediation: "Restrict `source_address_prefix(es)` to the networks operators really come from, or remove the rule \
and reach VMs through Azure Bastion or just-in-time VM access. The machine fix (unsafe) removes the any-address sources from the rule and keeps its other sources, or removes the \
rule when nothing else remains; which source to allow instead is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/azure/bastion/bastion-overview",
    ],
    aliases: &[
        "CKV_AZURE_10",
        "AVD-AZU-0050",
        "azure-network-ssh-blocked-from-internet",
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
    open_inbound_hits(&r, |rule| rule.allows_port(22), "SSH (port 22)")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    close_inbound_to_internet(
        r.resource(),
        hit,
        "operators who reach the VMs over SSH from the internet lose access; give them another path (Azure Bastion, just-in-time access, a VPN) first",
    )
}
