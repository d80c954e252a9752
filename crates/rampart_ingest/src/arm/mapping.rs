//! ARM resource types in `azurerm` vocabulary: which Terraform kind each type becomes and
//! which ARM property (`properties.networkAcls.defaultAction`) fills which attribute
//! (`network_rules.0.default_action`). The table is documented in `docs/arm.md`. ARM property
//! names are matched case-insensitively, as ARM does.
//!
//! Must never: put an ARM-named attribute on an `azurerm_*` kind (rules would read it as
//! absent), or turn a value ARM does not fix (`SecuredByPerimeter`) into a guess.

use crate::cloudformation::ev::{Ev, EvKind};
use crate::cloudformation::mapping::Draft;
use rampart_model::Value;
use std::collections::BTreeMap;
use std::ops::Range;

/// How a property's value is reshaped.
#[derive(Clone, Copy)]
enum As {
    Same,
    Str,
    Bool,
    Num,
    /// `Enabled` → true, `Disabled` → false, anything else unknown.
    Enabled,
    /// A list of strings; a comma-separated string is split (`"AzureServices, Logging"`).
    StrList,
    /// A string renamed through a table.
    Values(&'static [(&'static str, &'static str)]),
}

/// What the template says about one resource, for [`map_resource`].
pub struct ArmResource<'a> {
    pub resource_type: &'a str,
    pub address: &'a str,
    /// The full name (`server/rule`).
    pub name: &'a str,
    /// Top-level entries other than `properties` and `resources` (`kind`, `identity`, `sku`).
    pub top: &'a BTreeMap<String, Ev>,
    pub props: Option<&'a Ev>,
    pub origin: Option<Range<usize>>,
    /// Address of the parent resource for child types (`Microsoft.Sql/servers/auditingSettings`).
    pub parent_address: Option<String>,
}

/// Case-insensitive lookup of a dotted property path.
fn at<'e>(ev: Option<&'e Ev>, path: &str) -> Option<&'e Ev> {
    let mut current = ev?;
    for seg in path.split('.') {
        current = current
            .as_map()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(seg))
            .map(|(_, v)| v)?;
    }
    Some(current)
}

fn convert(ev: &Ev, how: As) -> Value {
    if ev.is_unknown() {
        return ev.to_value();
    }
    match how {
        As::Same => ev.to_value(),
        As::Str => match ev.text() {
            Some(Ok(s)) => Value::String(s),
            _ => ev.to_value(),
        },
        As::Bool => match &ev.kind {
            EvKind::Str(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
            EvKind::Str(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
            _ => ev.to_value(),
        },
        As::Num => match &ev.kind {
            EvKind::Str(s) => s
                .trim()
                .parse()
                .map(Value::Number)
                .unwrap_or_else(|_| ev.to_value()),
            _ => ev.to_value(),
        },
        As::Enabled => match &ev.kind {
            EvKind::Str(s) if s.eq_ignore_ascii_case("Enabled") => Value::Bool(true),
            EvKind::Str(s) if s.eq_ignore_ascii_case("Disabled") => Value::Bool(false),
            EvKind::Bool(b) => Value::Bool(*b),
            _ => Value::unknown(),
        },
        As::StrList => match &ev.kind {
            EvKind::List(items) => Value::List(items.iter().map(|i| convert(i, As::Str)).collect()),
            EvKind::Str(s) => Value::List(
                s.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(Value::string)
                    .collect(),
            ),
            _ => ev.to_value(),
        },
        As::Values(table) => match &ev.kind {
            EvKind::Str(s) => Value::String(
                table
                    .iter()
                    .find(|(from, _)| from.eq_ignore_ascii_case(s))
                    .map(|(_, to)| to.to_string())
                    .unwrap_or_else(|| s.clone()),
            ),
            _ => ev.to_value(),
        },
    }
}

/// Puts `value` at a dotted attribute path whose nested blocks are `name.0.…`.
fn insert_path(attrs: &mut BTreeMap<String, Value>, path: &str, value: Value) {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    if rest.is_empty() {
        attrs.insert(head.to_string(), value);
        return;
    }
    let (index, rest) = rest.split_once('.').unwrap_or((rest, ""));
    let index: usize = index.parse().unwrap_or(0);
    let entry = attrs
        .entry(head.to_string())
        .or_insert_with(|| Value::List(Vec::new()));
    if !matches!(entry, Value::List(_)) {
        *entry = Value::List(Vec::new());
    }
    if let Value::List(items) = entry {
        while items.len() <= index {
            items.push(Value::Map(BTreeMap::new()));
        }
        if let Some(item) = items.get_mut(index) {
            if rest.is_empty() {
                *item = value;
                return;
            }
            if !matches!(item, Value::Map(_)) {
                *item = Value::Map(BTreeMap::new());
            }
            if let Value::Map(m) = item {
                insert_path(m, rest, value);
            }
        }
    }
}

/// Sets attribute `path` from `ev`, recording where it was written.
fn set(d: &mut Draft, path: &str, ev: Option<&Ev>, how: As) {
    let Some(ev) = ev else { return };
    if let Some(span) = &ev.span {
        d.spans.insert(path.to_string(), span.clone());
    }
    if let Some(from) = &ev.from {
        d.value_origins.insert(path.to_string(), from.clone());
    }
    insert_path(&mut d.attributes, path, convert(ev, how));
}

/// Records the span of a block (`network_rules`, `network_rules.0`) at the ARM object it
/// comes from.
fn block_span(d: &mut Draft, block: &str, ev: Option<&Ev>) {
    if let Some(span) = ev.and_then(|e| e.span.clone()) {
        d.spans.insert(block.to_string(), span.clone());
        d.spans.insert(format!("{block}.0"), span);
    }
}

const NSG_RULE_FIELDS: &[(&str, &str, As)] = &[
    ("protocol", "protocol", As::Str),
    ("sourcePortRange", "source_port_range", As::Str),
    ("sourcePortRanges", "source_port_ranges", As::StrList),
    ("destinationPortRange", "destination_port_range", As::Str),
    (
        "destinationPortRanges",
        "destination_port_ranges",
        As::StrList,
    ),
    ("sourceAddressPrefix", "source_address_prefix", As::Str),
    (
        "sourceAddressPrefixes",
        "source_address_prefixes",
        As::StrList,
    ),
    (
        "destinationAddressPrefix",
        "destination_address_prefix",
        As::Str,
    ),
    (
        "destinationAddressPrefixes",
        "destination_address_prefixes",
        As::StrList,
    ),
    ("access", "access", As::Str),
    ("priority", "priority", As::Num),
    ("direction", "direction", As::Str),
    ("description", "description", As::Str),
];

/// The `azurerm` kind of an ARM type (lowercased), when Rampart maps it.
pub fn kind_of(resource_type: &str, top: &BTreeMap<String, Ev>) -> Option<&'static str> {
    let t = resource_type.to_ascii_lowercase();
    Some(match t.as_str() {
        "microsoft.storage/storageaccounts" => "azurerm_storage_account",
        "microsoft.storage/storageaccounts/blobservices/containers" => "azurerm_storage_container",
        "microsoft.network/networksecuritygroups" => "azurerm_network_security_group",
        "microsoft.network/networksecuritygroups/securityrules" => "azurerm_network_security_rule",
        "microsoft.keyvault/vaults" => "azurerm_key_vault",
        "microsoft.keyvault/vaults/keys" => "azurerm_key_vault_key",
        "microsoft.keyvault/vaults/secrets" => "azurerm_key_vault_secret",
        "microsoft.sql/servers" => "azurerm_mssql_server",
        "microsoft.sql/servers/firewallrules" => "azurerm_mssql_firewall_rule",
        "microsoft.sql/servers/auditingsettings" => "azurerm_mssql_server_extended_auditing_policy",
        "microsoft.sql/servers/securityalertpolicies" => {
            "azurerm_mssql_server_security_alert_policy"
        }
        "microsoft.web/sites" => {
            let kind = top
                .get("kind")
                .and_then(Ev::as_str)
                .unwrap_or("")
                .to_ascii_lowercase();
            if kind.contains("functionapp") {
                "azurerm_function_app"
            } else {
                "azurerm_app_service"
            }
        }
        "microsoft.containerservice/managedclusters" => "azurerm_kubernetes_cluster",
        "microsoft.compute/disks" => "azurerm_managed_disk",
        _ => return None,
    })
}

/// Maps one resource. Unmapped types keep their ARM type as kind and their properties under
/// their ARM names: visible in the inventory, invisible to `azurerm` rules.
pub fn map_resource(r: &ArmResource<'_>) -> Draft {
    let Some(kind) = kind_of(r.resource_type, r.top) else {
        let mut d = Draft::new(r.resource_type, r.address.to_string(), r.origin.clone());
        if let Some(m) = r.props.and_then(Ev::as_map) {
            for (k, v) in m {
                set(&mut d, k, Some(v), As::Same);
            }
        }
        return d;
    };
    let mut d = Draft::new(kind, r.address.to_string(), r.origin.clone());
    set(&mut d, "name", r.top.get("name"), As::Str);
    if let Some(Value::String(_)) | None = d.attributes.get("name") {
        d.attributes.insert(
            "name".into(),
            Value::string(r.name.rsplit('/').next().unwrap_or(r.name)),
        );
    }
    let p = r.props;
    let parent_ref = || r.parent_address.as_deref().map(Value::unknown_ref);
    let parent_name = r.name.split('/').next().unwrap_or("").to_string();
    match kind {
        "azurerm_storage_account" => {
            set(
                &mut d,
                "https_traffic_only_enabled",
                at(p, "supportsHttpsTrafficOnly"),
                As::Bool,
            );
            set(
                &mut d,
                "min_tls_version",
                at(p, "minimumTlsVersion"),
                As::Str,
            );
            set(
                &mut d,
                "allow_nested_items_to_be_public",
                at(p, "allowBlobPublicAccess"),
                As::Bool,
            );
            set(
                &mut d,
                "public_network_access_enabled",
                at(p, "publicNetworkAccess"),
                As::Enabled,
            );
            set(
                &mut d,
                "infrastructure_encryption_enabled",
                at(p, "encryption.requireInfrastructureEncryption"),
                As::Bool,
            );
            if let Some(acls) = at(p, "networkAcls") {
                block_span(&mut d, "network_rules", Some(acls));
                set(
                    &mut d,
                    "network_rules.0.default_action",
                    at(Some(acls), "defaultAction"),
                    As::Str,
                );
                set(
                    &mut d,
                    "network_rules.0.bypass",
                    at(Some(acls), "bypass"),
                    As::StrList,
                );
                let pick = |list: &str, field: &str| -> Option<Value> {
                    let items = at(Some(acls), list)?.as_list()?;
                    Some(Value::List(
                        items
                            .iter()
                            .map(|i| {
                                at(Some(i), field).map_or(Value::unknown(), |v| convert(v, As::Str))
                            })
                            .collect(),
                    ))
                };
                if let Some(ips) = pick("ipRules", "value") {
                    insert_path(&mut d.attributes, "network_rules.0.ip_rules", ips);
                }
                if let Some(subnets) = pick("virtualNetworkRules", "id") {
                    insert_path(
                        &mut d.attributes,
                        "network_rules.0.virtual_network_subnet_ids",
                        subnets,
                    );
                }
            }
        }
        "azurerm_storage_container" => {
            set(
                &mut d,
                "container_access_type",
                at(p, "publicAccess"),
                As::Values(&[
                    ("None", "private"),
                    ("Blob", "blob"),
                    ("Container", "container"),
                ]),
            );
            d.attributes
                .insert("storage_account_name".into(), Value::string(parent_name));
        }
        "azurerm_network_security_group" => {
            if let Some(rules) = at(p, "securityRules").and_then(Ev::as_list) {
                block_span(&mut d, "security_rule", at(p, "securityRules"));
                d.attributes
                    .insert("security_rule".into(), Value::List(Vec::new()));
                for (i, rule) in rules.iter().enumerate() {
                    let block = format!("security_rule.{i}");
                    if let Some(span) = &rule.span {
                        d.spans.insert(block.clone(), span.clone());
                    }
                    insert_path(&mut d.attributes, &format!("{block}.name"), Value::Null);
                    set(
                        &mut d,
                        &format!("{block}.name"),
                        at(Some(rule), "name"),
                        As::Str,
                    );
                    let body = at(Some(rule), "properties");
                    for (arm, tf, how) in NSG_RULE_FIELDS {
                        set(&mut d, &format!("{block}.{tf}"), at(body, arm), *how);
                    }
                }
            }
        }
        "azurerm_network_security_rule" => {
            for (arm, tf, how) in NSG_RULE_FIELDS {
                set(&mut d, tf, at(p, arm), *how);
            }
            d.attributes.insert(
                "network_security_group_name".into(),
                Value::string(parent_name),
            );
        }
        "azurerm_key_vault" => {
            set(
                &mut d,
                "purge_protection_enabled",
                at(p, "enablePurgeProtection"),
                As::Bool,
            );
            set(
                &mut d,
                "soft_delete_retention_days",
                at(p, "softDeleteRetentionInDays"),
                As::Num,
            );
            set(
                &mut d,
                "public_network_access_enabled",
                at(p, "publicNetworkAccess"),
                As::Enabled,
            );
            if let Some(acls) = at(p, "networkAcls") {
                block_span(&mut d, "network_acls", Some(acls));
                set(
                    &mut d,
                    "network_acls.0.default_action",
                    at(Some(acls), "defaultAction"),
                    As::Str,
                );
                set(
                    &mut d,
                    "network_acls.0.bypass",
                    at(Some(acls), "bypass"),
                    As::Str,
                );
            }
        }
        "azurerm_key_vault_key" | "azurerm_key_vault_secret" => {
            set(&mut d, "expiration_date", at(p, "attributes.exp"), As::Same);
            set(&mut d, "content_type", at(p, "contentType"), As::Str);
            if let Some(v) = parent_ref() {
                d.attributes.insert("key_vault_id".into(), v);
            }
        }
        "azurerm_mssql_server" => {
            set(
                &mut d,
                "minimum_tls_version",
                at(p, "minimalTlsVersion"),
                As::Str,
            );
            set(
                &mut d,
                "public_network_access_enabled",
                at(p, "publicNetworkAccess"),
                As::Enabled,
            );
        }
        "azurerm_mssql_firewall_rule" => {
            set(&mut d, "start_ip_address", at(p, "startIpAddress"), As::Str);
            set(&mut d, "end_ip_address", at(p, "endIpAddress"), As::Str);
            if let Some(v) = parent_ref() {
                d.attributes.insert("server_id".into(), v);
            }
        }
        "azurerm_mssql_server_extended_auditing_policy" => {
            set(&mut d, "enabled", at(p, "state"), As::Enabled);
            set(&mut d, "retention_in_days", at(p, "retentionDays"), As::Num);
            if let Some(v) = parent_ref() {
                d.attributes.insert("server_id".into(), v);
            }
        }
        "azurerm_mssql_server_security_alert_policy" => {
            set(&mut d, "state", at(p, "state"), As::Str);
            set(
                &mut d,
                "disabled_alerts",
                at(p, "disabledAlerts"),
                As::StrList,
            );
            set(
                &mut d,
                "email_addresses",
                at(p, "emailAddresses"),
                As::StrList,
            );
            set(
                &mut d,
                "email_account_admins",
                at(p, "emailAccountAdmins"),
                As::Bool,
            );
            if let Some(v) = parent_ref() {
                d.attributes.insert("server_name".into(), v);
            }
        }
        "azurerm_app_service" | "azurerm_function_app" => {
            set(&mut d, "https_only", at(p, "httpsOnly"), As::Bool);
            set(
                &mut d,
                "client_cert_enabled",
                at(p, "clientCertEnabled"),
                As::Bool,
            );
            if let Some(site) = at(p, "siteConfig") {
                block_span(&mut d, "site_config", Some(site));
                set(
                    &mut d,
                    "site_config.0.min_tls_version",
                    at(Some(site), "minTlsVersion"),
                    As::Str,
                );
                set(
                    &mut d,
                    "site_config.0.ftps_state",
                    at(Some(site), "ftpsState"),
                    As::Str,
                );
                set(
                    &mut d,
                    "site_config.0.http2_enabled",
                    at(Some(site), "http20Enabled"),
                    As::Bool,
                );
            }
            if let Some(identity) = r.top.get("identity") {
                block_span(&mut d, "identity", Some(identity));
                set(
                    &mut d,
                    "identity.0.type",
                    at(Some(identity), "type"),
                    As::Str,
                );
            }
        }
        "azurerm_kubernetes_cluster" => {
            set(
                &mut d,
                "role_based_access_control_enabled",
                at(p, "enableRBAC"),
                As::Bool,
            );
            if let Some(net) = at(p, "networkProfile") {
                block_span(&mut d, "network_profile", Some(net));
                set(
                    &mut d,
                    "network_profile.0.network_plugin",
                    at(Some(net), "networkPlugin"),
                    As::Str,
                );
                set(
                    &mut d,
                    "network_profile.0.network_policy",
                    at(Some(net), "networkPolicy"),
                    As::Str,
                );
            }
            if let Some(api) = at(p, "apiServerAccessProfile") {
                block_span(&mut d, "api_server_access_profile", Some(api));
                set(
                    &mut d,
                    "api_server_access_profile.0.authorized_ip_ranges",
                    at(Some(api), "authorizedIPRanges"),
                    As::StrList,
                );
                set(
                    &mut d,
                    "private_cluster_enabled",
                    at(Some(api), "enablePrivateCluster"),
                    As::Bool,
                );
            }
            let oms = at(p, "addonProfiles.omsagent");
            match oms
                .and_then(|o| at(Some(o), "enabled"))
                .map(|e| convert(e, As::Bool))
            {
                Some(Value::Bool(true)) => {
                    block_span(&mut d, "oms_agent", oms);
                    let workspace = at(oms, "config.logAnalyticsWorkspaceResourceID");
                    match workspace {
                        Some(w) => set(
                            &mut d,
                            "oms_agent.0.log_analytics_workspace_id",
                            Some(w),
                            As::Str,
                        ),
                        None => insert_path(
                            &mut d.attributes,
                            "oms_agent.0.log_analytics_workspace_id",
                            Value::unknown(),
                        ),
                    }
                }
                Some(Value::Bool(false)) | None => {}
                Some(_) => {
                    d.attributes.insert("oms_agent".into(), Value::unknown());
                }
            }
            set(
                &mut d,
                "azure_policy_enabled",
                at(p, "addonProfiles.azurepolicy.enabled"),
                As::Bool,
            );
        }
        "azurerm_managed_disk" => {
            set(&mut d, "disk_size_gb", at(p, "diskSizeGB"), As::Num);
            if let Some(enc) = at(p, "encryptionSettingsCollection") {
                block_span(&mut d, "encryption_settings", Some(enc));
                set(
                    &mut d,
                    "encryption_settings.0.enabled",
                    at(Some(enc), "enabled"),
                    As::Bool,
                );
            }
        }
        _ => {}
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_build_blocks() {
        let mut attrs = BTreeMap::new();
        insert_path(
            &mut attrs,
            "site_config.0.min_tls_version",
            Value::string("1.0"),
        );
        insert_path(
            &mut attrs,
            "site_config.0.ftps_state",
            Value::string("AllAllowed"),
        );
        let v = Value::Map(attrs);
        assert_eq!(
            v.path("site_config.0.min_tls_version"),
            Some(&Value::string("1.0"))
        );
        assert_eq!(
            v.path("site_config.0.ftps_state"),
            Some(&Value::string("AllAllowed"))
        );
    }
}
