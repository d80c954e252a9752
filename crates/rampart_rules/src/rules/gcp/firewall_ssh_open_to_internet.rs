//! GCP-FW-001: a VPC firewall rule admits SSH from the whole internet.
use crate::prelude::*;
use crate::views::gcp::firewall::{self, FIREWALL};

pub static RULE: Rule = Rule {
    id: "GCP-FW-001",
    title: "Firewall rule allows SSH (TCP 22) from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[FIREWALL],
    rationale: "An enabled ingress `google_compute_firewall` whose `allow` admits TCP port 22 (alone, in a range, \
with protocol `all`, or TCP with no `ports`) from `0.0.0.0/0` or `::/0` exposes SSH on every targeted VM to the whole \
internet, where scanners try stolen keys and daemon exploits within minutes. An ingress rule with no source at all \
applies to `0.0.0.0/0`, and `source_tags` next to an open range do not narrow it (GCP admits traffic matching either). \
UDP 22 is not SSH and is not reported.",
    remediation: "Restrict `source_ranges` to the networks operators really use, or close the port and connect \
through Identity-Aware Proxy TCP forwarding (`35.235.240.0/20`) or OS Login with a bastion. The machine fix drops the \
whole-internet ranges and keeps the others, or deletes the rule when it serves SSH only.",
    references: &[
        "https://cloud.google.com/firewall/docs/firewalls",
        "https://cloud.google.com/iap/docs/using-tcp-forwarding",
    ],
    aliases: &[
        "AVD-GCP-0071",
        "google-compute-restrict-ssh-access",
        "CKV_GCP_2",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    firewall::open_ingress_hits(r, |a| a.admits("tcp", 22), "SSH (TCP 22)")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    firewall::close_to_internet(
        r,
        |a| a.only("tcp", 22),
        "operators who reach the VMs over SSH from the internet lose access; give them IAP or a VPN first",
    )
}
