//! AZU-NSG-003: a network security rule admits inbound traffic from any address.
use crate::prelude::*;
use crate::views::azure::{NSG_RULE_CARRIERS, close_inbound_to_internet, open_inbound_hits};

pub static RULE: Rule = Rule {
    id: "AZU-NSG-003",
    title: "Network security rule allows inbound traffic from the whole internet",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: NSG_RULE_CARRIERS,
    rationale: "An inbound `Allow` rule with source `*`, `Internet` or `0.0.0.0/0` makes whatever listens on its \
ports reachable by anyone. That is right for a public web front end behind a load balancer and wrong almost \
everywhere else; each such rule should be a deliberate, reviewed exception. SSH and RDP are also reported on their \
own by AZU-NSG-001 and AZU-NSG-002.",
    remediation: "Narrow `source_address_prefix(es)` to the networks that need access (a service tag such as \
`AzureFrontDoor.Backend`, an office range), or put the service behind Application Gateway / Front Door. Suppress \
the finding with a reason where public exposure is intended.",
    references: &[
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
        "https://learn.microsoft.com/azure/virtual-network/service-tags-overview",
    ],
    aliases: &["AVD-AZU-0047", "azure-network-no-public-ingress"],
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
    open_inbound_hits(&r, |_| Truth::True, "inbound traffic")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    close_inbound_to_internet(
        r.resource(),
        hit,
        "clients that reach the service from the internet lose access; allow the networks they really come from first",
    )
}
