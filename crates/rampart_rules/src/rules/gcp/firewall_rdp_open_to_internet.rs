//! GCP-FW-002: a VPC firewall rule admits RDP from the whole internet.
use crate::prelude::*;
use crate::views::gcp::firewall::{self, FIREWALL};

pub static RULE: Rule = Rule {
    id: "GCP-FW-002",
    title: "Firewall rule allows RDP (TCP 3389) from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[FIREWALL],
    rationale: "Remote Desktop exposed to `0.0.0.0/0` is one of the most brute-forced services on the internet and \
the usual entry point of ransomware crews. An enabled ingress rule admitting TCP 3389 (directly, inside a range such \
as `3300-3400`, with protocol `all`, or TCP with no `ports`) from the whole internet is reported; a rule with no \
source applies to `0.0.0.0/0`, and `source_tags` next to an open range do not narrow it.",
    remediation: "Restrict `source_ranges` to known administrative networks, or close the port and reach Windows VMs \
through Identity-Aware Proxy TCP forwarding. The machine fix drops the whole-internet ranges and keeps the others, or \
deletes the rule when it serves RDP only.",
    references: &[
        "https://cloud.google.com/firewall/docs/firewalls",
        "https://cloud.google.com/compute/docs/instances/connecting-to-windows",
    ],
    aliases: &[
        "AVD-GCP-0070",
        "google-compute-no-open-rdp-access",
        "CKV_GCP_3",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    firewall::open_ingress_hits(r, |a| a.admits("tcp", 3389), "RDP (TCP 3389)")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    firewall::close_to_internet(
        r,
        |a| a.only("tcp", 3389),
        "administrators who reach the VMs over RDP from the internet lose access; give them IAP or a VPN first",
    )
}
