//! AWS-APIGW-005: a custom domain accepts TLS 1.0.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-APIGW-005",
    title: "API Gateway custom domain accepts TLS 1.0",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_api_gateway_domain_name"],
    rationale: "The `TLS_1_0` security policy — the default when `security_policy` is not set — accepts TLS 1.0 and 1.1 handshakes with weak ciphers, deprecated by every current standard (PCI DSS, NIST).",
    remediation: "Set `security_policy = \"TLS_1_2\"` (or one of the newer `SecurityPolicy_TLS13_*` / `SecurityPolicy_TLS12_*` policies).",
    references: &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
    ],
    aliases: &[
        "AVD-AWS-0005",
        "aws-apigateway-use-secure-tls-policy",
        "CKV_AWS_206",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let old = match r.get("security_policy") {
        None | Some(Value::Null) => Truth::True,
        Some(Value::String(p)) => Truth::from_bool(p.trim().eq_ignore_ascii_case("TLS_1_0")),
        Some(_) => Truth::Unknown,
    };
    svc::hit_if_true(
        &r,
        old,
        "security_policy",
        "accepts TLS 1.0 (`security_policy` is `TLS_1_0` or unset)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "security_policy",
        Value::string("TLS_1_2"),
        "require TLS 1.2 on the custom domain",
        Applicability::Unsafe("clients limited to TLS 1.0/1.1 can no longer connect".into()),
    ))
}
