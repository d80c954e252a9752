//! AZU-DISK-001: a managed disk has Azure Disk Encryption explicitly turned off.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AZU-DISK-001",
    title: "Managed disk has Azure Disk Encryption disabled",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: &["azurerm_managed_disk"],
    rationale: "Azure encrypts every managed disk at rest with platform keys, but `encryption_settings { enabled = \
false }` turns off Azure Disk Encryption, the in-guest layer whose keys live in the customer's Key Vault. A disk \
copied or exported (a snapshot shared by mistake, a SAS export URL) is then readable by whoever holds it.",
    remediation: "Enable `encryption_settings` with a `disk_encryption_key` from Key Vault, or use a \
`disk_encryption_set_id` with customer-managed keys, or encryption at host. There is no machine fix: the key vault \
and key are human decisions.",
    references: &["https://learn.microsoft.com/azure/virtual-machines/disk-encryption-overview"],
    aliases: &[
        "CKV_AZURE_2",
        "AVD-AZU-0038",
        "azure-compute-enable-disk-encryption",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let path = "encryption_settings.0.enabled";
    if is_managed(&r) && r.get(path).is_some() && flag(&r, path, true).is_false() {
        vec![Hit::at(
            path,
            format!("managed disk `{}` has disk encryption disabled", r.address),
        )]
    } else {
        Vec::new()
    }
}
