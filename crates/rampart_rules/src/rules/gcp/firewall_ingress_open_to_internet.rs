//! GCP-FW-003: a VPC firewall rule admits traffic from the whole internet.
use crate::prelude::*;
use crate::views::gcp::firewall::{self, FIREWALL};

pub static RULE: Rule = Rule {
    id: "GCP-FW-003",
    title: "Firewall rule allows ingress from the whole internet",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[FIREWALL],
    rationale: "Any enabled ingress `allow` from `0.0.0.0/0` or `::/0` — on any protocol, ICMP included — makes the \
targeted VMs part of the internet-facing attack surface. That is intended for a public web front end and a mistake \
almost everywhere else. This rule inventories every such exposure at low severity; the dangerous shapes have their own \
rules (GCP-FW-001 SSH, GCP-FW-002 RDP, GCP-FW-004 all ports). A rule with no source applies to `0.0.0.0/0`.",
    remediation: "Confirm the exposure is intended (suppress the finding with a reason on a public front end) or \
narrow `source_ranges`. For HTTP(S) services put an external Application Load Balancer in front and admit only its \
ranges (`130.211.0.0/22`, `35.191.0.0/16`). The machine fix drops the whole-internet ranges and keeps the others when \
some remain.",
    references: &[
        "https://cloud.google.com/firewall/docs/firewalls",
        "https://cloud.google.com/load-balancing/docs/firewall-rules",
    ],
    aliases: &["AVD-GCP-0027", "google-compute-no-public-ingress"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    firewall::open_ingress_hits(r, |_| Truth::True, "traffic")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // removing the whole rule is a decision about the service, so only narrowing is offered
    firewall::close_to_internet(
        r,
        |_| false,
        "whatever the rule serves to the internet stops being reachable from outside the kept ranges",
    )
}
