//! AWS-APIGW-001: a stage writes no access logs.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-APIGW-001",
    title: "API Gateway stage does not write access logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_api_gateway_stage", "aws_apigatewayv2_stage"],
    rationale: "Without `access_log_settings` (with a `destination_arn`) there is no record of who called which route, from where and with what result: credential stuffing, enumeration of IDs and abuse of an unauthenticated route cannot be seen or investigated.",
    remediation: "Add `access_log_settings { destination_arn = aws_cloudwatch_log_group.<group>.arn, format = ... }` (REST APIs also need the account-level CloudWatch role, `aws_api_gateway_account`). The log group needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-9",
    ],
    aliases: &[
        "AVD-AWS-0001",
        "aws-apigateway-enable-access-logging",
        "CKV_AWS_76",
        "CKV_AWS_95",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let logged = svc::any_block(&r, "access_log_settings", |b| {
        match b.get("destination_arn") {
            None | Some(Value::Null) => Truth::False,
            Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
            Some(_) => Truth::True,
        }
    });
    svc::hit_if_false(
        &r,
        logged,
        "access_log_settings",
        "does not write access logs",
    )
}
