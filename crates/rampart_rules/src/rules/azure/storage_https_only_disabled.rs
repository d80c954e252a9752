//! AZU-STORAGE-001: a storage account accepts plain-HTTP requests.
use crate::prelude::*;
use crate::views::azure::{first_written, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-001",
    title: "Storage account accepts requests over plain HTTP",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: &["azurerm_storage_account"],
    rationale: "With secure transfer turned off, the blob, queue, table and file endpoints answer plain HTTP. Shared \
access signatures, account keys in `Authorization` headers and the data itself then cross the network in clear text, \
where anyone on the path can read or replay them.",
    remediation: "Set `https_traffic_only_enabled = true` (provider v4; `enable_https_traffic_only` before v4), which \
is also the provider's default. Clients still using `http://` endpoints must switch to `https://` first.",
    references: &[
        "https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#https_traffic_only_enabled",
    ],
    aliases: &["CKV_AZURE_3", "AVD-AZU-0008", "azure-storage-enforce-https"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Arm],
        safety: FixSafety::Unsafe,
    },
};

const SETTINGS: &[&str] = &["https_traffic_only_enabled", "enable_https_traffic_only"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    // both names default to true; only an explicit false is proof
    match first_written(&r, SETTINGS) {
        Some(path) if flag(&r, path, true).is_false() => vec![Hit::at(
            path,
            format!(
                "storage account `{}` accepts plain HTTP (`{path} = false`)",
                r.address
            ),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.as_deref()?;
    set_fix(
        &r,
        path,
        Value::Bool(true),
        "accept HTTPS requests only",
        Applicability::Unsafe("clients that still call the http:// endpoints are refused".into()),
    )
}
