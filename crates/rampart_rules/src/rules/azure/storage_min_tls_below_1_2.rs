//! AZU-STORAGE-002: a storage account accepts TLS versions older than 1.2.
use crate::prelude::*;
use crate::views::azure::{set_fix, weak_tls};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-002",
    title: "Storage account accepts TLS versions older than 1.2",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: &["azurerm_storage_account"],
    rationale: "TLS 1.0 and 1.1 have known weaknesses (BEAST, weak cipher suites, SHA-1 handshakes) and are no longer \
accepted by PCI DSS. A storage account that allows them lets a downgraded client expose keys, SAS tokens and data.",
    remediation: "Set `min_tls_version = \"TLS1_2\"` (the default since provider v3 for new accounts). Check first \
that no client still negotiates TLS 1.0/1.1 (storage logs show the TLS version of each request).",
    references: &[
        "https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version",
    ],
    aliases: &[
        "CKV_AZURE_44",
        "AVD-AZU-0011",
        "azure-storage-use-secure-tls-policy",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // absent: the provider default depends on its version (TLS1_0 before v3), so not proven
    if is_managed(&r) && weak_tls(&r, "min_tls_version", Truth::False).is_true() {
        vec![Hit::at(
            "min_tls_version",
            format!("storage account `{}` accepts TLS older than 1.2", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "min_tls_version",
        Value::string("TLS1_2"),
        "require TLS 1.2",
        Applicability::Unsafe("clients limited to TLS 1.0/1.1 can no longer connect".into()),
    )
}
