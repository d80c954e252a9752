//! GCP-FW-004: a VPC firewall rule admits every port.
use crate::prelude::*;
use crate::views::gcp::firewall::{FIREWALL, Firewall};

pub static RULE: Rule = Rule {
    id: "GCP-FW-004",
    title: "Firewall rule allows every port",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[FIREWALL],
    rationale: "An enabled ingress `allow` with protocol `all`, TCP/UDP/SCTP with no `ports`, or the range \
`0-65535` opens every service the targeted VMs run — databases, admin consoles, debug ports — to its sources, \
whatever they are. Even from internal ranges it defeats segmentation and lets one compromised VM reach everything. \
The finding says whether the source is the whole internet.",
    remediation: "List only the ports the workload serves in `allow.ports`. Which ports those are is a decision about \
the application, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/firewall/docs/firewalls",
        "https://cloud.google.com/firewall/docs/using-firewalls",
    ],
    aliases: &["AVD-GCP-0072", "google-compute-disable-allow-all-ports"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let fw = Firewall::new(r.resource());
    if !fw.enabled().and(fw.is_ingress()).is_true() {
        return Vec::new();
    }
    let from = if fw.open_to_internet().is_true() {
        " from the whole internet"
    } else {
        ""
    };
    fw.allows()
        .iter()
        .filter(|a| a.all_ports().is_true())
        .map(|a| {
            let what = match a.protocol.as_deref() {
                Some("all") => "every protocol and port".to_string(),
                Some(p) => format!("every {} port", p.to_uppercase()),
                None => "every port".to_string(),
            };
            Hit::at(
                a.path.clone(),
                format!("`{}` allows {what}{from}", r.address),
            )
        })
        .collect()
}
