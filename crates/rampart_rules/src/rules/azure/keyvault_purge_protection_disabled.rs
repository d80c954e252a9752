//! AZU-KV-001: a key vault can be purged while soft-deleted.
use crate::prelude::*;
use crate::views::azure::{set_fix, switch_off_hits};

pub static RULE: Rule = Rule {
    id: "AZU-KV-001",
    title: "Key vault does not have purge protection enabled",
    severity: Severity::Medium,
    category: Category::Secrets,
    provider: Provider::Azure,
    kinds: &["azurerm_key_vault"],
    rationale: "Without purge protection, a deleted vault (or key, secret, certificate) can be purged before its \
soft-delete retention ends. Anyone with delete and purge rights — an insider, a stolen identity, ransomware — can \
then destroy keys permanently, making every disk, database and storage account encrypted with them unreadable.",
    remediation: "Set `purge_protection_enabled = true` (default false). It cannot be turned off again, and the vault \
name stays reserved until the retention period ends after a delete.",
    references: &[
        "https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/key_vault#purge_protection_enabled",
    ],
    aliases: &["CKV_AZURE_110", "AVD-AZU-0016", "azure-keyvault-no-purge"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Arm],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    switch_off_hits(&r, "purge_protection_enabled", false, || {
        format!(
            "key vault `{}` can be purged before its retention ends",
            r.address
        )
    })
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "purge_protection_enabled",
        Value::Bool(true),
        "enable purge protection",
        Applicability::Unsafe(
            "purge protection cannot be turned off again, and a deleted vault keeps its name reserved".into(),
        ),
    )
}
