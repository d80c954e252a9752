//! AWS-RDS-009: an RDS cluster publishes none of its database logs to CloudWatch Logs.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-009",
    title: "RDS cluster does not export database logs to CloudWatch",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster"],
    rationale: "With `enabled_cloudwatch_logs_exports` unset or empty, the cluster's audit, error and slow-query \
logs (MySQL) or `postgresql` log stay on the instances: they rotate away within days, are lost with the instance, \
and cannot be searched, alerted on or kept apart from the database administrators. Failed logins, privilege \
changes and bulk reads leave no durable trace. Aurora Serverless v1 clusters are not reported: they cannot export \
logs this way (their parameter group publishes them).",
    remediation: "Set `enabled_cloudwatch_logs_exports`: `[\"audit\", \"error\", \"slowquery\"]` for Aurora MySQL \
(and turn on `server_audit_logging` in the cluster parameter group), `[\"error\", \"slowquery\"]` for a MySQL \
Multi-AZ cluster, `[\"postgresql\"]` for Aurora PostgreSQL or PostgreSQL. Set a retention on the log groups \
RDS creates.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/publishing_cloudwatchlogs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-34",
    ],
    aliases: &["CKV_AWS_324"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // Serverless v1 has no log exports to set; a mode not known statically may be it
    let may_be_serverless_v1 = match r.get("engine_mode") {
        None | Some(Value::Null) => false,
        Some(Value::String(m)) => m.trim().eq_ignore_ascii_case("serverless"),
        Some(_) => true,
    };
    if may_be_serverless_v1 {
        return Vec::new();
    }
    svc::hit_if_false(
        &r,
        exports_something(&r),
        "enabled_cloudwatch_logs_exports",
        "exports no database logs to CloudWatch",
    )
}

/// Whether the export list holds at least one log type: absent, null or empty is false, a
/// list with an unknown item or an unknown list is Unknown.
fn exports_something(r: &ResourceRef<'_>) -> Truth {
    match r.get("enabled_cloudwatch_logs_exports") {
        None | Some(Value::Null) => Truth::False,
        Some(v) if v.is_unknown() => Truth::Unknown,
        Some(v) => v
            .items()
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Truth::from_bool(!s.trim().is_empty()),
                Value::Unknown(_) => Truth::Unknown,
                _ => Truth::False,
            })
            .fold(Truth::False, Truth::or),
    }
}

/// The log types worth exporting for the cluster's engine, when the engine is known.
fn log_types(r: &ResourceRef<'_>) -> Option<&'static [&'static str]> {
    match r.get("engine") {
        // the provider's default engine is Aurora MySQL
        None | Some(Value::Null) => Some(&["audit", "error", "slowquery"]),
        Some(Value::String(e)) => match e.trim() {
            "aurora" | "aurora-mysql" => Some(&["audit", "error", "slowquery"]),
            "mysql" => Some(&["error", "slowquery"]),
            "aurora-postgresql" | "postgres" => Some(&["postgresql"]),
            _ => None,
        },
        Some(_) => None,
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let types = log_types(&r)?;
    Some(set_attribute_fix(
        &r,
        "enabled_cloudwatch_logs_exports",
        Value::List(types.iter().map(|t| Value::string(*t)).collect()),
        "export the cluster's database logs to CloudWatch",
        Applicability::Safe,
    ))
}
