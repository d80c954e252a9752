//! AWS-APIGW-002: a REST API stage is not traced with X-Ray.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-APIGW-002",
    title: "API Gateway REST API stage does not have X-Ray tracing enabled",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_api_gateway_stage"],
    rationale: "Without `xray_tracing_enabled` requests cannot be followed from the API into the functions and services behind it: unusual call paths, latency caused by abuse and the origin of a failure stay invisible.",
    remediation: "Set `xray_tracing_enabled = true` on the stage.",
    references: &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-xray.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-3",
    ],
    aliases: &[
        "AVD-AWS-0003",
        "aws-apigateway-enable-tracing",
        "CKV_AWS_73",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = crate::util::flag(&r, "xray_tracing_enabled", false);
    svc::hit_if_false(
        &r,
        on,
        "xray_tracing_enabled",
        "does not trace requests with X-Ray",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "xray_tracing_enabled",
        Value::Bool(true),
        "trace the stage with X-Ray",
        Applicability::Safe,
    ))
}
