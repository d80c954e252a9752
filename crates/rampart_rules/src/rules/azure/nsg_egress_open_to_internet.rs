//! AZU-NSG-004: a network security rule admits outbound traffic to any address.
use crate::prelude::*;
use crate::views::azure::{NSG_RULE_CARRIERS, nsg_rules_in};

pub static RULE: Rule = Rule {
    id: "AZU-NSG-004",
    title: "Network security rule allows outbound traffic to the whole internet",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: NSG_RULE_CARRIERS,
    rationale: "An explicit outbound `Allow` to `*`, `Internet` or `0.0.0.0/0` lets a compromised workload download \
tooling and send data anywhere. Restricting egress to the services a workload needs is what turns a foothold into a \
dead end.",
    remediation: "Allow outbound traffic only to the destinations needed (service tags such as `Storage.WestEurope`, \
specific ranges), route the rest through Azure Firewall, and add a low-priority deny-internet rule.",
    references: &[
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/azure/firewall/overview",
    ],
    aliases: &["AVD-AZU-0051", "azure-network-no-public-egress"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    nsg_rules_in(&r)
        .iter()
        .filter(|rule| {
            rule.is_outbound_allow()
                .and(rule.destination_is_internet())
                .is_true()
        })
        .filter_map(|rule| {
            let dest = rule.internet_destination()?;
            Some(Hit::at(
                dest.path.clone(),
                format!("{} allows outbound traffic to any address", rule.label()),
            ))
        })
        .collect()
}
