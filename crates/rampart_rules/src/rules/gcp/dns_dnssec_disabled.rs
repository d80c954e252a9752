//! GCP-DNS-001: DNSSEC is not enabled on a public Cloud DNS zone.
use crate::prelude::*;
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-DNS-001",
    title: "Public Cloud DNS zone does not have DNSSEC enabled",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &["google_dns_managed_zone"],
    rationale: "Without DNSSEC, resolvers cannot verify that answers for the zone come from its authoritative \
servers, so cache poisoning and on-path attackers can redirect users and mail to their own hosts. DNSSEC is off unless \
`dnssec_config { state = \"on\" }` is written. Private zones (`visibility = \"private\"`) cannot use DNSSEC and are \
not reported.",
    remediation: "Set `dnssec_config { state = \"on\" }`, then publish the zone's DS record at the registrar to \
complete the chain of trust.",
    references: &["https://cloud.google.com/dns/docs/dnssec-config"],
    aliases: &["AVD-GCP-0013", "google-dns-enable-dnssec", "CKV_GCP_16"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) || !string_in(r.get("visibility"), &["public"], Truth::True).is_true() {
        return Vec::new();
    }
    if string_in(
        r.get("dnssec_config.0.state"),
        &["on", "transfer"],
        Truth::False,
    )
    .is_false()
    {
        let at = if r.get("dnssec_config").is_some() {
            "dnssec_config.0"
        } else {
            "dns_name"
        };
        vec![Hit::at(
            at,
            format!("`{}` is not signed with DNSSEC", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // signing a zone whose parent has no DS record yet changes nothing for resolvers
    Some(set_attribute_fix(
        &r,
        "dnssec_config.0.state",
        Value::string("on"),
        "sign the zone with DNSSEC",
        Applicability::Safe,
    ))
}
