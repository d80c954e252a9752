//! AWS-APIGW-004: a method can be called without authorization.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-APIGW-004",
    title: "API Gateway method can be called without authorization",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_api_gateway_method"],
    rationale: "`authorization = \"NONE\"` with no API key requirement lets anyone on the internet call the method and reach the backend behind it. CORS preflight (`OPTIONS`) methods are not reported: browsers send them without credentials by design.",
    remediation: "Use `authorization = \"AWS_IAM\"`, `\"COGNITO_USER_POOLS\"` or `\"CUSTOM\"` with an authorizer, or at least `api_key_required = true` with a usage plan. Choosing the authentication needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html",
    ],
    aliases: &[
        "AVD-AWS-0004",
        "aws-apigateway-no-public-access",
        "CKV_AWS_59",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let preflight = match r.get("http_method") {
        Some(Value::String(m)) => {
            Truth::from_bool(m.trim().to_ascii_uppercase().starts_with("OPTION"))
        }
        Some(v) if v.is_unknown() => Truth::Unknown,
        _ => Truth::False,
    };
    let open = svc::str_in(&r, "authorization", None, &["NONE"])
        .and(crate::util::flag(&r, "api_key_required", false).not())
        .and(preflight.not());
    svc::hit_if_true(
        &r,
        open,
        "authorization",
        "can be called by anyone (`authorization = \"NONE\"`, no API key required)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "authorization",
        Value::string("AWS_IAM"),
        "require IAM (SigV4-signed) authorization",
        Applicability::Unsafe(
            "callers that do not sign their requests with AWS credentials are refused; a public API needs a Cognito or Lambda authorizer instead".into(),
        ),
    ))
}
