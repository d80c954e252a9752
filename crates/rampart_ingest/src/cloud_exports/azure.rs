//! Azure exports: rows of `az graph query -q "Resources | ..."` (the Resource Graph result
//! `{"count", "data": [...], "skip_token", "total_records"}`, or a bare array from older CLIs),
//! an ARM REST list (`{"value": [...]}`), and `az resource show --ids ...` (an array of ARM
//! resource objects). Each row is an ARM REST resource, whose `properties` are those of an
//! ARM template, so rows are mapped by the ARM loader's table ([`crate::arm::mapping`]).
//!
//! A row without `properties` (what `az resource list` writes, or a query that projects
//! columns away) is skipped with a warning: judging it on provider defaults would report
//! settings nobody read. Settings the export never holds (a SQL server's auditing, an app's
//! authentication, a storage account's queue logging) are Unknown, so their rules report
//! undecided rather than a finding.

use super::{ev_of, line_of, syntax_error, top_entries};
use crate::arm::mapping::{self, ArmResource};
use rampart_model::{LoadError, Origin, Resource, SourceFormat, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Settings an ARM resource's REST body does not carry (they are separate child resources
/// or configuration endpoints), by the kind whose rules read them.
const NOT_IN_EXPORT: &[(&str, &[&str])] = &[
    ("azurerm_mssql_server", &["extended_auditing_policy"]),
    ("azurerm_storage_account", &["queue_properties"]),
    (
        "azurerm_app_service",
        &["auth_settings", "auth_settings_v2"],
    ),
    (
        "azurerm_function_app",
        &["auth_settings", "auth_settings_v2"],
    ),
];

/// The rows of an Azure export; `None` when the JSON is not one.
fn rows(json: &Json) -> Option<&[Json]> {
    let list = match json {
        Json::Array(items) => items.as_slice(),
        Json::Object(m) => {
            let graph = m.contains_key("count")
                || m.contains_key("total_records")
                || m.contains_key("skip_token");
            match (m.get("data"), m.get("value")) {
                (Some(Json::Array(items)), _) if graph => items.as_slice(),
                (None, Some(Json::Array(items))) => items.as_slice(),
                _ => return None,
            }
        }
        _ => return None,
    };
    list.iter().all(is_arm_row).then_some(list)
}

/// An ARM resource object: an `/subscriptions/...` id and a `Namespace/type`.
fn is_arm_row(row: &Json) -> bool {
    let id = row.get("id").and_then(Json::as_str).unwrap_or("");
    let ty = row.get("type").and_then(Json::as_str).unwrap_or("");
    id.to_ascii_lowercase().starts_with("/subscriptions/") && ty.contains('/')
}

/// Loads an Azure export; `None` when the text is JSON of another shape.
pub fn load_text(file: &Arc<str>, text: &str) -> Option<(Vec<Resource>, Vec<LoadError>)> {
    let json: Json = match serde_json::from_str(text) {
        Ok(j) => j,
        Err(e) => {
            let start = text.trim_start();
            let looks_like_export = start.starts_with('[')
                || start.starts_with('{')
                    && (text.contains("\"subscriptionId\"") || text.contains("\"total_records\""));
            return looks_like_export
                .then(|| (Vec::new(), vec![syntax_error(file, "Azure export", &e, 0)]));
        }
    };
    let rows = rows(&json)?;
    let mut resources = Vec::new();
    let mut errors = Vec::new();
    if json.get("skip_token").is_some_and(|t| !t.is_null()) {
        errors.push(LoadError::warning(
            &**file,
            line_of(text, "\"skip_token\""),
            1,
            "this Resource Graph result is one page of several (`skip_token` is set): resources on the other pages are not scanned; fetch them with `az graph query ... --skip-token <token>` into more files and scan those too".to_string(),
        ));
    }
    for row in rows {
        match load_row(file, row) {
            Ok(r) => resources.push(r),
            Err(message) => {
                let id = row.get("id").and_then(Json::as_str).unwrap_or("");
                errors.push(LoadError::warning(
                    &**file,
                    line_of(text, &format!("\"{id}\"")),
                    1,
                    message,
                ));
            }
        }
    }
    Some((resources, errors))
}

/// The ARM name of a resource from its id: `server/rule` for
/// `/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/server/firewallRules/rule`.
fn arm_name(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let at = lower.rfind("/providers/")?;
    let tail = id.get(at + "/providers/".len()..)?;
    // namespace, then type/name pairs
    let parts: Vec<&str> = tail.split('/').skip(1).collect();
    let names: Vec<&str> = parts.iter().skip(1).step_by(2).copied().collect();
    (!names.is_empty()).then(|| names.join("/"))
}

pub(crate) fn load_row(file: &Arc<str>, row: &Json) -> Result<Resource, String> {
    let Some(obj) = row.as_object() else {
        return Err("a row of the Azure export is not an object; it is skipped".into());
    };
    let text = |key: &str| {
        obj.get(key)
            .and_then(Json::as_str)
            .unwrap_or("")
            .to_string()
    };
    let id = text("id");
    let resource_type = text("type");
    let Some(props) = obj.get("properties").filter(|p| p.is_object()) else {
        return Err(format!(
            "`{id}` has no `properties` in the export (`az resource list` and queries that project columns away leave them out), so it is not checked; export it with `az graph query` or `az resource show --ids`"
        ));
    };
    let name = arm_name(&id).unwrap_or_else(|| text("name"));
    let top = top_entries(obj);
    let props = ev_of(props);
    let parent_address = id
        .rsplitn(3, '/')
        .nth(2)
        .filter(|parent| parent.to_ascii_lowercase().contains("/providers/") && name.contains('/'))
        .map(str::to_string);
    let mut draft = mapping::map_resource(&ArmResource {
        resource_type: &resource_type,
        address: &id,
        name: &name,
        top: &top,
        props: Some(&props),
        origin: None,
        parent_address,
    });
    if let Some((kind, attributes)) = export_only(&resource_type, &name, props_json(obj)) {
        draft.kind = kind.to_string();
        draft.attributes = attributes;
    }
    let subscription = match text("subscriptionId") {
        s if s.is_empty() => id.split('/').nth(2).unwrap_or("").to_string(),
        s => s,
    };
    let mut r = Resource::new(
        draft.kind.clone(),
        id.clone(),
        Origin::Live {
            provider: "azure".into(),
            account: subscription,
            region: text("location"),
            id: id.clone(),
        },
    );
    r.name = name.rsplit('/').next().unwrap_or(&name).to_string();
    r.format = SourceFormat::Live;
    r.scope = file.clone();
    r.attributes = draft.attributes;
    for (kind, paths) in NOT_IN_EXPORT {
        if *kind == r.kind {
            for path in *paths {
                r.attributes
                    .entry((*path).to_string())
                    .or_insert_with(Value::unknown);
            }
        }
    }
    if let Some(group) = obj.get("resourceGroup").and_then(Json::as_str) {
        r.attributes
            .entry("resource_group_name".into())
            .or_insert_with(|| Value::string(group));
    }
    if let Some(location) = obj.get("location").and_then(Json::as_str) {
        r.attributes
            .entry("location".into())
            .or_insert_with(|| Value::string(location));
    }
    r.attributes
        .entry("name".into())
        .or_insert_with(|| Value::String(r.name.clone()));
    Ok(r)
}

fn props_json(obj: &serde_json::Map<String, Json>) -> &serde_json::Map<String, Json> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Json>> = std::sync::OnceLock::new();
    obj.get("properties")
        .and_then(Json::as_object)
        .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new))
}

/// Types an ARM template rarely declares but an export lists (Resource Graph's
/// `securityresources` table, virtual machines), mapped here rather than in the ARM table: the
/// kind and its attributes, or `None` for every other type.
fn export_only(
    resource_type: &str,
    name: &str,
    props: &serde_json::Map<String, Json>,
) -> Option<(&'static str, BTreeMap<String, Value>)> {
    let get = |path: &str| {
        let mut parts = path.split('.');
        let first = props.get(parts.next()?)?;
        parts.try_fold(first, |v, p| v.get(p))
    };
    let text = |path: &str| get(path).and_then(Json::as_str).map(str::to_string);
    // `On`/`Off` switches, written as a string or (newer API versions) as `{ "state": ... }`
    let on_off = |path: &str| {
        let v = get(path)?;
        let state = v
            .as_str()
            .or_else(|| v.get("state").and_then(Json::as_str))?;
        Some(Value::Bool(state.eq_ignore_ascii_case("on")))
    };
    let mut a = BTreeMap::new();
    let last = name.rsplit('/').next().unwrap_or(name);
    a.insert("name".to_string(), Value::string(last));
    let kind = match resource_type.to_ascii_lowercase().as_str() {
        "microsoft.security/pricings" => {
            a.insert("resource_type".into(), Value::string(last));
            if let Some(tier) = text("pricingTier") {
                a.insert("tier".into(), Value::string(tier));
            }
            "azurerm_security_center_subscription_pricing"
        }
        "microsoft.security/securitycontacts" => {
            // 2017-08-01-preview: `email`; 2020-01-01-preview and later: `emails` (`;`-separated)
            if let Some(email) = text("email").or_else(|| text("emails")) {
                a.insert("email".into(), Value::string(email));
            }
            if let Some(v) = on_off("alertNotifications") {
                a.insert("alert_notifications".into(), v);
            }
            if let Some(v) = on_off("alertsToAdmins").or_else(|| on_off("notificationsByRole")) {
                a.insert("alerts_to_admins".into(), v);
            }
            "azurerm_security_center_contact"
        }
        "microsoft.compute/virtualmachines" => {
            let linux = get("osProfile.linuxConfiguration").is_some()
                || text("storageProfile.osDisk.osType")
                    .is_some_and(|t| t.eq_ignore_ascii_case("linux"));
            if !linux {
                return Some(("azurerm_windows_virtual_machine", a));
            }
            if let Some(v) = get("osProfile.linuxConfiguration.disablePasswordAuthentication") {
                a.insert(
                    "disable_password_authentication".into(),
                    super::json_value(v),
                );
            }
            "azurerm_linux_virtual_machine"
        }
        _ => return None,
    };
    Some((kind, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_names_come_from_the_id() {
        assert_eq!(
            arm_name("/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/srv/firewallRules/all")
                .as_deref(),
            Some("srv/all")
        );
        assert_eq!(
            arm_name(
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct"
            )
            .as_deref(),
            Some("acct")
        );
        assert_eq!(arm_name("/subscriptions/s"), None);
    }
}
