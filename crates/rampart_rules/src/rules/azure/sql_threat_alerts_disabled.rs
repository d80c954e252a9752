//! AZU-SQL-002: a SQL security alert policy turns some threat detections off.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-SQL-002",
    title: "SQL server security alert policy disables some threat detections",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_mssql_server_security_alert_policy"],
    rationale: "Each detection in Microsoft Defender for SQL (SQL injection, data exfiltration, unsafe action, \
access from an unusual location, brute force) covers a different attack. Disabling some leaves exactly those attacks \
unnoticed.",
    remediation: "Remove the entries of `disabled_alerts` (or set it to `[]`) so every detection type is active.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/threat-detection-configure",
        "https://learn.microsoft.com/azure/defender-for-cloud/alerts-sql-database-and-azure-synapse-analytics",
    ],
    aliases: &[
        "CKV_AZURE_25",
        "AVD-AZU-0028",
        "azure-database-all-threat-alerts-enabled",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let disabled: Vec<&str> = match r.get("disabled_alerts") {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter(|s| !s.trim().is_empty())
            .collect(),
        _ => Vec::new(),
    };
    if is_managed(&r) && !disabled.is_empty() {
        vec![Hit::at(
            "disabled_alerts",
            format!(
                "alert policy `{}` disables threat detections: {}",
                r.address,
                disabled.join(", ")
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "disabled_alerts",
        Value::List(Vec::new()),
        "enable every threat detection",
        Applicability::Safe,
    )
}
