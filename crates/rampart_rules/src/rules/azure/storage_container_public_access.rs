//! AZU-STORAGE-003: a blob container allows anonymous read access.
use crate::prelude::*;
use crate::views::azure::{Scalar, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-003",
    title: "Storage container allows anonymous public read access",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Azure,
    kinds: &["azurerm_storage_container"],
    rationale: "A container with access type `blob` lets anyone on the internet read every blob whose name they know \
or guess; `container` also lets them list the container. No key, token or identity is needed, and reads are not tied \
to anyone in the logs.",
    remediation: "Set `container_access_type = \"private\"` (the default) and share data through SAS tokens with an \
expiry, Entra ID roles, or a CDN with its own access control. Also set `allow_nested_items_to_be_public = false` on \
the account so no container can be made public.",
    references: &[
        "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",
        "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-configure",
    ],
    aliases: &[
        "CKV_AZURE_34",
        "AVD-AZU-0007",
        "azure-storage-no-public-access",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let access = Scalar::at(&r, "container_access_type");
    if is_managed(&r)
        && access
            .is_one_of(&["blob", "container"], Truth::False)
            .is_true()
    {
        vec![Hit::at(
            "container_access_type",
            format!(
                "container `{}` allows anonymous read access (`{}`)",
                r.address,
                access.text().unwrap_or_default()
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "container_access_type",
        Value::string("private"),
        "make the container private",
        Applicability::Unsafe("anonymous readers (public web pages, downloads) lose access".into()),
    )
}
