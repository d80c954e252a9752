//! AZU-STORAGE-005: a storage account accepts connections from every network.
use crate::prelude::*;
use crate::views::azure::{STORAGE_ACCOUNT, Scalar, set_fix, storage_network_rule_sets};

pub static RULE: Rule = Rule {
    id: "AZU-STORAGE-005",
    title: "Storage account network rules allow access from all networks by default",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &[
        "azurerm_storage_account",
        "azurerm_storage_account_network_rules",
    ],
    rationale: "With the default network action `Allow` (also what an account without network rules gets), the \
account's endpoints accept connections from any address on the internet. A leaked account key or SAS token is then \
usable from anywhere, and the endpoints are open to brute force and data exfiltration.",
    remediation: "Set `default_action = \"Deny\"` in the account's `network_rules` block or in the separate \
`azurerm_storage_account_network_rules`, and list the allowed `ip_rules` and `virtual_network_subnet_ids`; or turn \
off `public_network_access_enabled` and use private endpoints.",
    references: &[
        "https://learn.microsoft.com/azure/storage/common/storage-network-security",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account_network_rules",
    ],
    aliases: &[
        "CKV_AZURE_35",
        "AVD-AZU-0012",
        "azure-storage-default-action-deny",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    if r.kind != STORAGE_ACCOUNT {
        // a separate rule set is judged on its own
        return allow_hit(&r, "default_action");
    }
    let sets = storage_network_rule_sets(r);
    let inline: Vec<Hit> = sets
        .iter()
        .filter(|s| s.resource.id == r.id && !s.prefix.is_empty())
        .flat_map(|s| allow_hit(&r, &s.path("default_action")))
        .collect();
    if !sets.is_empty() {
        return inline;
    }
    // no rule set at all: Azure's default action is Allow unless public access is off
    if flag(&r, "public_network_access_enabled", true).is_true() {
        return vec![Hit::resource(format!(
            "storage account `{}` has no network rules, so it accepts connections from all networks",
            r.address
        ))];
    }
    Vec::new()
}

fn allow_hit(r: &ResourceRef<'_>, path: &str) -> Vec<Hit> {
    if Scalar::at(r, path)
        .is_one_of(&["Allow"], Truth::False)
        .is_true()
    {
        vec![Hit::at(
            path,
            format!(
                "`{}` allows access from all networks (`default_action = \"Allow\"`)",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    // without a rule set a human must say which networks keep access
    set_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::string("Deny"),
        "deny access from networks not listed",
        Applicability::Unsafe(
            "clients outside the listed IP ranges and subnets lose access".into(),
        ),
    )
}
