//! `data "aws_iam_policy_document"` rendered into its `json` attribute as the AWS provider
//! would: `Version`, optional `Id`, and `Statement`s with `Sid`, `Effect`, `Action`/`NotAction`,
//! `Resource`/`NotResource`, `Principal`/`NotPrincipal` and `Condition`, merged with
//! `source_policy_documents` (statements replaced by `Sid`) and `override_policy_documents`.
//!
//! A document with unknown leaves (a reference in `resources`) is returned structured, with
//! those leaves Unknown, as `jsonencode` returns a partially known value.
//!
//! Must never: render a document whose statements an Unknown could replace (then `json` is
//! Unknown), or panic on malformed blocks (they are skipped like an empty block).

use super::json_holes::{self, Holes};
use rampart_model::Value;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

pub fn render(attrs: &BTreeMap<String, Value>) -> Value {
    // documents merged in may replace any statement, and an unknown `statement` list may hold
    // any: then nothing of the document is known
    let merged = [
        "source_policy_documents",
        "source_json",
        "override_policy_documents",
        "override_json",
    ];
    if merged
        .iter()
        .any(|k| attrs.get(*k).is_some_and(Value::contains_unknown))
        || attrs.get("statement").is_some_and(Value::is_unknown)
    {
        return Value::unknown();
    }
    if !attrs.values().any(Value::contains_unknown) {
        return render_known(attrs);
    }
    // unknown leaves (`resources = [aws_s3_bucket.b.arn]`) become holes: the document is
    // returned structured, its known principal and actions still readable
    let mut holes = Holes::default();
    let marked: BTreeMap<String, Value> = attrs
        .iter()
        .map(|(k, v)| (k.clone(), mark(v, &mut holes)))
        .collect();
    match document(&marked) {
        Some(doc) => holes
            .fill(Value::from_json(&doc))
            .unwrap_or_else(|| holes.first()),
        None => Value::unknown(),
    }
}

/// The value with every Unknown in it replaced by a hole's marker string.
fn mark(v: &Value, holes: &mut Holes) -> Value {
    match v {
        Value::Unknown(u) => Value::String(holes.mark(u.clone())),
        Value::List(items) => Value::List(items.iter().map(|i| mark(i, holes)).collect()),
        Value::Map(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), mark(v, holes))).collect()),
        other => other.clone(),
    }
}

/// A block list (`principals`, `condition`) that is, or holds, a hole: its whole JSON part is
/// unknown, not left out.
fn hole_in_blocks(v: Option<&Value>) -> Option<Json> {
    let marker = |v: &Value| match v {
        Value::String(s) if json_holes::holds_marker_chars(s) => Some(Json::String(s.clone())),
        _ => None,
    };
    match v? {
        Value::List(items) => items.iter().find_map(marker),
        other => marker(other),
    }
}

fn render_known(attrs: &BTreeMap<String, Value>) -> Value {
    match document(attrs).map(|doc| serde_json::to_string_pretty(&doc)) {
        Some(Ok(s)) => Value::String(s),
        _ => Value::unknown(),
    }
}

fn document(attrs: &BTreeMap<String, Value>) -> Option<Json> {
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
            None => return None,
        }
    }
    if let Some(Value::List(blocks)) = attrs.get("statement") {
        for b in blocks {
            match b {
                Value::Map(m) => merge(&mut statements, statement(m)),
                // one statement block not known (a hole): kept as an unknown statement
                Value::String(marker) => statements.push(Json::String(marker.clone())),
                _ => {}
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
            None => return None,
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
    Some(Json::Object(doc))
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
        if let Some(p) = hole_in_blocks(m.get(attr)).or_else(|| principals(m.get(attr))) {
            s.insert(key.into(), p);
        }
    }
    if let Some(c) = hole_in_blocks(m.get("condition")).or_else(|| conditions(m.get("condition"))) {
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
