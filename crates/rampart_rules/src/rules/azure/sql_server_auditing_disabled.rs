//! AZU-SQL-001: a SQL server is not audited.
use crate::prelude::*;
use crate::views::azure::{SQL_SERVERS, sql_server_audited};

pub static RULE: Rule = Rule {
    id: "AZU-SQL-001",
    title: "Azure SQL server does not have auditing enabled",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: SQL_SERVERS,
    rationale: "Without server auditing there is no record of logins, permission changes or the queries that read \
data. An intrusion through a leaked connection string or SQL injection cannot be scoped afterwards, and most \
compliance frameworks (PCI DSS, ISO 27001, CIS) require the audit trail.",
    remediation: "Add an `azurerm_mssql_server_extended_auditing_policy` with `server_id` pointing at the server and a \
destination (`storage_endpoint`, or `log_monitoring_enabled` with a diagnostic setting to Log Analytics). There is no \
machine fix: the destination is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/auditing-overview",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/mssql_server_extended_auditing_policy",
    ],
    aliases: &[
        "CKV_AZURE_23",
        "AVD-AZU-0027",
        "azure-database-enable-audit",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && sql_server_audited(r).is_false() {
        vec![Hit::resource(format!(
            "SQL server `{}` has no auditing policy",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
