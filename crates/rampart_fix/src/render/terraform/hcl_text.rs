//! Prints model values as HCL fragments: scalars through hcl-edit's own encoder (so quoting and
//! `${`/`%{` escaping match Terraform), lists and objects laid out here, nested blocks with the
//! indentation of the place they go. Never prints a whole file; never prints an Unknown value.

use hcl_edit::expr::Expression;
use rampart_model::Value;
use rampart_model::value::format_number;
use std::collections::BTreeMap;

/// Why a value cannot be written as HCL.
pub const UNKNOWN_VALUE: &str = "the value is unknown (computed); it cannot be written into code";

/// One value as an HCL expression on one line (objects as `{ a = 1, b = 2 }`).
pub fn expression(value: &Value) -> Result<String, &'static str> {
    Ok(match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_finite() => format_number(*n),
        Value::Number(_) => return Err("the value is not a finite number"),
        Value::String(s) => Expression::from(s.as_str()).to_string(),
        Value::List(items) => {
            let parts: Result<Vec<String>, _> = items.iter().map(expression).collect();
            format!("[{}]", parts?.join(", "))
        }
        Value::Map(map) if map.is_empty() => "{}".into(),
        Value::Map(map) => {
            let parts: Result<Vec<String>, &str> = map
                .iter()
                .map(|(k, v)| Ok(format!("{} = {}", object_key(k), expression(v)?)))
                .collect();
            format!("{{ {} }}", parts?.join(", "))
        }
        Value::Unknown(_) => return Err(UNKNOWN_VALUE),
    })
}

/// An object key: bare when it is an identifier, quoted otherwise.
pub fn object_key(key: &str) -> String {
    if is_identifier(key) {
        key.to_string()
    } else {
        Expression::from(key).to_string()
    }
}

pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// True for values the model uses for nested blocks: a non-empty list of objects.
pub fn is_block_list(value: &Value) -> bool {
    matches!(value, Value::List(items) if !items.is_empty() && items.iter().all(|i| matches!(i, Value::Map(_))))
}

/// A body item waiting to be written: an attribute, or a nested block with its own items.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Attribute(String, String),
    Block(String, Vec<Item>),
}

/// Body items of an object value: list-of-object values become nested blocks, the rest
/// attributes (the model shapes nested blocks as lists of maps).
pub fn items_of_map(map: &BTreeMap<String, Value>) -> Result<Vec<Item>, &'static str> {
    let mut attributes = Vec::new();
    let mut blocks = Vec::new();
    for (key, value) in map {
        if is_block_list(value) {
            for entry in value.items() {
                if let Value::Map(inner) = entry {
                    blocks.push(Item::Block(key.clone(), items_of_map(inner)?));
                }
            }
        } else {
            attributes.push(Item::Attribute(key.clone(), expression(value)?));
        }
    }
    attributes.extend(blocks);
    Ok(attributes)
}

/// Lines of body items at `indent`, `unit` deeper per nesting level. Consecutive attributes
/// have their `=` aligned like `terraform fmt` does; blocks are separated by a blank line from
/// what precedes them.
pub fn body_lines(items: &[Item], indent: &str, unit: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut i = 0;
    while let Some(item) = items.get(i) {
        match item {
            Item::Attribute(..) => {
                let run: Vec<(&String, &String)> = items[i..]
                    .iter()
                    .map_while(|it| match it {
                        Item::Attribute(k, v) => Some((k, v)),
                        Item::Block(..) => None,
                    })
                    .collect();
                let width = run
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                for (k, v) in &run {
                    let key = object_key(k);
                    lines.push(format!("{indent}{key:<width$} = {v}"));
                }
                i += run.len();
            }
            Item::Block(ident, inner) => {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                lines.extend(block_lines(ident, &[], inner, indent, unit));
                i += 1;
            }
        }
    }
    lines
}

/// A block `ident "label" { ... }` at `indent`; an empty body prints as `ident {}`.
pub fn block_lines(
    ident: &str,
    labels: &[&str],
    items: &[Item],
    indent: &str,
    unit: &str,
) -> Vec<String> {
    let mut head = ident.to_string();
    for label in labels {
        head.push(' ');
        head.push_str(&Expression::from(*label).to_string());
    }
    if items.is_empty() {
        return vec![format!("{indent}{head} {{}}")];
    }
    let mut lines = vec![format!("{indent}{head} {{")];
    lines.extend(body_lines(items, &format!("{indent}{unit}"), unit));
    lines.push(format!("{indent}}}"));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_and_escaped_like_terraform() {
        assert_eq!(expression(&Value::from("a\"b\\c")).unwrap(), r#""a\"b\\c""#);
        assert_eq!(expression(&Value::from("${x}")).unwrap(), r#""$${x}""#);
        assert_eq!(
            expression(&Value::from("line\nnext")).unwrap(),
            r#""line\nnext""#
        );
    }

    #[test]
    fn lists_maps_numbers_and_unknowns() {
        let v = Value::from_json(&serde_json::json!({"b": [1, 2.5], "a-b": true, "c d": null}));
        assert_eq!(
            expression(&v).unwrap(),
            r#"{ a-b = true, b = [1, 2.5], "c d" = null }"#
        );
        assert_eq!(expression(&Value::unknown()), Err(UNKNOWN_VALUE));
    }

    #[test]
    fn nested_blocks_are_aligned_and_indented() {
        let v = Value::from_json(&serde_json::json!({
            "http_tokens": "required", "http_endpoint": "enabled",
            "rule": [{"apply": [{"algo": "AES256"}]}]
        }));
        let items = items_of_map(v.as_map().unwrap()).unwrap();
        let lines = block_lines("metadata_options", &[], &items, "  ", "  ");
        assert_eq!(
            lines.join("\n"),
            "  metadata_options {\n    http_endpoint = \"enabled\"\n    http_tokens   = \"required\"\n\n    rule {\n      apply {\n        algo = \"AES256\"\n      }\n    }\n  }"
        );
    }
}
