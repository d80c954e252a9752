//! AWS-OS-004: the domain accepts TLS older than 1.2.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-OS-004",
    title: "OpenSearch domain accepts TLS versions older than 1.2",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "The `Policy-Min-TLS-1-0-2019-07` policy — the default when `tls_security_policy` is not set — accepts TLS 1.0 and 1.1, whose weak ciphers and handshakes are deprecated and fail PCI DSS.",
    remediation: "Set `domain_endpoint_options { tls_security_policy = \"Policy-Min-TLS-1-2-2019-07\" }` (or a later `Policy-Min-TLS-1-2-*` policy).",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-8",
    ],
    aliases: &[
        "AVD-AWS-0126",
        "aws-elasticsearch-use-secure-tls-policy",
        "CKV_AWS_228",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let modern = svc::any_block(&r, "domain_endpoint_options", |b| {
        match b.get("tls_security_policy") {
            None | Some(Value::Null) => Truth::False,
            Some(Value::String(p)) => {
                let p = p.trim();
                Truth::from_bool(
                    p.starts_with("Policy-Min-TLS-1-2") || p.starts_with("Policy-Min-TLS-1-3"),
                )
            }
            Some(_) => Truth::Unknown,
        }
    });
    svc::hit_if_false(
        &r,
        modern,
        "domain_endpoint_options",
        "accepts TLS older than 1.2 (`tls_security_policy` is not a `Policy-Min-TLS-1-2-*` policy)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "domain_endpoint_options.0.tls_security_policy",
        Value::string("Policy-Min-TLS-1-2-2019-07"),
        "require TLS 1.2 or later",
        Applicability::Unsafe("clients limited to TLS 1.0/1.1 can no longer connect".into()),
    ))
}
