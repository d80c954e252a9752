//! AZU-STORAGE-006: network rules do not let trusted Microsoft services through.
use crate::prelude::*;
use crate::views::azure::{STORAGE_ACCOUNT, set_fix, storage_network_rule_sets};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-006",
    title: "Storage account network rules do not let trusted Microsoft services through",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_storage_account",
        "azurerm_storage_account_network_rules",
    ],
    rationale: "Azure Backup, Site Recovery, Monitor diagnostic settings, Event Grid and other trusted services reach \
a firewalled account only through the `AzureServices` bypass. Without it, backups and log delivery into the account \
fail silently, and teams tend to 'fix' that by opening the firewall to everyone.",
    remediation: "Add `\"AzureServices\"` to `bypass` in `network_rules` (or in `azurerm_storage_account_network_rules`). \
When `bypass` is absent Azure uses `AzureServices`, so only an explicit list without it is reported.",
    references: &[
        "https://learn.microsoft.com/azure/storage/common/storage-network-security#grant-access-to-trusted-azure-services",
    ],
    aliases: &[
        "CKV_AZURE_36",
        "AVD-AZU-0010",
        "azure-storage-allow-microsoft-service-bypass",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let paths: Vec<String> = if r.kind == STORAGE_ACCOUNT {
        storage_network_rule_sets(r)
            .iter()
            .filter(|s| s.resource.id == r.id && !s.prefix.is_empty())
            .map(|s| s.path("bypass"))
            .collect()
    } else {
        vec!["bypass".to_string()]
    };
    paths
        .into_iter()
        .filter(|p| lacks_azure_services(&r, p).is_some())
        .map(|p| {
            Hit::at(
                p.clone(),
                format!(
                    "`{}` network rules do not let trusted Azure services through (`{p}`)",
                    r.address
                ),
            )
        })
        .collect()
}

/// The known bypass list when it lacks `AzureServices`; `None` when absent, unknown or fine.
fn lacks_azure_services(r: &ResourceRef<'_>, path: &str) -> Option<Vec<Value>> {
    let items = match r.get(path)? {
        Value::List(items) => items.clone(),
        Value::String(s) => vec![Value::string(s.as_str())],
        _ => return None,
    };
    let texts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
    let texts = texts?;
    if texts
        .iter()
        .any(|t| t.eq_ignore_ascii_case("AzureServices"))
    {
        None
    } else {
        Some(
            items
                .into_iter()
                .filter(|v| v.as_str() != Some("None"))
                .collect(),
        )
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.as_deref()?;
    let mut list = lacks_azure_services(&r, path)?;
    list.push(Value::string("AzureServices"));
    set_fix(
        &r,
        path,
        Value::List(list),
        "let trusted Azure services through the firewall",
        Applicability::Safe,
    )
}
