//! AWS-OS-003: the domain accepts plain HTTP.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-OS-003",
    title: "OpenSearch domain does not require HTTPS",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_opensearch_domain", "aws_elasticsearch_domain"],
    rationale: "Without `domain_endpoint_options { enforce_https = true }` the endpoint also answers plain HTTP: queries, documents and signed request headers cross the network readable and alterable by anyone on the path.",
    remediation: "Set `domain_endpoint_options { enforce_https = true }` and make clients use `https://`.",
    references: &[
        "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html",
    ],
    aliases: &[
        "AVD-AWS-0046",
        "aws-elasticsearch-enforce-https",
        "CKV_AWS_83",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::any_block(&r, "domain_endpoint_options", |b| {
        svc::field_flag(b, "enforce_https", false)
    });
    svc::hit_if_false(
        &r,
        on,
        "domain_endpoint_options",
        "accepts plain HTTP (`enforce_https` is not true)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "domain_endpoint_options.0.enforce_https",
        Value::Bool(true),
        "require HTTPS on the domain endpoint",
        Applicability::Unsafe("clients still using http:// stop working".into()),
    ))
}
