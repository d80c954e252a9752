//! AZU-DB-004: a PostgreSQL/MySQL/MariaDB server accepts unencrypted connections.
use crate::prelude::*;
use crate::views::azure::{set_fix, switch_off_hits};

pub static RULE: Rule = Rule {
    id: "AZU-DB-004",
    title: "Database server does not enforce SSL connections",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_postgresql_server",
        "azurerm_mysql_server",
        "azurerm_mariadb_server",
    ],
    rationale: "With SSL enforcement off the server accepts unencrypted connections: passwords and query results \
cross the network in clear text, readable and alterable by anyone on the path.",
    remediation: "Set `ssl_enforcement_enabled = true` and make clients connect with `sslmode=require` (PostgreSQL) \
or `--ssl-mode=REQUIRED` (MySQL).",
    references: &[
        "https://learn.microsoft.com/azure/postgresql/single-server/concepts-ssl-connection-security",
        "https://learn.microsoft.com/azure/mysql/single-server/concepts-ssl-connection-security",
    ],
    aliases: &[
        "CKV_AZURE_28",
        "CKV_AZURE_29",
        "AVD-AZU-0020",
        "azure-database-enable-ssl-enforcement",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // required in the provider schema: only an explicit false is proof
    switch_off_hits(&r, "ssl_enforcement_enabled", true, || {
        format!(
            "database server `{}` accepts unencrypted connections",
            r.address
        )
    })
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "ssl_enforcement_enabled",
        Value::Bool(true),
        "enforce SSL connections",
        Applicability::Unsafe("clients that connect without SSL are refused".into()),
    )
}
