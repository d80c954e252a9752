//! Attribute values. `Unknown` is a value in its own right — a variable with no default, a
//! computed attribute — and is never confused with absent (`None` from a lookup) or `Null`.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A value tree, shaped like Terraform's: nested blocks are lists of maps.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Map(BTreeMap<String, Value>),
    Unknown(Unknown),
}

/// A value that cannot be known statically. When it is a computed attribute of another
/// resource (`aws_s3_bucket.b.id`), `refers_to` keeps that resource's address so relations can
/// still be joined.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Unknown {
    pub refers_to: Option<Arc<str>>,
}

/// Three-valued answer to a question about a resource. Rules report only on `False` (or
/// `True` for "is exposed" questions), never on `Unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub fn from_bool(b: bool) -> Self {
        if b { Truth::True } else { Truth::False }
    }
    pub fn is_true(self) -> bool {
        self == Truth::True
    }
    pub fn is_false(self) -> bool {
        self == Truth::False
    }
    /// Kleene OR: true if either is true, unknown if neither is true and one is unknown.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }
    /// Kleene AND.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }
    /// Kleene AND that asks `other` only when `self` leaves the answer open, so an unknown the
    /// answer does not turn on is never read (nor noted as undecided).
    pub fn and_then(self, other: impl FnOnce() -> Truth) -> Truth {
        match self {
            Truth::False => Truth::False,
            _ => self.and(other()),
        }
    }
    /// Kleene OR that asks `other` only when `self` is not already true.
    pub fn or_else(self, other: impl FnOnce() -> Truth) -> Truth {
        match self {
            Truth::True => Truth::True,
            _ => self.or(other()),
        }
    }
    // an inherent method, called as `t.not()` by rules without importing `std::ops::Not`
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

impl Value {
    pub fn unknown() -> Value {
        Value::Unknown(Unknown::default())
    }
    pub fn unknown_ref(address: &str) -> Value {
        Value::Unknown(Unknown {
            refers_to: Some(Arc::from(address)),
        })
    }
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// True when the value or anything inside it is unknown.
    pub fn contains_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::List(items) => items.iter().any(Value::contains_unknown),
            Value::Map(map) => map.values().any(Value::contains_unknown),
            _ => false,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        self.as_f64()
            .filter(|n| n.fract() == 0.0 && n.is_finite())
            .map(|n| n as i64)
    }
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
    /// Truth of a boolean-ish value: `true`, `"true"`, `"True"`, `1`. Unknown stays unknown;
    /// anything else (including null) is false.
    pub fn truth(&self) -> Truth {
        match self {
            Value::Bool(b) => Truth::from_bool(*b),
            Value::String(s) => Truth::from_bool(s.eq_ignore_ascii_case("true") || s == "1"),
            Value::Number(n) => Truth::from_bool(*n != 0.0),
            Value::Unknown(_) => Truth::Unknown,
            _ => Truth::False,
        }
    }
    /// Field of a map; `None` when absent or when `self` is not a map.
    /// An Unknown result is noted for the undecided-check recorder ([`crate::undecided`]).
    pub fn get(&self, key: &str) -> Option<&Value> {
        let found = match self {
            Value::Map(m) => m.get(key),
            _ => None,
        };
        crate::undecided::note(key, found);
        found
    }
    /// Follows a dotted path (`versioning.0.enabled`); numeric segments index lists. A single
    /// nested block (a one-element list) may be entered without its index.
    /// An Unknown result is noted for the undecided-check recorder ([`crate::undecided`]).
    pub fn path(&self, path: &str) -> Option<&Value> {
        let found = self.path_unnoted(path, path);
        crate::undecided::note(path, found);
        found
    }
    /// [`Value::path`] without noting an Unknown result: [`crate::Resource::get`] notes it with
    /// the full path. An Unknown met on the way (an unknown block has unknown fields, though
    /// the lookup answers `None`) is noted as `full`.
    pub(crate) fn path_unnoted(&self, path: &str, full: &str) -> Option<&Value> {
        let mut current = self;
        for seg in path.split('.').filter(|s| !s.is_empty()) {
            current = match current {
                Value::Map(m) => m.get(seg)?,
                Value::List(items) => match seg.parse::<usize>() {
                    Ok(i) => items.get(i)?,
                    Err(_) => match items.first()? {
                        Value::Map(m) => m.get(seg)?,
                        unknown @ Value::Unknown(_) => {
                            crate::undecided::note(full, Some(unknown));
                            return None;
                        }
                        _ => return None,
                    },
                },
                Value::Unknown(_) => {
                    crate::undecided::note(full, Some(current));
                    return None;
                }
                _ => return None,
            };
        }
        Some(current)
    }
    /// The value as a list of items: a list as is, a single value as one item, null as none.
    pub fn items(&self) -> Vec<&Value> {
        match self {
            Value::List(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        }
    }
    /// Terraform-style rendering used for interpolation and messages.
    pub fn to_display_string(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::String(s) => s.clone(),
            Value::Unknown(_) => "(known after apply)".into(),
            other => serde_json::to_string(&other.to_json()).unwrap_or_default(),
        }
    }
    /// JSON form; unknowns become `null` inside the data and are flagged separately.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null | Value::Unknown(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(m) => Value::Map(
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Unknown(_) => serializer.serialize_str("(known after apply)"),
            other => other.to_json().serialize(serializer),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_string())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        Value::Number(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_enters_single_blocks_and_indexes_lists() {
        let v = Value::from_json(
            &serde_json::json!({"versioning": [{"enabled": true}], "tags": {"a": "b"}}),
        );
        assert_eq!(v.path("versioning.0.enabled"), Some(&Value::Bool(true)));
        assert_eq!(v.path("versioning.enabled"), Some(&Value::Bool(true)));
        assert_eq!(v.path("tags.a"), Some(&Value::from("b")));
        assert_eq!(v.path("versioning.1.enabled"), None);
    }

    #[test]
    fn unknown_is_neither_true_nor_false() {
        assert_eq!(Value::unknown().truth(), Truth::Unknown);
        assert_eq!(Value::Null.truth(), Truth::False);
        assert_eq!(Truth::Unknown.or(Truth::True), Truth::True);
        assert_eq!(Truth::Unknown.and(Truth::True), Truth::Unknown);
        assert_eq!(Truth::Unknown.and(Truth::False), Truth::False);
    }
}
