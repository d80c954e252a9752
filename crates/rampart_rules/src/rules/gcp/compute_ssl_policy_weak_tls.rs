//! GCP-COMPUTE-011: an SSL policy accepts TLS versions older than 1.2.
use crate::prelude::*;
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-011",
    title: "SSL policy allows TLS versions older than 1.2",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Gcp,
    kinds: &["google_compute_ssl_policy"],
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on weak constructions and are open to \
downgrade attacks. A load balancer whose SSL policy has `min_tls_version` `TLS_1_0` — the default when it is not \
written — or `TLS_1_1` negotiates them with any client that asks.",
    remediation: "Set `min_tls_version = \"TLS_1_2\"` (with profile `MODERN` or `RESTRICTED`).",
    references: &[
        "https://cloud.google.com/load-balancing/docs/ssl-policies-concepts",
        "https://datatracker.ietf.org/doc/html/rfc8996",
    ],
    aliases: &[
        "AVD-GCP-0039",
        "google-compute-use-secure-tls-policy",
        "CKV_GCP_4",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r)
        && string_in(
            r.get("min_tls_version"),
            &["TLS_1_0", "TLS_1_1"],
            Truth::True,
        )
        .is_true()
    {
        let version = r.str("min_tls_version").unwrap_or("TLS_1_0 (the default)");
        vec![Hit::at(
            "min_tls_version",
            format!("`{}` accepts {version}", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "min_tls_version",
        Value::string("TLS_1_2"),
        "require TLS 1.2 or later",
        Applicability::Unsafe("clients that only speak TLS 1.0/1.1 (old devices, legacy libraries) can no longer connect".into()),
    ))
}
