//! The request context: condition keys and their values. Key names are case-insensitive, as
//! AWS documents; values keep their case (operators decide whether case matters). Every value
//! is held as text, the way AWS passes it; an array makes a multi-valued key.

use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    /// Lower-cased key → values.
    values: BTreeMap<String, Vec<String>>,
}

impl Context {
    pub fn insert(&mut self, key: &str, values: Vec<String>) {
        self.values.insert(key.to_lowercase(), values);
    }

    /// Sets `key` only when the caller did not.
    pub fn insert_default(&mut self, key: &str, value: &str) {
        self.values
            .entry(key.to_lowercase())
            .or_insert_with(|| vec![value.to_string()]);
    }

    /// The values of `key`, or None when the request does not carry it.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.values.get(&key.to_lowercase()).map(Vec::as_slice)
    }

    /// Reads a JSON object of keys to a string, number, boolean, or an array of those.
    pub fn from_json(
        object: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Context, String> {
        let mut context = Context::default();
        for (key, value) in object {
            let values = match value {
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|item| scalar_text(item).ok_or(()))
                    .collect::<Result<Vec<_>, ()>>()
                    .map_err(|()| {
                        format!("context key `{key}`: array items must be strings, numbers or booleans")
                    })?,
                other => vec![scalar_text(other).ok_or_else(|| {
                    format!(
                        "context key `{key}`: expected a string, number, boolean or array of those; \
                         leave the key out when the request does not carry it"
                    )
                })?],
            };
            context.insert(key, values);
        }
        Ok(context)
    }
}

/// A JSON scalar as the text AWS would compare; None for null, objects and arrays.
pub fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
