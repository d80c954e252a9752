//! Cloud inventory exports: the JSON that `az graph query`, `az resource show`/`list`,
//! `gcloud asset list`/`search-all-resources` and `gcloud asset export` write, read into the
//! same Terraform-vocabulary resources as code, so the Azure and GCP rules run on them
//! unchanged. Files are recognised by their shape (see `docs/cloud-exports.md`); each
//! resource's origin is the live resource (subscription or project, location, id).
//!
//! Must never: panic on any input, stop at a bad row (it is an error with file:line and the
//! other rows load), or turn a value the export does not hold into a guess (such values are
//! Unknown, so rules that need them report undecided rather than a false finding).

pub mod azure;
pub mod gcp;
#[cfg(feature = "azure-live")]
pub mod resource_graph;

use crate::cloudformation::ev::{Ev, EvKind};
use rampart_model::{LoadError, Resource};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What an export file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// `az graph query` (`{"count", "data": [...], "skip_token", "total_records"}`), an ARM
    /// REST list (`{"value": [...]}`) or `az resource show --ids`/`az resource list` (`[...]`).
    Azure,
    /// `gcloud asset list`/`search-all-resources --format=json` (`[...]`) or
    /// `gcloud asset export` (one asset per line).
    Gcp,
}

/// Cheap text markers: only files with them are parsed as exports.
pub fn sniff(text: &str) -> Option<ExportKind> {
    if text.contains("\"assetType\"") && text.contains("\"name\"") {
        return Some(ExportKind::Gcp);
    }
    if text.contains("\"/subscriptions/") && text.contains("\"type\"") && !text.contains("$schema")
    {
        return Some(ExportKind::Azure);
    }
    None
}

/// Loads `text` when it is a cloud export; `None` when it is not one (the other loaders
/// then look at it).
pub fn load_text(file: &Arc<str>, text: &str) -> Option<(Vec<Resource>, Vec<LoadError>)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    match sniff(body)? {
        ExportKind::Azure => azure::load_text(file, body),
        ExportKind::Gcp => gcp::load_text(file, body),
    }
}

/// A JSON value as an [`Ev`] for the mappings shared with the template loaders. `null`
/// (which ARM and Google APIs write for "not returned") is Unknown, never a default.
pub(crate) fn ev_of(json: &serde_json::Value) -> Ev {
    let kind = match json {
        serde_json::Value::Null => Ev::unknown(None, "(null in the export)"),
        serde_json::Value::Bool(b) => EvKind::Bool(*b),
        serde_json::Value::Number(n) => EvKind::Number(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => EvKind::Str(s.clone()),
        serde_json::Value::Array(items) => EvKind::List(items.iter().map(ev_of).collect()),
        serde_json::Value::Object(m) => {
            EvKind::Map(m.iter().map(|(k, v)| (k.clone(), ev_of(v))).collect())
        }
    };
    Ev::new(kind, None)
}

/// A JSON value as a model value; `null` (not returned) is Unknown.
pub(crate) fn json_value(json: &serde_json::Value) -> rampart_model::Value {
    match json {
        serde_json::Value::Null => rampart_model::Value::unknown(),
        other => rampart_model::Value::from_json(other),
    }
}

/// The line (1-based) of the first occurrence of `needle`, for messages about one row of a
/// JSON array (serde_json keeps no positions of values); line 1 when it is not found.
pub(crate) fn line_of(text: &str, needle: &str) -> u32 {
    if needle.is_empty() {
        return 1;
    }
    text.find(needle)
        .and_then(|at| text.get(..at))
        .map_or(1, |before| before.matches('\n').count() as u32 + 1)
}

/// A JSON syntax error as a load error at its file:line:col.
pub(crate) fn syntax_error(
    file: &str,
    what: &str,
    e: &serde_json::Error,
    line_offset: u32,
) -> LoadError {
    let (line, column) = crate::yaml_spans::json_position(e);
    LoadError::error(
        file,
        line + line_offset,
        column,
        format!(
            "invalid JSON in {what}: {}; fix the file (or export it again) so it can be scanned",
            crate::yaml_spans::json_problem(e)
        ),
    )
}

/// Top-level entries of a row other than `properties`, for the ARM mapping (`kind`,
/// `identity`, `sku`).
pub(crate) fn top_entries(
    row: &serde_json::Map<String, serde_json::Value>,
) -> BTreeMap<String, Ev> {
    row.iter()
        .filter(|(k, _)| k.as_str() != "properties")
        .map(|(k, v)| (k.clone(), ev_of(v)))
        .collect()
}
