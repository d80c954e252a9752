//! AZU-SQL-004: SQL audit logs are kept for less than 90 days.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-SQL-004",
    title: "SQL auditing keeps logs for less than 90 days",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_mssql_server_extended_auditing_policy",
        "azurerm_mssql_database_extended_auditing_policy",
        "azurerm_mssql_server",
        "azurerm_sql_server",
    ],
    rationale: "Intrusions are typically found weeks or months after they start. Audit records kept for less than 90 \
days are gone by the time an investigation needs them. `retention_in_days = 0` keeps them indefinitely.",
    remediation: "Set `retention_in_days` to 90 or more (or 0 for unlimited retention).",
    references: &["https://learn.microsoft.com/azure/azure-sql/database/auditing-overview"],
    aliases: &[
        "CKV_AZURE_24",
        "AVD-AZU-0025",
        "azure-database-retention-period-set",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn path_of(r: &ResourceRef<'_>) -> &'static str {
    if r.kind.ends_with("_auditing_policy") {
        "retention_in_days"
    } else {
        "extended_auditing_policy.0.retention_in_days"
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let path = path_of(&r);
    match r.get(path).and_then(Value::as_i64) {
        Some(days) if is_managed(&r) && (1..90).contains(&days) => vec![Hit::at(
            path,
            format!("`{}` keeps audit logs for {days} days", r.address),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        path_of(&r),
        Value::Number(90.0),
        "keep audit logs for 90 days",
        Applicability::Safe,
    )
}
