//! AZU-DEF-002: Defender for Cloud does not e-mail alerts to the security contact.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-DEF-002",
    title: "Security contact does not receive alert notifications",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_security_center_contact"],
    rationale: "With `alert_notifications = false` Defender for Cloud raises high-severity alerts in the portal only; \
no one is told that a VM is mining coins or a storage account is being drained until someone happens to look.",
    remediation: "Set `alert_notifications = true` on `azurerm_security_center_contact`.",
    references: &[
        "https://learn.microsoft.com/azure/defender-for-cloud/configure-email-notifications",
    ],
    aliases: &[
        "CKV_AZURE_21",
        "AVD-AZU-0044",
        "azure-securitycenter-alert-on-severe-notifications",
        "AVD-AZU-0063",
        "azure-securitycenter-email-alerts-disabled",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "alert_notifications", true).is_false() {
        vec![Hit::at(
            "alert_notifications",
            format!("security contact `{}` is not notified of alerts", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "alert_notifications",
        Value::Bool(true),
        "e-mail alerts to the security contact",
        Applicability::Safe,
    )
}
