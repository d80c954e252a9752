//! AWS-LMB-002: a function URL accepts unauthenticated calls.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-LMB-002",
    title: "Lambda function URL does not require authentication",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_lambda_function_url"],
    rationale: "With `authorization_type = \"NONE\"` anyone on the internet who learns the URL can invoke the function: running its code with its execution role's permissions, reading whatever it returns, and running up cost. URLs are easy to leak through logs, browser history and front-end code.",
    remediation: "Set `authorization_type = \"AWS_IAM\"` and grant `lambda:InvokeFunctionUrl` to the callers that need it; when the function must be public, put it behind CloudFront or API Gateway with WAF and authentication and validate every request in the code.",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html",
    ],
    aliases: &["CKV_AWS_258"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let open = svc::str_in(&r, "authorization_type", None, &["NONE"]);
    svc::hit_if_true(
        &r,
        open,
        "authorization_type",
        "lets anyone invoke the function without authentication (`authorization_type = \"NONE\"`)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(&r, "authorization_type", Value::string("AWS_IAM"), "require IAM authentication on the function URL", Applicability::Unsafe("callers that do not sign requests with SigV4 (browsers, webhooks) can no longer invoke the URL".into())))
}
