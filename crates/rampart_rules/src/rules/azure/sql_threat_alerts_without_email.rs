//! AZU-SQL-003: SQL threat alerts are sent to no e-mail address.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AZU-SQL-003",
    title: "SQL server security alert policy sends alerts to no e-mail address",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_mssql_server_security_alert_policy"],
    rationale: "Threat detection is only useful if someone hears about it. With no `email_addresses`, alerts for SQL \
injection or exfiltration sit in the portal until someone happens to look.",
    remediation: "Set `email_addresses` to a monitored security mailbox (and `email_account_admins = true`). There is \
no machine fix: the address is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/threat-detection-configure",
    ],
    aliases: &[
        "CKV_AZURE_26",
        "AVD-AZU-0018",
        "azure-database-threat-alert-email-set",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let none = match r.get("email_addresses") {
        None | Some(Value::Null) => true,
        Some(Value::List(items)) => items
            .iter()
            .all(|i| i.as_str().is_some_and(|s| s.trim().is_empty())),
        Some(_) => false,
    };
    let disabled = r
        .str("state")
        .is_some_and(|s| s.eq_ignore_ascii_case("Disabled"));
    if is_managed(&r) && none && !disabled {
        vec![Hit::resource(format!(
            "alert policy `{}` e-mails no one",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
