//! AZU-DB-003: a database server accepts TLS versions older than 1.2.
use crate::prelude::*;
use crate::views::azure::{set_fix, weak_tls};

pub static RULE: Rule = Rule {
    id: "AZU-DB-003",
    title: "Database server accepts TLS versions older than 1.2",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_mssql_server",
        "azurerm_postgresql_server",
        "azurerm_mysql_server",
    ],
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow downgrade attacks and weak cipher suites; a \
server that accepts them lets a misconfigured or downgraded client expose credentials and query results.",
    remediation: "Set `minimum_tls_version = \"1.2\"` on `azurerm_mssql_server`, or \
`ssl_minimal_tls_version_enforced = \"TLS1_2\"` on PostgreSQL/MySQL single servers (both the provider defaults).",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#configure-minimum-tls-version",
        "https://learn.microsoft.com/azure/mysql/single-server/how-to-tls-configurations",
    ],
    aliases: &[
        "CKV_AZURE_52",
        "AVD-AZU-0026",
        "azure-database-secure-tls-policy",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn setting(r: &ResourceRef<'_>) -> (&'static str, &'static str) {
    if r.kind == "azurerm_mssql_server" {
        ("minimum_tls_version", "1.2")
    } else {
        ("ssl_minimal_tls_version_enforced", "TLS1_2")
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let (path, _) = setting(&r);
    if is_managed(&r) && weak_tls(&r, path, Truth::False).is_true() {
        vec![Hit::at(
            path,
            format!("database server `{}` accepts TLS older than 1.2", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let (path, value) = setting(&r);
    set_fix(
        &r,
        path,
        Value::string(value),
        "require TLS 1.2",
        Applicability::Unsafe("clients limited to TLS 1.0/1.1 can no longer connect".into()),
    )
}
