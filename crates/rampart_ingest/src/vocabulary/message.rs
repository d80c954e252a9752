//! Finding messages in the source's vocabulary. Rules write every name they mention in
//! backticks (`` `http_tokens = "optional"` ``, `` `aws_s3_bucket_logging` ``, the address);
//! for a template or manifest resource each backticked name is replaced by the source's own:
//! the address by the logical id or `Kind/name`, a model kind by the source's type, an
//! attribute path (alone or as `path = value`) by the source's path. Names without a place in
//! the source stay as written, where the fixture test (`source_vocabulary.rs`) sees them.

use super::{kind_name, nearest_source_path, source_assignment, subject};
use rampart_model::{Resource, Value};

const MODEL_KIND_PREFIXES: &[&str] = &["aws_", "azurerm_", "google_", "kubernetes_"];

/// `message` of a finding on `r` at model path `attribute`, in `r`'s source vocabulary
/// (unchanged for Terraform and live resources).
pub fn speak_source(r: &Resource, attribute: Option<&str>, message: &str) -> String {
    if !r.is_from_template() {
        return message.to_string();
    }
    let mut out = String::with_capacity(message.len() + 16);
    let mut rest = message;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest.get(open + 1..).and_then(|after| after.find('`')) else {
            break;
        };
        let token = rest.get(open + 1..open + 1 + len).unwrap_or("");
        out.push_str(rest.get(..open).unwrap_or(""));
        out.push('`');
        out.push_str(&translate(r, attribute, token).unwrap_or_else(|| token.to_string()));
        out.push('`');
        rest = rest.get(open + len + 2..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn translate(r: &Resource, attribute: Option<&str>, token: &str) -> Option<String> {
    if token == r.address {
        return Some(subject(r));
    }
    if MODEL_KIND_PREFIXES.iter().any(|p| token.starts_with(p))
        && is_path(token)
        && let Some(k) = kind_name(r, token)
    {
        return Some(k);
    }
    if let Some((path, value)) = token.split_once(" = ")
        && is_path(path)
    {
        let path = in_context(attribute, path);
        return source_assignment(r, &path, &parse_value(value));
    }
    if is_path(token) {
        let whole = in_context(attribute, token);
        if whole != token {
            return nearest_source_path(r, &whole);
        }
        return super::source_path(r, token)
            .or_else(|| written_at(r, token).and_then(|p| nearest_source_path(r, &p)))
            .or_else(|| nearest_source_path(r, token));
    }
    None
}

/// The model path of a setting the resource has, named by its last segment (`enforce_https`
/// → `domain_endpoint_options.0.enforce_https`), when a message names it on its own.
fn written_at(r: &Resource, name: &str) -> Option<String> {
    r.attribute_spans
        .keys()
        .find(|p| p.rsplit('.').next() == Some(name))
        .cloned()
}

/// A dotted snake_case path (`metadata_options.0.http_tokens`), not a value.
fn is_path(token: &str) -> bool {
    !token.is_empty()
        && token.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        && token.starts_with(|c: char| c.is_ascii_lowercase())
}

/// A path a message names relative to the finding's attribute (`http_tokens` of
/// `metadata_options.0.http_tokens`) made whole: the attribute up to where it ends with the
/// named segments. Otherwise the path is read from the resource's root.
fn in_context(attribute: Option<&str>, path: &str) -> String {
    if let Some(attribute) = attribute {
        let segments: Vec<&str> = attribute.split('.').collect();
        let wanted: Vec<&str> = path.split('.').collect();
        for end in (wanted.len()..=segments.len()).rev() {
            if segments.get(end - wanted.len()..end) == Some(wanted.as_slice()) {
                return segments.get(..end).unwrap_or_default().join(".");
            }
        }
    }
    path.to_string()
}

/// `"optional"` → a string, `true` → a bool, `80` → a number, anything else as written.
fn parse_value(text: &str) -> Value {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        return Value::string(inner);
    }
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => text
            .parse::<f64>()
            .map(Value::Number)
            .unwrap_or_else(|_| Value::string(text)),
    }
}
