//! Terraform addresses (`module.site["a"].aws_s3_bucket.this[0]`) split into their parts, and
//! where each address is written in a plan's JSON text.
//!
//! Must never: slice a string at a position that is not a character boundary.

use std::collections::HashMap;
use std::ops::Range;

/// Splits an address at top-level dots (dots inside `["…"]` keys are part of the key).
pub fn segments(address: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in address.char_indices() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&address[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&address[start..]);
    out
}

/// The module instance part of an address (`module.site["a"]`), empty at the root.
pub fn module_of(address: &str) -> String {
    let segs = segments(address);
    let mut parts = Vec::new();
    let mut i = 0;
    while i + 1 < segs.len() && segs.get(i) == Some(&"module") {
        if let Some(name) = segs.get(i + 1) {
            parts.push(format!("module.{name}"));
        }
        i += 2;
    }
    parts.join(".")
}

/// Module names without instance keys (`site.db`), the way `configuration` nests modules.
pub fn module_names(module: &str) -> Vec<String> {
    segments(module)
        .chunks(2)
        .filter_map(|pair| match pair {
            ["module", name] => Some(strip_index(name).to_string()),
            _ => None,
        })
        .collect()
}

/// `this["a"]` → `this`.
pub fn strip_index(segment: &str) -> &str {
    segment.split_once('[').map_or(segment, |(name, _)| name)
}

/// The instance key of the last segment, as written: `["a"]` or `[0]`.
pub fn index_suffix(address: &str) -> Option<&str> {
    let last = segments(address).pop()?;
    last.find('[').map(|i| &last[i..])
}

/// Joins a module path and a local address.
pub fn join(module: &str, local: &str) -> String {
    if module.is_empty() {
        local.to_string()
    } else {
        format!("{module}.{local}")
    }
}

/// The resource a configuration reference points at, relative to its module, without its
/// attribute: `aws_s3_bucket.b.id` → `aws_s3_bucket.b`, `data.x.y.json` → `data.x.y`,
/// `aws_s3_bucket.b[0].arn` → `aws_s3_bucket.b[0]`. `None` for variables, locals, module
/// outputs and other non-resource references.
pub fn reference_target(reference: &str) -> Option<String> {
    let segs = segments(reference);
    let first = *segs.first()?;
    if matches!(
        first,
        "var" | "local" | "each" | "count" | "path" | "terraform" | "self" | "module"
    ) {
        return None;
    }
    let take = if first == "data" { 3 } else { 2 };
    (segs.len() >= take).then(|| segs[..take].join("."))
}

/// First place each `"address": "…"` is written in a plan's JSON text, in one pass.
pub fn address_positions(text: &str) -> HashMap<String, Range<usize>> {
    let mut out = HashMap::new();
    let key = "\"address\"";
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find(key)) {
        let after_key = from + found + key.len();
        from = after_key;
        let rest = text.get(after_key..).unwrap_or("");
        let trimmed = rest.trim_start();
        let Some(value) = trimmed.strip_prefix(':').map(str::trim_start) else {
            continue;
        };
        if !value.starts_with('"') {
            continue;
        }
        let start = text.len() - value.len();
        let Some(len) = json_string_len(value) else {
            continue;
        };
        if let Some(Ok(address)) = text
            .get(start..start + len)
            .map(serde_json::from_str::<String>)
        {
            out.entry(address).or_insert(start..start + len);
        }
    }
    out
}

/// Length in bytes of the JSON string literal at the start of `s` (quotes included).
fn json_string_len(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_addresses_with_dotted_keys() {
        let a = r#"module.site["a.b"].aws_s3_bucket.this["x.y"]"#;
        assert_eq!(
            segments(a),
            vec![
                "module",
                r#"site["a.b"]"#,
                "aws_s3_bucket",
                r#"this["x.y"]"#
            ]
        );
        assert_eq!(module_of(a), r#"module.site["a.b"]"#);
        assert_eq!(module_names(&module_of(a)), vec!["site".to_string()]);
        assert_eq!(index_suffix(a), Some(r#"["x.y"]"#));
    }

    #[test]
    fn reference_targets_skip_non_resources() {
        assert_eq!(
            reference_target("aws_s3_bucket.b.id").as_deref(),
            Some("aws_s3_bucket.b")
        );
        assert_eq!(
            reference_target("aws_s3_bucket.b[0].arn").as_deref(),
            Some("aws_s3_bucket.b[0]")
        );
        assert_eq!(
            reference_target("data.aws_iam_policy_document.p.json").as_deref(),
            Some("data.aws_iam_policy_document.p")
        );
        assert_eq!(reference_target("var.name"), None);
        assert_eq!(reference_target("module.m.id"), None);
    }

    #[test]
    fn finds_address_positions_in_one_pass() {
        let text = "{\"a\": 1,\n \"address\" : \"aws_s3_bucket.b[\\\"k\\\"]\"}";
        let pos = address_positions(text);
        let range = pos.get("aws_s3_bucket.b[\"k\"]").cloned();
        assert_eq!(
            range.map(|r| text[r].to_string()).as_deref(),
            Some("\"aws_s3_bucket.b[\\\"k\\\"]\"")
        );
    }
}
