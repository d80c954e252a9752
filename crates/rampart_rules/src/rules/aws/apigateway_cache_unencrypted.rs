//! AWS-APIGW-003: cached responses are stored unencrypted.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-APIGW-003",
    title: "API Gateway method settings cache responses without encryption",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_api_gateway_method_settings"],
    rationale: "With `caching_enabled = true` and `cache_data_encrypted` false (the default), responses — often personal data or tokens returned by the backend — sit in the stage cache unencrypted.",
    remediation: "Set `settings { cache_data_encrypted = true }` wherever caching is enabled.",
    references: &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-5",
    ],
    aliases: &[
        "AVD-AWS-0002",
        "aws-apigateway-enable-cache-encryption",
        "CKV_AWS_308",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let exposed = svc::any_block(&r, "settings", |b| {
        svc::field_flag(b, "caching_enabled", false)
            .and(svc::field_flag(b, "cache_data_encrypted", false).not())
    });
    svc::hit_if_true(
        &r,
        exposed,
        "settings.0.cache_data_encrypted",
        "caches responses without encrypting them",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "settings.0.cache_data_encrypted",
        Value::Bool(true),
        "encrypt the response cache",
        Applicability::Safe,
    ))
}
