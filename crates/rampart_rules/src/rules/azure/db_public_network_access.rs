//! AZU-DB-002: a database server is reachable from public networks.
use crate::prelude::*;
use crate::views::azure::{set_fix, switch_on_hits};

pub static RULE: Rule = Rule {
    id: "AZU-DB-002",
    title: "Database server allows public network access",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_mssql_server",
        "azurerm_postgresql_server",
        "azurerm_mysql_server",
        "azurerm_mariadb_server",
    ],
    rationale: "With public network access on (the provider's default for these servers), the server has a public \
endpoint and only its firewall rules stand between it and the internet; one broad rule exposes it. Private endpoints \
keep database traffic off the internet entirely.",
    remediation: "Set `public_network_access_enabled = false` and reach the server through a private endpoint. \
Clients that connect over the internet today must move to the private network first.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access",
        "https://learn.microsoft.com/azure/postgresql/single-server/concepts-data-access-and-security-private-link",
    ],
    aliases: &[
        "CKV_AZURE_113",
        "CKV_AZURE_68",
        "CKV_AZURE_53",
        "AVD-AZU-0022",
        "azure-database-no-public-access",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    switch_on_hits(&r, "public_network_access_enabled", true, || {
        format!(
            "database server `{}` allows public network access",
            r.address
        )
    })
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "public_network_access_enabled",
        Value::Bool(false),
        "disable public network access",
        Applicability::Unsafe(
            "clients that connect over the internet lose access until they use a private endpoint"
                .into(),
        ),
    )
}
