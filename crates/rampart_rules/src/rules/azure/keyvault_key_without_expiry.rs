//! AZU-KV-003: a key vault key never expires.
use crate::prelude::*;
use crate::views::azure::Scalar;

pub static RULE: Rule = Rule {
    id: "AZU-KV-003",
    title: "Key vault key has no expiration date",
    severity: Severity::Medium,
    category: Category::Secrets,
    provider: Provider::Azure,
    kinds: &["azurerm_key_vault_key"],
    rationale: "A key with no expiration date is used forever: nothing forces rotation, so a key copied once (from a \
backup, a debug dump, an over-privileged identity) stays useful to an attacker indefinitely.",
    remediation: "Set `expiration_date` (RFC 3339) and a `rotation_policy` that rotates the key before it expires. \
There is no machine fix: the right lifetime is a human decision.",
    references: &[
        "https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault_key#expiration_date",
    ],
    aliases: &[
        "CKV_AZURE_40",
        "AVD-AZU-0014",
        "azure-keyvault-ensure-key-expiry",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let missing = matches!(Scalar::at(&r, "expiration_date"), Scalar::Absent)
        || Scalar::at(&r, "expiration_date")
            .is_one_of(&[""], Truth::False)
            .is_true();
    if is_managed(&r) && missing {
        vec![Hit::resource(format!(
            "key `{}` has no expiration date",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
