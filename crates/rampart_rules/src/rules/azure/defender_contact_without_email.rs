//! AZU-DEF-004: the Defender for Cloud security contact has no e-mail address.
use crate::prelude::*;
use crate::views::azure::Scalar;

pub static RULE: Rule = Rule {
    id: "AZU-DEF-004",
    title: "Security contact has no e-mail address",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_security_center_contact"],
    rationale: "Defender for Cloud sends incident notifications to the security contact's e-mail. Without an \
address, alerts reach no one outside the portal.",
    remediation: "Set `email` to a monitored security mailbox or distribution list. There is no machine fix: the \
address is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/defender-for-cloud/configure-email-notifications",
    ],
    aliases: &[
        "AVD-AZU-0062",
        "azure-securitycenter-security-contact-email",
        "CKV_AZURE_131",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let email = Scalar::at(&r, "email");
    if is_managed(&r) && (email == Scalar::Absent || email.is_one_of(&[""], Truth::False).is_true())
    {
        vec![Hit::resource(format!(
            "security contact `{}` has no e-mail address",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
