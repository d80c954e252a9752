//! AZU-KV-002: a key vault accepts connections from every network.
use crate::prelude::*;
use crate::views::azure::{Scalar, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-KV-002",
    title: "Key vault accepts connections from all networks",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &["azurerm_key_vault"],
    rationale: "A vault without `network_acls`, or with `default_action = \"Allow\"`, answers requests from any \
address on the internet. Every stolen token or misassigned access policy is then exploitable from anywhere, and the \
vault's secrets are one credential away from exfiltration.",
    remediation: "Add `network_acls { default_action = \"Deny\", bypass = \"AzureServices\" }` with the `ip_rules` and \
`virtual_network_subnet_ids` that need access, or set `public_network_access_enabled = false` and use a private \
endpoint. The machine fix only changes an existing `network_acls` block.",
    references: &["https://learn.microsoft.com/azure/key-vault/general/network-security"],
    aliases: &[
        "CKV_AZURE_109",
        "AVD-AZU-0013",
        "azure-keyvault-specify-network-acl",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) || flag(&r, "public_network_access_enabled", true).is_false() {
        return Vec::new();
    }
    match r.get("network_acls") {
        None | Some(Value::Null) => vec![Hit::resource(format!(
            "key vault `{}` has no `network_acls`, so it accepts connections from all networks",
            r.address
        ))],
        Some(Value::List(items)) if items.is_empty() => vec![Hit::resource(format!(
            "key vault `{}` has no `network_acls`, so it accepts connections from all networks",
            r.address
        ))],
        Some(_) => {
            let action = Scalar::at(&r, "network_acls.0.default_action");
            if action.is_one_of(&["Allow"], Truth::False).is_true() {
                vec![Hit::at(
                    "network_acls.0.default_action",
                    format!(
                        "key vault `{}` allows access from all networks by default",
                        r.address
                    ),
                )]
            } else {
                Vec::new()
            }
        }
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::string("Deny"),
        "deny access from networks not listed",
        Applicability::Unsafe(
            "callers outside the listed IP ranges and subnets lose access to the vault".into(),
        ),
    )
}
