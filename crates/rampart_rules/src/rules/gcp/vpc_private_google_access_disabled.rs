//! GCP-VPC-002: Private Google Access is not enabled on a subnet.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-VPC-002",
    title: "Subnet does not have Private Google Access enabled",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &["google_compute_subnetwork"],
    rationale: "Without Private Google Access, VMs that have only internal addresses cannot reach Google APIs (Cloud \
Storage, Artifact Registry, Secret Manager). Teams then give them external IP addresses or broad NAT paths, which \
widens the attack surface. `private_ip_google_access` defaults to `false`. Proxy-only, Private Service Connect and \
private-NAT subnets are not reported.",
    remediation: "Set `private_ip_google_access = true` on subnets whose VMs use Google APIs, and remove external \
addresses that were only there for API access.",
    references: &["https://cloud.google.com/vpc/docs/private-google-access"],
    aliases: &[
        "AVD-GCP-0075",
        "google-compute-enable-subnetwork-private-google-access",
        "CKV_GCP_74",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let special = crate::views::gcp::string_in(
        r.get("purpose"),
        crate::views::gcp::NO_FLOW_LOG_PURPOSES,
        Truth::False,
    );
    if flag(&r, "private_ip_google_access", false)
        .or(special)
        .is_false()
    {
        vec![Hit::at(
            "private_ip_google_access",
            format!(
                "`{}` does not let internal-only VMs reach Google APIs privately",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "private_ip_google_access",
        Value::Bool(true),
        "enable Private Google Access",
        Applicability::Safe,
    ))
}
