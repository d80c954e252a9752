//! ARM property paths, through the loader's [`FIELDS`] table: `https_traffic_only_enabled` of
//! a storage account is `properties.supportsHttpsTrafficOnly`.

use crate::arm::mapping::{FIELDS, NSG_RULE_PROPERTIES, TYPES};
use rampart_model::{Resource, Value};

const NSG: &str = "azurerm_network_security_group";
const NSG_RULE: &str = "azurerm_network_security_rule";

pub fn path(r: &Resource, path: &str) -> Option<String> {
    if path == "name" {
        return Some("name".into());
    }
    if let Some(rest) = path.strip_prefix("identity") {
        return Some(format!("identity{}", rest.replacen(".0", "", 1)));
    }
    if r.kind == NSG_RULE {
        return rule_property(path).map(|p| format!("properties.{p}"));
    }
    if r.kind == NSG && (path == "security_rule" || path.starts_with("security_rule.")) {
        let mut parts = path.splitn(3, '.');
        let _ = parts.next();
        let mut out = "properties.securityRules".to_string();
        if let Some(i) = parts.next() {
            out.push_str(&format!("[{}]", i.parse::<usize>().ok()?));
        }
        if let Some(rest) = parts.next() {
            out.push_str(&format!(".properties.{}", rule_property(rest)?));
        }
        return Some(out);
    }
    let fields = || FIELDS.iter().filter(|f| f.kind == r.kind);
    if let Some(f) = fields().find(|f| f.attribute == path) {
        return Some(format!("properties.{}", f.property));
    }
    // a block (`network_rules`, `network_rules.0`): the ARM object its fields come from
    let block = path.strip_suffix(".0").unwrap_or(path);
    fields()
        .find(|f| {
            f.attribute
                .strip_prefix(block)
                .is_some_and(|rest| rest.starts_with(".0."))
        })
        .and_then(|f| {
            let depth = block
                .split('.')
                .filter(|s| s.parse::<usize>().is_err())
                .count();
            let object: Vec<&str> = f.property.split('.').take(depth).collect();
            (!object.is_empty()).then(|| format!("properties.{}", object.join(".")))
        })
}

fn rule_property(attribute: &str) -> Option<&'static str> {
    NSG_RULE_PROPERTIES
        .iter()
        .find(|(_, tf, _)| *tf == attribute)
        .map(|(arm, _, _)| *arm)
}

/// Booleans ARM writes as `Enabled` / `Disabled`, and renamed values, as ARM writes them.
pub fn value(r: &Resource, path: &str, value: &Value) -> Option<String> {
    let field = FIELDS
        .iter()
        .find(|f| f.kind == r.kind && f.attribute == path)?;
    field.written(value)
}

pub fn kind_name(kind: &str) -> Option<String> {
    TYPES
        .iter()
        .find(|(_, tf)| *tf == kind)
        .map(|(arm, _)| arm.to_string())
}
