//! GCP-FW-005: an egress firewall rule allows traffic to the whole internet.
use crate::prelude::*;
use crate::views::gcp::firewall::{FIREWALL, Firewall};

pub static RULE: Rule = Rule {
    id: "GCP-FW-005",
    title: "Egress firewall rule allows traffic to the whole internet",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[FIREWALL],
    rationale: "An enabled `EGRESS` rule that allows traffic to `0.0.0.0/0` or `::/0` (or names no destination, \
which means the same) lets a compromised VM exfiltrate data and reach command-and-control servers anywhere. Every VPC \
also has an implied allow-all egress rule at the lowest priority; an explicit one matters where a deny-all egress \
baseline is meant to be in force, because at a higher priority it re-opens what the baseline closes.",
    remediation: "Allow egress only to the destinations the workload needs (Google APIs through Private Google \
Access, package mirrors, partner ranges) and add a low-priority deny-all egress rule. The destinations are a decision \
about the workload, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/firewall/docs/firewalls#default_firewall_rules",
        "https://cloud.google.com/firewall/docs/firewalls",
    ],
    aliases: &["AVD-GCP-0035", "google-compute-no-public-egress"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let fw = Firewall::new(r.resource());
    let allows_something = Truth::from_bool(!fw.allows().is_empty());
    let open = fw
        .enabled()
        .and(fw.is_ingress().not())
        .and(fw.open_to_internet())
        .and(allows_something);
    if !open.is_true() {
        return Vec::new();
    }
    let message = format!("`{}` allows egress to the whole internet", r.address);
    vec![match r.get("destination_ranges") {
        Some(Value::List(items)) if !items.is_empty() => Hit::at("destination_ranges", message),
        _ => Hit::resource(format!(
            "{message} (no destination is given, so GCP applies it to 0.0.0.0/0)"
        )),
    }]
}
