//! AZU-SQL-006: SQL threat alerts do not reach the subscription's administrators.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AZU-SQL-006",
    title: "SQL server security alert policy does not e-mail the subscription administrators",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_mssql_server_security_alert_policy"],
    rationale: "With `email_account_admins_enabled` (`email_account_admins` before azurerm 4.0) false, the default, SQL injection and exfiltration alerts go only to \
the addresses listed in `email_addresses` — a mailbox that may be unmonitored, renamed or empty (AZU-SQL-003 \
reports an empty list). Sending them to the subscription owners too makes sure someone with the authority to act \
hears about them. A disabled policy is not reported (AZU-SQL-002's finding).",
    remediation: "Set `email_account_admins_enabled = true` (`email_account_admins` on azurerm 3.x) and keep a \
monitored security mailbox in `email_addresses`. The automatic fix turns on the attribute that is written; when \
neither is, which name the provider version takes is not known, so there is no automatic change.",
    references: &[
        "https://learn.microsoft.com/azure/azure-sql/database/threat-detection-configure",
    ],
    aliases: &["CKV_AZURE_27", "AVD-AZU-0023", "azure-database-threat-alert-email-to-owner"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

/// The attribute the configuration uses: the azurerm 4.x name when written, else the 3.x one.
fn admins_attribute(r: &ResourceRef<'_>) -> Option<&'static str> {
    ["email_account_admins_enabled", "email_account_admins"]
        .into_iter()
        .find(|a| r.get(a).is_some_and(|v| !v.is_null()))
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let attribute = admins_attribute(&r).unwrap_or("email_account_admins_enabled");
    let disabled = r
        .str("state")
        .is_some_and(|s| s.eq_ignore_ascii_case("Disabled"));
    if is_managed(&r) && !disabled && flag(&r, attribute, false).is_false() {
        vec![Hit::at(
            attribute,
            format!(
                "alert policy `{}` does not e-mail the subscription administrators",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        admins_attribute(&r)?,
        Value::Bool(true),
        "e-mail threat alerts to the subscription administrators",
        Applicability::Safe,
    ))
}
