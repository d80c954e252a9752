//! The secrets of a scanned inventory as they are written, so that every output can mask them
//! wherever they appear (another finding's source lines, a fix diff, an explanation). This is
//! the one place that hands out raw secret values: callers use them only to redact, never to
//! show, log or store.
//!
//! Sources: every string of every resource searched with the free-text detectors
//! ([`secrets::raw_secrets`]); literal values under secret names (`password`, `secret_key`,
//! `DB_PASSWORD`, `{name = "API_TOKEN", value = …}`); and the value at the attribute of every
//! finding in the secrets category, which covers what user-defined rules detect.

use super::secrets;
use rampart_model::{Category, Finding, Inventory, Value};
use std::collections::BTreeSet;

/// Shorter values are too common as words to mask everywhere (`on`, `yes`, `abc`).
const MIN_SECRET_CHARS: usize = 4;

/// Every secret value the detectors see in `inventory` or the `findings` point at.
pub fn secret_values(inventory: &Inventory, findings: &[Finding]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for resource in inventory.resources() {
        for (top, value) in &resource.attributes {
            walk(value, Some(top), &mut out);
        }
    }
    for finding in findings.iter().filter(|f| f.category == Category::Secrets) {
        let Some(resource) = inventory.by_address(&finding.address) else {
            continue;
        };
        let value = match &finding.model_attribute {
            Some(path) => resource.get(path),
            None => None,
        };
        let Some(value) = value else { continue };
        let mut strings = Vec::new();
        secrets::strings_in(value, "", None, &mut strings);
        for at in strings {
            let found = secrets::raw_secrets(at.text);
            if found.is_empty() {
                add(at.text, &mut out);
            }
            found.into_iter().for_each(|s| add(s, &mut out));
        }
    }
    out
}

/// Every string below `value` (with the map key it sits under), without building paths:
/// this runs over every attribute of every resource.
fn walk(value: &Value, key: Option<&str>, out: &mut BTreeSet<String>) {
    match value {
        Value::String(text) => collect_string(text, key, out),
        Value::List(items) => items.iter().for_each(|v| walk(v, key, out)),
        Value::Map(map) => {
            named_env_value(map, out);
            for (k, v) in map {
                walk(v, Some(k), out);
            }
        }
        _ => {}
    }
}

fn collect_string(text: &str, key: Option<&str>, out: &mut BTreeSet<String>) {
    // cheap filter first: every string of every resource passes here
    let may_hold_one = text.len() >= 8
        && (text.contains("AKIA")
            || text.contains("ASIA")
            || text.contains("ABIA")
            || text.contains("ACCA")
            || text.contains("A3T")
            || text.contains("PRIVATE KEY")
            || contains_ignore_case(text, "secret")
            || contains_ignore_case(text, "passw"));
    if may_hold_one {
        secrets::raw_secrets(text)
            .into_iter()
            .for_each(|s| add(s, out));
    }
    if key.is_some_and(names_a_secret) && secrets::is_literal_secret_value(text) {
        add(text, out);
    }
}

/// [`secrets::is_secret_name`] that also reads camelCase (`adminPassword`, but not
/// `secretName`).
fn names_a_secret(name: &str) -> bool {
    let mut snake = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            snake.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        snake.push(c);
    }
    secrets::is_secret_name(&snake)
}

fn contains_ignore_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `{name = "DB_PASSWORD", value = "…"}` entries (ECS, Kubernetes, CodeBuild environments).
fn named_env_value(map: &std::collections::BTreeMap<String, Value>, out: &mut BTreeSet<String>) {
    let name = ["name", "Name"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str));
    let secret = ["value", "Value"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str));
    if let (Some(name), Some(secret)) = (name, secret)
        && names_a_secret(name)
        && secrets::is_literal_secret_value(secret)
    {
        add(secret, out);
    }
}

fn add(secret: &str, out: &mut BTreeSet<String>) {
    let secret = secret.trim();
    if secret.chars().count() >= MIN_SECRET_CHARS {
        out.insert(secret.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Origin, Resource};

    fn resource(kind: &str, attributes: serde_json::Value) -> Resource {
        let origin = Origin::Live {
            provider: "aws".into(),
            account: "1".into(),
            region: "eu-west-1".into(),
            id: "x".into(),
        };
        let mut r = Resource::new(kind, format!("{kind}.x"), origin);
        if let Value::Map(map) = Value::from_json(&attributes) {
            r.attributes = map;
        }
        r
    }

    #[test]
    fn finds_values_under_secret_names_and_in_free_text() {
        let inventory = Inventory::new(vec![
            resource(
                "aws_db_instance",
                serde_json::json!({"password": "Hunter2xyz", "engine": "postgres"}),
            ),
            resource(
                "aws_instance",
                serde_json::json!({"user_data": "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"}),
            ),
            resource(
                "aws_ecs_task_definition",
                serde_json::json!({"env": [{"name": "API_TOKEN", "value": "tok-123456"}]}),
            ),
        ]);
        let found = secret_values(&inventory, &[]);
        for secret in ["Hunter2xyz", "AKIAIOSFODNN7EXAMPLE", "tok-123456"] {
            assert!(found.contains(secret), "{secret}: {found:?}");
        }
        assert!(!found.contains("postgres"), "{found:?}");
    }

    #[test]
    fn camel_case_names_are_read_like_snake_case() {
        assert!(names_a_secret("adminPassword"));
        assert!(names_a_secret("MasterUserPassword"));
        assert!(!names_a_secret("secretName"));
        assert!(!names_a_secret("passwordSecretRef"));
        let inventory = Inventory::new(vec![resource(
            "kubernetes_pod",
            serde_json::json!({"volume": [{"secret": {"secretName": "db-credentials"}}]}),
        )]);
        assert!(secret_values(&inventory, &[]).is_empty());
    }
}
