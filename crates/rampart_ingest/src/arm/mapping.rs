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
pub enum As {
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
    /// Mapped in code ([`map_resource`]); listed in [`FIELDS`] only for reading it backwards.
    Reverse,
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
        As::Same | As::Reverse => ev.to_value(),
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
    if matches!(how, As::Reverse) {
        return;
    }
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

/// A property copied one to one: on `kind`, `attribute` comes from `property` (a dotted path
/// under the resource's `properties`). Read backwards by [`crate::vocabulary`], so findings
/// name the ARM property.
pub struct ArmField {
    pub kind: &'static str,
    pub attribute: &'static str,
    pub property: &'static str,
    how: As,
}

const fn p(
    kind: &'static str,
    attribute: &'static str,
    property: &'static str,
    how: As,
) -> ArmField {
    ArmField {
        kind,
        attribute,
        property,
        how,
    }
}

const SA: &str = "azurerm_storage_account";
const KV: &str = "azurerm_key_vault";
const WEB: &str = "azurerm_app_service";
const FN: &str = "azurerm_function_app";
const AKS: &str = "azurerm_kubernetes_cluster";
const SITE: &[(&str, &str, As)] = &[
    ("https_only", "httpsOnly", As::Bool),
    ("client_cert_enabled", "clientCertEnabled", As::Bool),
    (
        "site_config.0.min_tls_version",
        "siteConfig.minTlsVersion",
        As::Str,
    ),
    ("site_config.0.ftps_state", "siteConfig.ftpsState", As::Str),
    (
        "site_config.0.http2_enabled",
        "siteConfig.http20Enabled",
        As::Bool,
    ),
];

pub const FIELDS: &[ArmField] = &[
    p(
        SA,
        "https_traffic_only_enabled",
        "supportsHttpsTrafficOnly",
        As::Bool,
    ),
    p(SA, "min_tls_version", "minimumTlsVersion", As::Str),
    p(
        SA,
        "allow_nested_items_to_be_public",
        "allowBlobPublicAccess",
        As::Bool,
    ),
    p(
        SA,
        "public_network_access_enabled",
        "publicNetworkAccess",
        As::Enabled,
    ),
    p(
        SA,
        "infrastructure_encryption_enabled",
        "encryption.requireInfrastructureEncryption",
        As::Bool,
    ),
    p(
        SA,
        "network_rules.0.default_action",
        "networkAcls.defaultAction",
        As::Str,
    ),
    p(
        SA,
        "network_rules.0.bypass",
        "networkAcls.bypass",
        As::StrList,
    ),
    p(
        "azurerm_storage_container",
        "container_access_type",
        "publicAccess",
        As::Values(&[
            ("None", "private"),
            ("Blob", "blob"),
            ("Container", "container"),
        ]),
    ),
    p(
        KV,
        "purge_protection_enabled",
        "enablePurgeProtection",
        As::Bool,
    ),
    p(
        KV,
        "soft_delete_retention_days",
        "softDeleteRetentionInDays",
        As::Num,
    ),
    p(
        KV,
        "public_network_access_enabled",
        "publicNetworkAccess",
        As::Enabled,
    ),
    p(
        KV,
        "network_acls.0.default_action",
        "networkAcls.defaultAction",
        As::Str,
    ),
    p(KV, "network_acls.0.bypass", "networkAcls.bypass", As::Str),
    p(
        "azurerm_key_vault_key",
        "expiration_date",
        "attributes.exp",
        As::Same,
    ),
    p(
        "azurerm_key_vault_key",
        "content_type",
        "contentType",
        As::Str,
    ),
    p(
        "azurerm_key_vault_secret",
        "expiration_date",
        "attributes.exp",
        As::Same,
    ),
    p(
        "azurerm_key_vault_secret",
        "content_type",
        "contentType",
        As::Str,
    ),
    p(
        "azurerm_mssql_server",
        "minimum_tls_version",
        "minimalTlsVersion",
        As::Str,
    ),
    p(
        "azurerm_mssql_server",
        "public_network_access_enabled",
        "publicNetworkAccess",
        As::Enabled,
    ),
    p(
        "azurerm_mssql_firewall_rule",
        "start_ip_address",
        "startIpAddress",
        As::Str,
    ),
    p(
        "azurerm_mssql_firewall_rule",
        "end_ip_address",
        "endIpAddress",
        As::Str,
    ),
    p(
        "azurerm_mssql_server_extended_auditing_policy",
        "enabled",
        "state",
        As::Enabled,
    ),
    p(
        "azurerm_mssql_server_extended_auditing_policy",
        "retention_in_days",
        "retentionDays",
        As::Num,
    ),
    p(
        "azurerm_mssql_server_security_alert_policy",
        "state",
        "state",
        As::Str,
    ),
    p(
        "azurerm_mssql_server_security_alert_policy",
        "disabled_alerts",
        "disabledAlerts",
        As::StrList,
    ),
    p(
        "azurerm_mssql_server_security_alert_policy",
        "email_addresses",
        "emailAddresses",
        As::StrList,
    ),
    p(
        "azurerm_mssql_server_security_alert_policy",
        "email_account_admins",
        "emailAccountAdmins",
        As::Bool,
    ),
    p(WEB, SITE[0].0, SITE[0].1, SITE[0].2),
    p(WEB, SITE[1].0, SITE[1].1, SITE[1].2),
    p(WEB, SITE[2].0, SITE[2].1, SITE[2].2),
    p(WEB, SITE[3].0, SITE[3].1, SITE[3].2),
    p(WEB, SITE[4].0, SITE[4].1, SITE[4].2),
    p(FN, SITE[0].0, SITE[0].1, SITE[0].2),
    p(FN, SITE[1].0, SITE[1].1, SITE[1].2),
    p(FN, SITE[2].0, SITE[2].1, SITE[2].2),
    p(FN, SITE[3].0, SITE[3].1, SITE[3].2),
    p(FN, SITE[4].0, SITE[4].1, SITE[4].2),
    p(
        AKS,
        "role_based_access_control_enabled",
        "enableRBAC",
        As::Bool,
    ),
    p(
        AKS,
        "network_profile.0.network_plugin",
        "networkProfile.networkPlugin",
        As::Str,
    ),
    p(
        AKS,
        "network_profile.0.network_policy",
        "networkProfile.networkPolicy",
        As::Str,
    ),
    p(
        AKS,
        "api_server_access_profile.0.authorized_ip_ranges",
        "apiServerAccessProfile.authorizedIPRanges",
        As::StrList,
    ),
    p(
        AKS,
        "private_cluster_enabled",
        "apiServerAccessProfile.enablePrivateCluster",
        As::Bool,
    ),
    p(
        AKS,
        "azure_policy_enabled",
        "addonProfiles.azurepolicy.enabled",
        As::Bool,
    ),
    p(
        AKS,
        "oms_agent.0.log_analytics_workspace_id",
        "addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID",
        As::Reverse,
    ),
    p(
        "azurerm_managed_disk",
        "disk_size_gb",
        "diskSizeGB",
        As::Num,
    ),
    p(
        "azurerm_managed_disk",
        "encryption_settings.0.enabled",
        "encryptionSettingsCollection.enabled",
        As::Bool,
    ),
    p(
        SA,
        "network_rules.0.ip_rules",
        "networkAcls.ipRules",
        As::Reverse,
    ),
    p(
        SA,
        "network_rules.0.virtual_network_subnet_ids",
        "networkAcls.virtualNetworkRules",
        As::Reverse,
    ),
];

/// `securityRules` items of a network security group (`security_rule.N.<attribute>` comes
/// from `securityRules[N].properties.<property>`) and `securityRules` resources.
pub const NSG_RULE_PROPERTIES: &[(&str, &str, As)] = NSG_RULE_FIELDS;

/// ARM types (as Microsoft documents their names) and the `azurerm` kind each becomes;
/// `Microsoft.Web/sites` is an app service or, by its `kind`, a function app.
pub const TYPES: &[(&str, &str)] = &[
    (
        "Microsoft.Storage/storageAccounts",
        "azurerm_storage_account",
    ),
    (
        "Microsoft.Storage/storageAccounts/blobServices/containers",
        "azurerm_storage_container",
    ),
    (
        "Microsoft.Network/networkSecurityGroups",
        "azurerm_network_security_group",
    ),
    (
        "Microsoft.Network/networkSecurityGroups/securityRules",
        "azurerm_network_security_rule",
    ),
    ("Microsoft.KeyVault/vaults", "azurerm_key_vault"),
    ("Microsoft.KeyVault/vaults/keys", "azurerm_key_vault_key"),
    (
        "Microsoft.KeyVault/vaults/secrets",
        "azurerm_key_vault_secret",
    ),
    ("Microsoft.Sql/servers", "azurerm_mssql_server"),
    (
        "Microsoft.Sql/servers/firewallRules",
        "azurerm_mssql_firewall_rule",
    ),
    (
        "Microsoft.Sql/servers/auditingSettings",
        "azurerm_mssql_server_extended_auditing_policy",
    ),
    (
        "Microsoft.Sql/servers/securityAlertPolicies",
        "azurerm_mssql_server_security_alert_policy",
    ),
    ("Microsoft.Web/sites", "azurerm_app_service"),
    ("Microsoft.Web/sites", "azurerm_function_app"),
    (
        "Microsoft.ContainerService/managedClusters",
        "azurerm_kubernetes_cluster",
    ),
    ("Microsoft.Compute/disks", "azurerm_managed_disk"),
];

/// The `azurerm` kind of an ARM type (matched case-insensitively), when Rampart maps it.
pub fn kind_of(resource_type: &str, top: &BTreeMap<String, Ev>) -> Option<&'static str> {
    if resource_type.eq_ignore_ascii_case("Microsoft.Web/sites") {
        let kind = top
            .get("kind")
            .and_then(Ev::as_str)
            .unwrap_or("")
            .to_ascii_lowercase();
        return Some(if kind.contains("functionapp") {
            "azurerm_function_app"
        } else {
            "azurerm_app_service"
        });
    }
    TYPES
        .iter()
        .find(|(arm, _)| arm.eq_ignore_ascii_case(resource_type))
        .map(|(_, kind)| *kind)
}

impl ArmField {
    /// A model value as ARM writes this property (`true` → `Enabled` for a switch, `private`
    /// → `None` for a renamed value); `None` when it is written as it is.
    pub fn written(&self, value: &Value) -> Option<String> {
        match (self.how, value) {
            (As::Enabled, Value::Bool(b)) => Some(if *b { "Enabled" } else { "Disabled" }.into()),
            (As::Values(table), Value::String(s)) => table
                .iter()
                .find(|(_, to)| to.eq_ignore_ascii_case(s))
                .map(|(from, _)| from.to_string()),
            _ => None,
        }
    }
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
    // one-to-one properties from the table; nested blocks get the span of their ARM object
    for field in FIELDS.iter().filter(|f| f.kind == kind) {
        if let Some((block, _)) = field.attribute.split_once(".0.")
            && let Some((object, _)) = field.property.rsplit_once('.')
        {
            block_span(&mut d, block, at(p, object));
        }
        set(&mut d, field.attribute, at(p, field.property), field.how);
    }
    let parent_ref = || r.parent_address.as_deref().map(Value::unknown_ref);
    let parent_name = r.name.split('/').next().unwrap_or("").to_string();
    match kind {
        "azurerm_storage_account" => {
            if let Some(acls) = at(p, "networkAcls") {
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
        "azurerm_key_vault_key" | "azurerm_key_vault_secret" => {
            if let Some(v) = parent_ref() {
                d.attributes.insert("key_vault_id".into(), v);
            }
        }
        "azurerm_mssql_firewall_rule" | "azurerm_mssql_server_extended_auditing_policy" => {
            if let Some(v) = parent_ref() {
                d.attributes.insert("server_id".into(), v);
            }
        }
        "azurerm_mssql_server_security_alert_policy" => {
            if let Some(v) = parent_ref() {
                d.attributes.insert("server_name".into(), v);
            }
        }
        "azurerm_app_service" | "azurerm_function_app" => {
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
