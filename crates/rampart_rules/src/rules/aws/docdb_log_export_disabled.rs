//! AWS-DOC-002: a DocumentDB cluster exports no audit or profiler logs.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-DOC-002",
    title: "DocumentDB cluster does not export audit or profiler logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_docdb_cluster"],
    rationale: "Without `enabled_cloudwatch_logs_exports` containing `audit` (authentication, DDL, user management) or `profiler` (slow and unusual operations), failed logins, privilege changes and bulk reads are not recorded anywhere you can search or alert on.",
    remediation: "Set `enabled_cloudwatch_logs_exports = [\"audit\", \"profiler\"]` and turn on `audit_logs` in the cluster parameter group.",
    references: &[
        "https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/documentdb-controls.html#documentdb-4",
    ],
    aliases: &[
        "AVD-AWS-0020",
        "aws-documentdb-enable-log-export",
        "CKV_AWS_85",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let on = svc::list_has(
        &r,
        "enabled_cloudwatch_logs_exports",
        &["audit", "profiler"],
    );
    svc::hit_if_false(
        &r,
        on,
        "enabled_cloudwatch_logs_exports",
        "exports neither audit nor profiler logs",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "enabled_cloudwatch_logs_exports",
        Value::List(vec![Value::string("audit"), Value::string("profiler")]),
        "export audit and profiler logs to CloudWatch",
        Applicability::Safe,
    ))
}
