//! GCP-COMPUTE-009: a VM has an external IP address.
use crate::prelude::*;
use crate::views::gcp::INSTANCE_KINDS;

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-009",
    title: "VM instance has an external IP address",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "An `access_config` block in a `network_interface` gives the VM an external IPv4 address (ephemeral \
when no `nat_ip` is set). The VM is then reachable from the internet on every port its firewall rules admit, and one \
permissive rule exposes it directly.",
    remediation: "Remove the `access_config` block; reach the VM through Identity-Aware Proxy, a load balancer or a \
bastion, and give it outbound access with Cloud NAT. The `compute.vmExternalIpAccess` organization policy enforces \
this. Removing the address changes how the VM is reached, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/compute/docs/ip-addresses/reserve-static-external-ip-address",
        "https://cloud.google.com/nat/docs/overview",
    ],
    aliases: &["AVD-GCP-0031", "google-compute-no-public-ip", "CKV_GCP_40"],
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
    let Some(Value::List(interfaces)) = r.get("network_interface") else {
        return Vec::new();
    };
    interfaces
        .iter()
        .enumerate()
        .filter(|(_, nic)| matches!(nic.get("access_config"), Some(Value::List(items)) if !items.is_empty()))
        .map(|(i, _)| {
            Hit::at(
                format!("network_interface.{i}.access_config.0"),
                format!("`{}` network interface {i} has an external IP address", r.address),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    // `network_interface.N.access_config.0`: every access config of that interface goes
    let nic = hit.attribute.as_deref()?.strip_suffix(".access_config.0")?;
    Some(Fix {
        summary: format!("remove the external IP address of `{nic}`"),
        changes: vec![Change::RemoveAttribute {
            address: r.address.clone(),
            path: format!("{nic}.access_config"),
        }],
        applicability: Applicability::Unsafe(
            "the instance can no longer be reached from, or reach, the internet directly; give it Cloud NAT for egress and IAP or a load balancer for ingress first".into(),
        ),
    })
}
