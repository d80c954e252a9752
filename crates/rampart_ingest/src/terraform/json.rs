//! Terraform JSON syntax (`.tf.json`, `.tfvars.json`) translated to equivalent HCL text, so one
//! evaluator serves both. Strings stay templates (`"${var.x}"` is an interpolation, as in
//! Terraform). Without provider schemas, an object value inside a resource is read as a nested
//! block unless its name is a known map attribute (`tags`, `labels`, …).
//!
//! Must never panic, and never emit HCL that means something other than the JSON did: keys that
//! are not valid identifiers are dropped rather than mangled.

use serde_json::{Map, Value as Json};
use std::fmt::Write;

/// Attributes whose object values are maps, not nested blocks.
const MAP_ATTRIBUTES: &[&str] = &[
    "tags",
    "tags_all",
    "labels",
    "triggers",
    "variables",
    "parameters",
    "metadata",
    "annotations",
    "environment_variables",
    "default_tags",
    "inputs",
    "providers",
    "depends_on",
    "for_each",
    "count",
    "provider",
];

/// How keys inside a body are read.
#[derive(Clone, Copy, PartialEq)]
enum BodyKind {
    /// Every key is an attribute (variables, outputs, locals, module calls).
    Attributes,
    /// Objects become nested blocks (resources, data sources, providers).
    Blocks,
}

pub fn config_to_hcl(json: &Json) -> Result<String, String> {
    let Json::Object(top) = json else {
        return Err("a .tf.json file must hold a JSON object at the top".into());
    };
    let mut out = String::new();
    for (block_type, value) in top {
        match block_type.as_str() {
            "resource" | "data" => {
                for (kind, by_name) in objects(value) {
                    for (name, body) in objects(by_name) {
                        for body in bodies(body) {
                            open_block(&mut out, block_type, &[kind, name]);
                            emit_body(&mut out, body, BodyKind::Blocks, 1);
                            out.push_str("}\n");
                        }
                    }
                }
            }
            "variable" | "output" | "module" => {
                for (name, body) in objects(value) {
                    for body in bodies(body) {
                        open_block(&mut out, block_type, &[name]);
                        emit_body(&mut out, body, BodyKind::Attributes, 1);
                        out.push_str("}\n");
                    }
                }
            }
            "provider" => {
                for (name, body) in objects(value) {
                    for body in bodies(body) {
                        open_block(&mut out, block_type, &[name]);
                        emit_body(&mut out, body, BodyKind::Blocks, 1);
                        out.push_str("}\n");
                    }
                }
            }
            "locals" => {
                for body in bodies(value) {
                    out.push_str("locals {\n");
                    emit_body(&mut out, body, BodyKind::Attributes, 1);
                    out.push_str("}\n");
                }
            }
            // terraform settings, moved/import/check blocks and comments hold nothing to scan
            _ => {}
        }
    }
    Ok(out)
}

pub fn tfvars_to_hcl(json: &Json) -> Result<String, String> {
    let Json::Object(top) = json else {
        return Err("a .tfvars.json file must hold a JSON object at the top".into());
    };
    let mut out = String::new();
    for (k, v) in top {
        if hcl_edit::Ident::try_new(k.as_str()).is_ok() {
            let _ = write!(out, "{k} = ");
            emit_literal(&mut out, v, 0);
            out.push('\n');
        }
    }
    Ok(out)
}

/// `(key, value)` pairs of an object, or of every object in an array of objects.
fn objects(value: &Json) -> Vec<(&String, &Json)> {
    match value {
        Json::Object(m) => m.iter().filter(|(k, _)| k.as_str() != "//").collect(),
        Json::Array(items) => items.iter().flat_map(objects).collect(),
        _ => Vec::new(),
    }
}

/// One body, or each body of an array of bodies.
fn bodies(value: &Json) -> Vec<&Map<String, Json>> {
    match value {
        Json::Object(m) => vec![m],
        Json::Array(items) => items
            .iter()
            .filter_map(|i| match i {
                Json::Object(m) => Some(m),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn open_block(out: &mut String, ident: &str, labels: &[&String]) {
    out.push_str(ident);
    for l in labels {
        out.push(' ');
        push_quoted(out, l);
    }
    out.push_str(" {\n");
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn is_ident(s: &str) -> bool {
    hcl_edit::Ident::try_new(s).is_ok()
}

fn emit_body(out: &mut String, body: &Map<String, Json>, kind: BodyKind, depth: usize) {
    for (key, value) in body {
        if key == "//" || !is_ident(key) {
            continue;
        }
        let as_block = kind == BodyKind::Blocks
            && !MAP_ATTRIBUTES.contains(&key.as_str())
            && match value {
                Json::Object(_) => true,
                Json::Array(items) => {
                    !items.is_empty() && items.iter().all(|i| matches!(i, Json::Object(_)))
                }
                _ => false,
            };
        if key == "dynamic" && kind == BodyKind::Blocks {
            emit_dynamic(out, value, depth);
        } else if as_block {
            for b in bodies(value) {
                indent(out, depth);
                let _ = writeln!(out, "{key} {{");
                emit_body(out, b, BodyKind::Blocks, depth + 1);
                indent(out, depth);
                out.push_str("}\n");
            }
        } else {
            indent(out, depth);
            let _ = write!(out, "{key} = ");
            emit_expression(out, value, depth);
            out.push('\n');
        }
    }
}

fn emit_dynamic(out: &mut String, value: &Json, depth: usize) {
    for (name, spec) in objects(value) {
        for b in bodies(spec) {
            indent(out, depth);
            out.push_str("dynamic ");
            push_quoted(out, name);
            out.push_str(" {\n");
            for (k, v) in b {
                if !is_ident(k) {
                    continue;
                }
                if k == "content" {
                    for c in bodies(v) {
                        indent(out, depth + 1);
                        out.push_str("content {\n");
                        emit_body(out, c, BodyKind::Blocks, depth + 2);
                        indent(out, depth + 1);
                        out.push_str("}\n");
                    }
                } else {
                    indent(out, depth + 1);
                    let _ = write!(out, "{k} = ");
                    emit_expression(out, v, depth + 1);
                    out.push('\n');
                }
            }
            indent(out, depth);
            out.push_str("}\n");
        }
    }
}

/// A JSON value in an expression position: strings are templates.
fn emit_expression(out: &mut String, value: &Json, depth: usize) {
    match value {
        Json::String(s) => push_template(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                emit_expression(out, item, depth);
            }
            out.push(']');
        }
        Json::Object(m) => {
            out.push_str("{\n");
            for (k, v) in m {
                if k == "//" {
                    continue;
                }
                indent(out, depth + 1);
                push_quoted(out, k);
                out.push_str(" = ");
                emit_expression(out, v, depth + 1);
                out.push('\n');
            }
            indent(out, depth);
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A JSON value taken literally (tfvars): `${` is not interpolated.
fn emit_literal(out: &mut String, value: &Json, depth: usize) {
    match value {
        Json::String(s) => push_quoted(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                emit_literal(out, item, depth);
            }
            out.push(']');
        }
        Json::Object(m) => {
            out.push_str("{\n");
            for (k, v) in m {
                indent(out, depth + 1);
                push_quoted(out, k);
                out.push_str(" = ");
                emit_literal(out, v, depth + 1);
                out.push('\n');
            }
            indent(out, depth);
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A quoted HCL string whose `${`/`%{` sequences stay live.
fn push_template(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        push_escaped_char(out, c);
    }
    out.push('"');
}

/// A quoted HCL string with `${`/`%{` escaped, so it means exactly `s`.
fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    let mut prev = '\0';
    for c in s.chars() {
        if c == '{' && (prev == '$' || prev == '%') {
            // `$${` and `%%{` are the escapes of `${` and `%{`
            out.pop();
            out.push(prev);
            out.push(prev);
        }
        push_escaped_char(out, c);
        prev = c;
    }
    out.push('"');
}

fn push_escaped_char(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x20 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => out.push(c),
    }
}

/// Byte range of the JSON object or array held under the nested keys `labels` (searched in
/// order), from the last key's opening quote to its closing bracket.
pub fn find_object(text: &str, labels: &[&str]) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut key_start = 0;
    for label in labels {
        let needle = format!("\"{label}\"");
        let mut search = from;
        loop {
            let found = search + text.get(search..)?.find(&needle)?;
            let after = found + needle.len();
            let rest = text.get(after..)?;
            if rest.trim_start().starts_with(':') {
                key_start = found;
                from = after;
                break;
            }
            search = after;
        }
    }
    let rest = text.get(from..)?;
    let open = from + rest.find(['{', '['])?;
    let end = matching_bracket(text, open)?;
    Some((key_start, end))
}

/// Offset just past the bracket closing the one at `open`, skipping strings.
fn matching_bracket(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_become_blocks_and_tags_stay_maps() {
        let json = serde_json::json!({
            "resource": {"aws_s3_bucket": {"b": {
                "bucket": "${var.name}-logs",
                "tags": {"Env": "prod"},
                "versioning": {"enabled": true}
            }}}
        });
        let hcl = config_to_hcl(&json).unwrap_or_default();
        assert!(hcl.contains("resource \"aws_s3_bucket\" \"b\" {"), "{hcl}");
        assert!(hcl.contains("bucket = \"${var.name}-logs\""), "{hcl}");
        assert!(hcl.contains("tags = {"), "{hcl}");
        assert!(hcl.contains("versioning {"), "{hcl}");
    }

    #[test]
    fn finds_the_object_under_nested_keys() {
        let text = r#"{"resource": {"aws_s3_bucket": {"b": {"acl": "x}"}}}}"#;
        let (start, end) = find_object(text, &["aws_s3_bucket", "b"]).unwrap_or((0, 0));
        assert_eq!(&text[start..end], r#""b": {"acl": "x}"}"#);
    }
}
