//! AZU-DEF-003: Defender for Cloud does not e-mail alerts to subscription owners.
use crate::prelude::*;
use crate::views::azure::{set_fix, switch_off_hits};

pub static RULE: Rule = Rule {
    id: "AZU-DEF-003",
    title: "Security alerts are not sent to subscription administrators",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_security_center_contact"],
    rationale: "Subscription owners can act on an alert immediately (isolate a VM, rotate a key). With \
`alerts_to_admins = false` they only learn of an incident if the security contact forwards it.",
    remediation: "Set `alerts_to_admins = true` on `azurerm_security_center_contact`.",
    references: &[
        "https://learn.microsoft.com/azure/defender-for-cloud/configure-email-notifications",
    ],
    aliases: &[
        "CKV_AZURE_22",
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
    switch_off_hits(&r, "alerts_to_admins", true, || {
        format!(
            "security contact `{}` does not alert administrators",
            r.address
        )
    })
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "alerts_to_admins",
        Value::Bool(true),
        "e-mail alerts to subscription administrators",
        Applicability::Safe,
    )
}
