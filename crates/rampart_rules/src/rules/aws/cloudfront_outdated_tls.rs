//! AWS-CF-002: viewers may connect with TLS older than 1.2.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CF-002",
    title: "CloudFront distribution accepts viewer TLS versions older than 1.2",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_cloudfront_distribution"],
    rationale: "A distribution with its own certificate accepts every protocol its `minimum_protocol_version` allows; the default is `TLSv1`. TLS 1.0 and 1.1 have known weaknesses (BEAST, weak CBC ciphers, SHA-1 handshakes) and are no longer accepted by PCI DSS. Distributions on the default `*.cloudfront.net` certificate are not reported: CloudFront fixes their minimum at TLSv1 and it cannot be changed there.",
    remediation: "Set `viewer_certificate { minimum_protocol_version = \"TLSv1.2_2021\" }` (or a later `TLSv1.2_*` / `TLSv1.3_*` policy).",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html",
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/distribution-web-values-specify.html#DownloadDistValues-security-policy",
    ],
    aliases: &[
        "AVD-AWS-0013",
        "aws-cloudfront-use-secure-tls-policy",
        "CKV_AWS_174",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

/// TLS 1.2+ security policies (`TLSv1.2_2018`, `TLSv1.2_2019`, `TLSv1.2_2021`, `TLSv1.2_2025`, `TLSv1.3_2025`).
fn is_modern(policy: &str) -> bool {
    let p = policy.trim();
    p.starts_with("TLSv1.2_") || p.starts_with("TLSv1.3")
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // no viewer_certificate block: the default certificate, whose minimum cannot be changed
    let Some(certificate) = r.get("viewer_certificate") else {
        return Vec::new();
    };
    let Some(certificate) = certificate.items().into_iter().next() else {
        return Vec::new();
    };
    if !svc::field_flag(certificate, "cloudfront_default_certificate", false).is_false() {
        return Vec::new();
    }
    let what = match certificate.get("minimum_protocol_version") {
        None | Some(Value::Null) => {
            "accepts TLSv1 and later (no `minimum_protocol_version`, the default is `TLSv1`)"
                .to_string()
        }
        Some(Value::String(p)) if !is_modern(p) => format!("accepts `{p}`, older than TLS 1.2"),
        _ => return Vec::new(),
    };
    svc::hit_if_true(
        &r,
        Truth::True,
        "viewer_certificate.0.minimum_protocol_version",
        &what,
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "viewer_certificate.0.minimum_protocol_version",
        Value::string("TLSv1.2_2021"),
        "require TLS 1.2 or later from viewers",
        Applicability::Unsafe(
            "viewers limited to TLS 1.0/1.1 (very old browsers and devices) can no longer connect"
                .into(),
        ),
    ))
}
