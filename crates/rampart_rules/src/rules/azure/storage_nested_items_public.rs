//! AZU-STORAGE-004: a storage account lets containers and blobs be made public.
use crate::prelude::*;
use crate::views::azure::{first_written, set_fix};
use crate::views::defaults::value_or_default;

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
v3). An account that leaves both out is reported too: the azurerm provider (v3 and later) applies \
`allow_nested_items_to_be_public = true`. In an ARM template an absent `allowBlobPublicAccess` takes a default that \
depends on the API version, so that check is undecided.",
    references: &[
        "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account#allow_nested_items_to_be_public",
    ],
    aliases: &["CKV_AZURE_190"],
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
    let Some(path) = first_written(&r, SETTINGS) else {
        return absent(&r);
    };
    if flag(&r, path, false).is_true() {
        vec![Hit::at(
            path,
            format!(
                "storage account `{}` allows public containers and blobs",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

/// Neither setting is written: the provider's default decides (see `views::defaults`).
fn absent(r: &ResourceRef<'_>) -> Vec<Hit> {
    if r.format != SourceFormat::Terraform {
        rampart_model::undecided::note_depends(
            "allowBlobPublicAccess",
            "`allowBlobPublicAccess` is not set and its default depends on the template's API version",
        );
        return Vec::new();
    }
    let path = "allow_nested_items_to_be_public";
    if value_or_default(r, path).truth().is_true() {
        vec![Hit::at(
            path,
            format!(
                "storage account `{}` leaves out `{path}`, so the provider's default (`true`) allows public containers and blobs",
                r.address
            ),
        )]
    } else {
        Vec::new()
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
