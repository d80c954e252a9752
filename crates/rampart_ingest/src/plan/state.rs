//! Terraform state (format version 4): `resources[].instances[]` with their `index_key` become
//! resources with the addresses Terraform prints (`module.m.aws_s3_bucket.b["k"]`,
//! `data.aws_caller_identity.me`). State holds no source lines; each resource points at the
//! line of its entry in the state file.
//!
//! Must never: panic on any JSON.

use super::Located;
use rampart_model::{LoadError, Mode, Resource, SourceFormat, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;

pub fn load_state(located: &Located<'_>, json: &Json) -> (Vec<Resource>, Vec<LoadError>) {
    let positions = entry_positions(located.text);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let resources = json.get("resources").and_then(Json::as_array);
    for (n, r) in resources.into_iter().flatten().enumerate() {
        let range = positions.get(n).cloned().unwrap_or(0..0);
        let error = |message: String| {
            let (line, column) = match located.origin_at(range.clone()) {
                rampart_model::Origin::Code { span } => (span.start.line, span.start.column),
                _ => (1, 1),
            };
            LoadError::error(&*located.file, line, column, message)
        };
        let (Some(kind), Some(name)) = (
            r.get("type").and_then(Json::as_str),
            r.get("name").and_then(Json::as_str),
        ) else {
            errors.push(error(format!(
                "state resource #{} has no `type` or `name`; it is skipped",
                n + 1
            )));
            continue;
        };
        let module = r.get("module").and_then(Json::as_str).unwrap_or("");
        let mode = match r.get("mode").and_then(Json::as_str) {
            Some("data") => Mode::Data,
            _ => Mode::Managed,
        };
        let prefix = if mode == Mode::Data { "data." } else { "" };
        let base = super::address::join(module, &format!("{prefix}{kind}.{name}"));
        let origin = located.origin_at(range.clone());
        // `[]` is a resource with no instance (`count = 0`); no list at all is a broken entry
        let Some(instances) = r.get("instances").and_then(Json::as_array) else {
            errors.push(error(format!(
                "state resource `{base}` has no `instances` list; it is skipped"
            )));
            continue;
        };
        for instance in instances {
            let address = match instance.get("index_key") {
                Some(Json::Number(i)) => format!("{base}[{i}]"),
                Some(Json::String(k)) => {
                    format!("{base}[{}]", serde_json::to_string(k).unwrap_or_default())
                }
                _ => base.clone(),
            };
            let mut resource = Resource::new(kind, address, origin.clone());
            resource.name = name.to_string();
            resource.mode = mode;
            resource.module = module.to_string();
            resource.format = SourceFormat::TerraformPlan;
            resource.attributes = match instance.get("attributes").map(Value::from_json) {
                Some(Value::Map(m)) => m,
                _ => BTreeMap::new(),
            };
            out.push(resource);
        }
    }
    (out, errors)
}

/// Where each resource entry starts: every resource has exactly one `"provider": "provider[…]"`
/// member, which no attribute value looks like. Positions are in resource order.
fn entry_positions(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let key = "\"provider\"";
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find(key)) {
        let start = from + found;
        from = start + key.len();
        let rest = text.get(from..).unwrap_or("").trim_start();
        if rest
            .strip_prefix(':')
            .map(str::trim_start)
            .is_some_and(|v| v.starts_with("\"provider["))
        {
            out.push(start..from);
        }
    }
    out
}
