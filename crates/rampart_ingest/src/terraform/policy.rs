//! `data "aws_iam_policy_document"` rendered into its `json` attribute as the AWS provider
//! would: `Version`, optional `Id`, and `Statement`s with `Sid`, `Effect`, `Action`/`NotAction`,
//! `Resource`/`NotResource`, `Principal`/`NotPrincipal` and `Condition`, merged with
//! `source_policy_documents` (statements replaced by `Sid`) and `override_policy_documents`.
//!
//! Must never: render a document when any part it needs is Unknown (then `json` is Unknown),
//! or panic on malformed blocks (they are skipped like an empty block).

use rampart_model::Value;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

pub fn render(attrs: &BTreeMap<String, Value>) -> Value {
    if attrs.values().any(Value::contains_unknown) {
        return Value::unknown();
    }
    let mut statements: Vec<Json> = Vec::new();
    let sources = strings(attrs.get("source_policy_documents"))
        .into_iter()
        .chain(
            attrs
                .get("source_json")
                .and_then(Value::as_str)
                .map(String::from),
        );
    for doc in sources {
        match document_statements(&doc) {
            Some(list) => list.into_iter().for_each(|s| merge(&mut statements, s)),
            None => return Value::unknown(),
        }
    }
    if let Some(Value::List(blocks)) = attrs.get("statement") {
        for b in blocks {
            if let Value::Map(m) = b {
                merge(&mut statements, statement(m));
            }
        }
    }
    let overrides = strings(attrs.get("override_policy_documents"))
        .into_iter()
        .chain(
            attrs
                .get("override_json")
                .and_then(Value::as_str)
                .map(String::from),
        );
    for doc in overrides {
        match document_statements(&doc) {
            Some(list) => list.into_iter().for_each(|s| merge(&mut statements, s)),
            None => return Value::unknown(),
        }
    }
    let mut doc = Map::new();
    let version = attrs
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or("2012-10-17");
    doc.insert("Version".into(), Json::String(version.into()));
    if let Some(id) = attrs.get("policy_id").and_then(Value::as_str) {
        doc.insert("Id".into(), Json::String(id.into()));
    }
    doc.insert("Statement".into(), Json::Array(statements));
    match serde_json::to_string_pretty(&Json::Object(doc)) {
        Ok(s) => Value::String(s),
        Err(_) => Value::unknown(),
    }
}

/// Adds a statement, replacing an earlier one with the same non-empty `Sid`.
fn merge(statements: &mut Vec<Json>, s: Json) {
    let sid = s
        .get("Sid")
        .and_then(Json::as_str)
        .filter(|s| !s.is_empty());
    if let Some(sid) = sid
        && let Some(existing) = statements
            .iter_mut()
            .find(|e| e.get("Sid").and_then(Json::as_str) == Some(sid))
    {
        *existing = s;
        return;
    }
    statements.push(s);
}

fn document_statements(text: &str) -> Option<Vec<Json>> {
    if text.trim().is_empty() {
        return Some(Vec::new());
    }
    let doc: Json = serde_json::from_str(text).ok()?;
    match doc.get("Statement") {
        Some(Json::Array(items)) => Some(items.clone()),
        Some(s @ Json::Object(_)) => Some(vec![s.clone()]),
        None => Some(Vec::new()),
        _ => None,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::List(items)) => items.iter().map(Value::to_display_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// A set of strings as the provider prints it: one string alone, else a sorted list.
fn string_or_list(items: Vec<String>) -> Json {
    let mut items = items;
    items.sort();
    items.dedup();
    if items.len() == 1 {
        items.pop().map(Json::String).unwrap_or(Json::Null)
    } else {
        Json::Array(items.into_iter().map(Json::String).collect())
    }
}

fn statement(m: &BTreeMap<String, Value>) -> Json {
    let mut s = Map::new();
    if let Some(sid) = m
        .get("sid")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    {
        s.insert("Sid".into(), Json::String(sid.into()));
    }
    let effect = m.get("effect").and_then(Value::as_str).unwrap_or("Allow");
    s.insert("Effect".into(), Json::String(effect.into()));
    for (attr, key) in [
        ("actions", "Action"),
        ("not_actions", "NotAction"),
        ("resources", "Resource"),
        ("not_resources", "NotResource"),
    ] {
        let items = strings(m.get(attr));
        if !items.is_empty() {
            s.insert(key.into(), string_or_list(items));
        }
    }
    for (attr, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        if let Some(p) = principals(m.get(attr)) {
            s.insert(key.into(), p);
        }
    }
    if let Some(c) = conditions(m.get("condition")) {
        s.insert("Condition".into(), c);
    }
    Json::Object(s)
}

fn blocks(v: Option<&Value>) -> impl Iterator<Item = &BTreeMap<String, Value>> {
    v.and_then(Value::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_map)
}

fn principals(v: Option<&Value>) -> Option<Json> {
    let mut by_type: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for b in blocks(v) {
        let ty = b.get("type").and_then(Value::as_str).unwrap_or("AWS");
        by_type
            .entry(ty.to_string())
            .or_default()
            .extend(strings(b.get("identifiers")));
    }
    if by_type.is_empty() {
        return None;
    }
    if by_type.len() == 1
        && let Some(ids) = by_type.get("*")
        && ids.iter().all(|i| i == "*")
    {
        return Some(Json::String("*".into()));
    }
    Some(Json::Object(
        by_type
            .into_iter()
            .map(|(t, ids)| (t, string_or_list(ids)))
            .collect(),
    ))
}

fn conditions(v: Option<&Value>) -> Option<Json> {
    let mut by_test: BTreeMap<String, Map<String, Json>> = BTreeMap::new();
    for b in blocks(v) {
        let (Some(test), Some(variable)) = (
            b.get("test").and_then(Value::as_str),
            b.get("variable").and_then(Value::as_str),
        ) else {
            continue;
        };
        by_test.entry(test.to_string()).or_default().insert(
            variable.to_string(),
            string_or_list(strings(b.get("values"))),
        );
    }
    if by_test.is_empty() {
        return None;
    }
    Some(Json::Object(
        by_test
            .into_iter()
            .map(|(t, vars)| (t, Json::Object(vars)))
            .collect(),
    ))
}
