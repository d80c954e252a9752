//! AZU-KV-004: a key vault secret never expires.
use crate::prelude::*;
use crate::views::azure::Scalar;

pub static RULE: Rule = Rule {
    id: "AZU-KV-004",
    title: "Key vault secret has no expiration date",
    severity: Severity::Low,
    category: Category::Secrets,
    provider: Provider::Azure,
    kinds: &["azurerm_key_vault_secret"],
    rationale: "A secret with no expiration date is never forced to rotate. Passwords and connection strings leak \
through logs, tickets and developer machines; without an expiry a leaked copy keeps working, and nothing alerts \
anyone that it is old.",
    remediation: "Set `expiration_date` (RFC 3339) and rotate the secret before then (Event Grid's near-expiry event \
can trigger the rotation). There is no machine fix: the right lifetime is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault_secret#expiration_date",
    ],
    aliases: &[
        "CKV_AZURE_41",
        "AVD-AZU-0017",
        "azure-keyvault-ensure-secret-expiry",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let date = Scalar::at(&r, "expiration_date");
    let missing = date == Scalar::Absent || date.is_one_of(&[""], Truth::False).is_true();
    if is_managed(&r) && missing {
        vec![Hit::resource(format!(
            "secret `{}` has no expiration date",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
