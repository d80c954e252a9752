//! GCP-DNS-002: DNSSEC keys use RSASHA1.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-DNS-002",
    title: "Cloud DNS zone signs with the RSASHA1 algorithm",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Gcp,
    kinds: &["google_dns_managed_zone"],
    rationale: "RSASHA1 relies on SHA-1, for which practical chosen-prefix collisions exist; RFC 8624 says it must \
not be used for signing. Key-signing or zone-signing keys with `algorithm = \"rsasha1\"` in \
`dnssec_config.default_key_specs` weaken the zone's DNSSEC protection.",
    remediation: "Use `rsasha256`, `rsasha512` or `ecdsap256sha256` for both key types. Changing the algorithm of a \
signed zone is an algorithm rollover: coordinate the DS record at the registrar.",
    references: &[
        "https://cloud.google.com/dns/docs/dnssec-advanced#algorithms",
        "https://datatracker.ietf.org/doc/html/rfc8624",
    ],
    aliases: &["AVD-GCP-0012", "google-dns-no-rsa-sha1", "CKV_GCP_17"],
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
    let Some(Value::List(specs)) = r.get("dnssec_config.0.default_key_specs") else {
        return Vec::new();
    };
    specs
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.get("algorithm")
                .and_then(Value::as_str)
                .is_some_and(|a| a.eq_ignore_ascii_case("rsasha1"))
        })
        .map(|(i, s)| {
            Hit::at(
                format!("dnssec_config.0.default_key_specs.{i}.algorithm"),
                format!(
                    "`{}` signs its {} with RSASHA1",
                    r.address,
                    s.get("key_type").and_then(Value::as_str).unwrap_or("keys")
                ),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(set_attribute_fix(
        &r,
        &path,
        Value::string("rsasha256"),
        "sign with RSASHA256",
        Applicability::Unsafe("an algorithm rollover on a signed zone breaks resolution if the DS record at the registrar is not updated in step".into()),
    ))
}
