//! AZU-STORAGE-008: a storage account does not encrypt twice (infrastructure encryption).
use crate::prelude::*;
use crate::views::azure::{set_fix, switch_off_hits};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-008",
    title: "Storage account does not use infrastructure (double) encryption",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: &["azurerm_storage_account"],
    rationale: "Infrastructure encryption adds a second, independent layer of AES-256 encryption with a different \
key below the service-level encryption, so a flaw or compromised key in one layer does not expose the data. \
Regulated workloads (FIPS 140-2, some government baselines) require it.",
    remediation: "Set `infrastructure_encryption_enabled = true` (default false). It can only be chosen when the \
account is created: Terraform replaces the account, so migrate its data first.",
    references: &[
        "https://learn.microsoft.com/azure/storage/common/infrastructure-encryption-enable",
    ],
    aliases: &[
        "AVD-AZU-0061",
        "azure-storage-infrastructure-encryption-enabled",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    switch_off_hits(&r, "infrastructure_encryption_enabled", false, || {
        format!(
            "storage account `{}` does not use infrastructure encryption",
            r.address
        )
    })
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "infrastructure_encryption_enabled",
        Value::Bool(true),
        "turn on infrastructure encryption",
        Applicability::Unsafe("the account is replaced: its data must be migrated first".into()),
    )
}
