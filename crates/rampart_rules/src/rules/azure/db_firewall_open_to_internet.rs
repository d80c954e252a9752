//! AZU-DB-001: a database firewall rule admits every IPv4 address.
use crate::prelude::*;
use crate::views::azure::Scalar;
use rampart_model::SourceFormat;

pub static RULE: Rule = Rule {
    id: "AZU-DB-001",
    title: "Database firewall rule allows the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_sql_firewall_rule",
        "azurerm_mssql_firewall_rule",
        "azurerm_postgresql_firewall_rule",
        "azurerm_postgresql_flexible_server_firewall_rule",
        "azurerm_mysql_firewall_rule",
        "azurerm_mysql_flexible_server_firewall_rule",
        "azurerm_mariadb_firewall_rule",
    ],
    rationale: "A server firewall rule from `0.0.0.0` to `255.255.255.255` admits every IPv4 address, so the only \
thing between the internet and the data is the database password — exposed to brute force and to every leaked \
connection string. (`0.0.0.0`–`0.0.0.0` is Azure's 'allow Azure services' marker and is not reported.)",
    remediation: "Delete the rule and add rules for the client ranges that need access, or disable public network \
access and use private endpoints.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/firewall-configure",
        "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules",
    ],
    aliases: &[
        "CKV_AZURE_11",
        "AVD-AZU-0029",
        "azure-database-no-public-firewall-access",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Arm],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let start = Scalar::at(&r, "start_ip_address");
    let end = Scalar::at(&r, "end_ip_address");
    if is_managed(&r)
        && start.is_one_of(&["0.0.0.0"], Truth::False).is_true()
        && end.is_one_of(&["255.255.255.255"], Truth::False).is_true()
    {
        vec![Hit::at(
            "end_ip_address",
            format!("firewall rule `{}` admits every IPv4 address", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "remove the rule that admits the whole internet".into(),
        changes: vec![Change::RemoveResource {
            address: r.address.clone(),
        }],
        applicability: Applicability::Unsafe(
            "clients that connect from addresses no other rule admits lose access".into(),
        ),
    })
}
