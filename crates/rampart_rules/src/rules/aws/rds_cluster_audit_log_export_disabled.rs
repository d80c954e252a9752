//! AWS-RDS-011: an Aurora MySQL cluster does not export its audit log.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-011",
    title: "Aurora MySQL cluster does not export its audit log to CloudWatch",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster"],
    rationale: "The Aurora MySQL audit log (Advanced Auditing) records connections, queries against chosen tables \
and privilege changes: the trail an investigation needs. Unless `enabled_cloudwatch_logs_exports` contains `audit` \
it stays on the instances, rotates away within days and cannot be alerted on. Only Aurora MySQL clusters (engine \
`aurora-mysql`, the older `aurora`, or no engine written: the provider's default) are checked: Aurora PostgreSQL \
and Multi-AZ DB clusters have no audit log type to export, and Aurora Serverless v1 cannot set exports.",
    remediation: "Add `audit` to `enabled_cloudwatch_logs_exports` and turn on `server_audit_logging` (with \
`server_audit_events`) in the cluster parameter group; without the parameter the exported log stays empty. The \
automatic fix adds `audit` to the list.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.CloudWatch.html",
    ],
    aliases: &["CKV_AWS_325"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

const EXPORTS: &str = "enabled_cloudwatch_logs_exports";

fn aurora_mysql(r: &ResourceRef<'_>) -> bool {
    let engine = match r.get("engine") {
        // the provider's default engine is Aurora MySQL
        None | Some(Value::Null) => true,
        Some(Value::String(e)) => matches!(e.trim(), "aurora" | "aurora-mysql"),
        Some(_) => false,
    };
    // Serverless v1 cannot set exports; a mode not known statically may be it
    let may_be_serverless_v1 = match r.get("engine_mode") {
        None | Some(Value::Null) => false,
        Some(Value::String(m)) => m.trim().eq_ignore_ascii_case("serverless"),
        Some(_) => true,
    };
    engine && !may_be_serverless_v1
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !aurora_mysql(&r) {
        return Vec::new();
    }
    svc::hit_if_false(
        &r,
        svc::list_has(&r, EXPORTS, &["audit"]),
        EXPORTS,
        "does not export its audit log to CloudWatch",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // keep what is exported already; a list with values not known here is left to a human
    let mut types: Vec<Value> = match r.get(EXPORTS) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) if items.iter().all(|i| i.as_str().is_some()) => items.clone(),
        Some(_) => return None,
    };
    types.push(Value::string("audit"));
    Some(set_attribute_fix(
        &r,
        EXPORTS,
        Value::List(types),
        "export the audit log to CloudWatch",
        Applicability::Safe,
    ))
}
