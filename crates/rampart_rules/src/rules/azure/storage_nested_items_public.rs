//! AZU-STORAGE-004: a storage account lets containers and blobs be made public.
use crate::prelude::*;
use crate::views::azure::{first_written, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-004",
    title: "Storage account allows containers and blobs to be made public",
    severity: Severity::Medium,
    category: Category::Data,
    provider: Provider::Azure,
    kinds: &["azurerm_storage_account"],
    rationale: "When the account allows public nested items, any container can be switched to anonymous access by \
anyone with write rights on it — one setting away from a data leak. Disallowing it at the account overrides every \
container's access level.",
    remediation: "Set `allow_nested_items_to_be_public = false` (`allow_blob_public_access = false` before provider \
v3). Only an explicit `true` is reported: when the attribute is absent the default depends on the provider version. \
Checkov's CKV_AZURE_190 reads the same attribute but also fails when it is absent, so it is not an alias of this \
rule.",
    references: &[
        "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#allow_nested_items_to_be_public",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const SETTINGS: &[&str] = &[
    "allow_nested_items_to_be_public",
    "allow_blob_public_access",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    match first_written(&r, SETTINGS) {
        Some(path) if flag(&r, path, false).is_true() => vec![Hit::at(
            path,
            format!(
                "storage account `{}` allows public containers and blobs",
                r.address
            ),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(false),
        "disallow public containers and blobs",
        Applicability::Unsafe("containers that serve anonymous readers today stop doing so".into()),
    )
}
