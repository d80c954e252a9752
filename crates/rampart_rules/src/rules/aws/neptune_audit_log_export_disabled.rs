//! AWS-NEP-002: a Neptune cluster does not export audit logs.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-NEP-002",
    title: "Neptune cluster does not export audit logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_neptune_cluster"],
    rationale: "Without `audit` in `enable_cloudwatch_logs_exports`, queries and connections to the graph are not recorded where they can be searched or alerted on: data pulled by a stolen credential leaves no trace.",
    remediation: "Set `enable_cloudwatch_logs_exports = [\"audit\"]` and `neptune_enable_audit_log = 1` in the cluster parameter group.",
    references: &[
        "https://docs.aws.amazon.com/neptune/latest/userguide/auditing.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html#neptune-2",
    ],
    aliases: &[
        "AVD-AWS-0075",
        "aws-neptune-enable-log-export",
        "CKV_AWS_101",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::list_has(&r, "enable_cloudwatch_logs_exports", &["audit"]);
    svc::hit_if_false(
        &r,
        on,
        "enable_cloudwatch_logs_exports",
        "does not export audit logs",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "enable_cloudwatch_logs_exports",
        Value::List(vec![Value::string("audit")]),
        "export audit logs to CloudWatch",
        Applicability::Safe,
    ))
}
