//! GCP-COMPUTE-005: a VM may forward packets for other addresses.
use crate::prelude::*;
use crate::views::gcp::INSTANCE_KINDS;

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-005",
    title: "VM instance has IP forwarding enabled",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "`can_ip_forward = true` lets a VM send and receive packets whose source or destination is not its own \
address. Unless the VM is a deliberate router, NAT or firewall appliance, a compromised VM can then spoof traffic and \
route around the VPC's controls.",
    remediation: "Set `can_ip_forward = false` on every VM that is not a network appliance; suppress the finding with \
a reason on appliances. Changing it recreates the VM.",
    references: &["https://cloud.google.com/vpc/docs/using-routes#canipforward"],
    aliases: &[
        "AVD-GCP-0043",
        "google-compute-no-ip-forwarding",
        "CKV_GCP_36",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "can_ip_forward", false).is_true() {
        vec![Hit::at(
            "can_ip_forward",
            format!("`{}` can forward packets for other addresses", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "can_ip_forward",
        Value::Bool(false),
        "turn IP forwarding off",
        Applicability::Unsafe(
            "the VM is recreated, and a VM that routes or NATs traffic stops doing so".into(),
        ),
    ))
}
