use crate::prelude::*;
use crate::views::logging::known_str;

pub static RULE: Rule = Rule {
    id: "AWS-LMB-001",
    title: "Lambda function does not have active X-Ray tracing",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_lambda_function"],
    rationale: "Without `tracing_config { mode = \"Active\" }` the function only traces requests an upstream service \
already sampled (`PassThrough`, the default). Unexpected calls — an invocation from an unknown source, a call to an \
unusual endpoint, a sudden slowdown from abuse — then leave no trace to follow across services.",
    remediation: "Set `tracing_config { mode = \"Active\" }` and give the execution role `xray:PutTraceSegments` and \
`xray:PutTelemetryRecords` (the managed policy `AWSXRayDaemonWriteAccess`).",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-7",
    ],
    aliases: &["AVD-AWS-0066", "aws-lambda-enable-tracing", "CKV_AWS_50"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(function: ResourceRef<'_>) -> Vec<Hit> {
    if function
        .get("tracing_config")
        .is_some_and(Value::is_unknown)
    {
        return Vec::new();
    }
    match known_str(&function, "tracing_config.0.mode") {
        Ok(Some(mode)) if mode.eq_ignore_ascii_case("Active") => Vec::new(),
        Err(()) => Vec::new(),
        Ok(Some(mode)) => vec![Hit::at(
            "tracing_config.0.mode",
            format!(
                "Lambda function `{}` traces in `{mode}` mode, not `Active`",
                function.address
            ),
        )],
        Ok(None) => vec![Hit::resource(format!(
            "Lambda function `{}` does not enable active X-Ray tracing",
            function.address
        ))],
    }
}

fn fix(function: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "enable active X-Ray tracing".into(),
        changes: vec![Change::SetAttribute {
            address: function.address.clone(),
            path: "tracing_config.0.mode".into(),
            value: Value::string("Active"),
        }],
        applicability: Applicability::Unsafe(
            "the execution role needs xray:PutTraceSegments and xray:PutTelemetryRecords, or traces are dropped; X-Ray \
is billed per trace"
                .into(),
        ),
    })
}
