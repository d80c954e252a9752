//! Values written the way the template already writes them: YAML block style with the file's
//! indentation unit (and its choice of indenting sequences under their key or not), YAML flow
//! style inside `{…}` / `[…]`, or JSON indented like the file. Scalars are quoted only when a
//! plain scalar would be read as something else.
//!
//! Produces fragments only; where they go is decided by the caller.

use serde_json::Value as Json;

/// How the file lays things out.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub json: bool,
    pub step: usize,
    pub sequences_indented: bool,
}

/// A key as written: bare in YAML, quoted in JSON.
pub fn key(style: &Style, k: &str) -> String {
    if style.json {
        json_string(k)
    } else {
        yaml_scalar(&Json::String(k.to_string()), false)
    }
}

/// A scalar or collection written on one line, for a flow context (`flow`) or the value of a
/// block entry.
pub fn inline(style: &Style, value: &Json, flow: bool) -> String {
    if style.json {
        return serde_json::to_string(value).unwrap_or_default();
    }
    match value {
        Json::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| inline(style, i, true))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Json::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    yaml_scalar(&Json::String(k.clone()), true),
                    inline(style, v, true)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => yaml_scalar(scalar, flow),
    }
}

/// True when a value is written on the key's own line in block style.
pub fn is_inline(value: &Json) -> bool {
    match value {
        Json::Array(items) => items.is_empty(),
        Json::Object(m) => m.is_empty(),
        _ => true,
    }
}

/// The text after `Key:` of a block entry whose key is at column `indent`: ` value` for a
/// scalar, or the nested lines.
pub fn block_value(style: &Style, value: &Json, indent: usize) -> String {
    if is_inline(value) {
        return format!(" {}", inline(style, value, false));
    }
    let pad = |n: usize| " ".repeat(n);
    let mut out = String::new();
    match value {
        Json::Object(m) => {
            for (k, v) in m {
                out.push('\n');
                out.push_str(&pad(indent + style.step));
                out.push_str(&key(style, k));
                out.push(':');
                out.push_str(&block_value(style, v, indent + style.step));
            }
        }
        Json::Array(items) => {
            let dash = if style.sequences_indented {
                indent + style.step
            } else {
                indent
            };
            for item in items {
                out.push('\n');
                out.push_str(&pad(dash));
                out.push('-');
                out.push_str(&block_item(style, item, dash));
            }
        }
        _ => {}
    }
    out
}

/// The text after the `-` of a block sequence item whose dash is at column `dash`.
pub fn block_item(style: &Style, item: &Json, dash: usize) -> String {
    match item {
        Json::Object(m) if !m.is_empty() => {
            let inner = dash + 2;
            let mut out = String::new();
            for (i, (k, v)) in m.iter().enumerate() {
                if i == 0 {
                    out.push(' ');
                } else {
                    out.push('\n');
                    out.push_str(&" ".repeat(inner));
                }
                out.push_str(&key(style, k));
                out.push(':');
                out.push_str(&block_value(style, v, inner));
            }
            out
        }
        other => format!(" {}", inline(style, other, true)),
    }
}

/// JSON pretty-printed with the file's indentation unit, continuing lines at `base` columns.
pub fn json_pretty(style: &Style, value: &Json, base: usize) -> String {
    let unit = " ".repeat(style.step);
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(unit.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    if serde::Serialize::serialize(value, &mut ser).is_err() {
        return "null".into();
    }
    let text = String::from_utf8(buf).unwrap_or_default();
    text.replace('\n', &format!("\n{}", " ".repeat(base)))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// A YAML scalar: plain when that reads back as the same string, else double-quoted (JSON
/// escapes are valid YAML escapes).
pub fn yaml_scalar(value: &Json, flow: bool) -> String {
    match value {
        Json::String(s) if plain_is_safe(s, flow) => s.clone(),
        Json::String(s) => json_string(s),
        Json::Null => "null".into(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn plain_is_safe(s: &str, flow: bool) -> bool {
    const RESERVED: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    // a leading digit could be read as a number or a date; quote it
    if !(first.is_ascii_alphabetic() || first == '/') {
        return false;
    }
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(s)) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.ends_with(' ') {
        return false;
    }
    let special_in_flow = |c: char| flow && matches!(c, ',' | '[' | ']' | '{' | '}' | ':');
    s.chars().all(|c| {
        (c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '+' | ' ' | '*'))
            && !special_in_flow(c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const YAML: Style = Style {
        json: false,
        step: 2,
        sequences_indented: true,
    };

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar(&json!("Enabled"), false), "Enabled");
        assert_eq!(yaml_scalar(&json!("aws:kms"), false), "aws:kms");
        assert_eq!(yaml_scalar(&json!("aws:kms"), true), "\"aws:kms\"");
        assert_eq!(yaml_scalar(&json!("true"), false), "\"true\"");
        assert_eq!(yaml_scalar(&json!("443"), false), "\"443\"");
        assert_eq!(yaml_scalar(&json!("a: b"), false), "\"a: b\"");
        assert_eq!(yaml_scalar(&json!(true), false), "true");
        assert_eq!(yaml_scalar(&json!(7), false), "7");
    }

    #[test]
    fn block_values_nest_with_the_file_indentation() {
        let v = json!({"Status": "Enabled", "Rules": [{"Id": "a", "Days": 3}]});
        assert_eq!(
            block_value(&YAML, &v, 6),
            "\n        Status: Enabled\n        Rules:\n          - Id: a\n            Days: 3"
        );
        let flat = Style {
            sequences_indented: false,
            ..YAML
        };
        assert_eq!(block_value(&flat, &json!(["a"]), 0), "\n- a");
        assert_eq!(block_value(&YAML, &json!([]), 0), " []");
        assert_eq!(
            inline(&YAML, &json!({"a": [1, "x y"]}), true),
            "{a: [1, x y]}"
        );
    }

    #[test]
    fn json_continues_at_the_base_column() {
        let style = Style {
            json: true,
            step: 4,
            sequences_indented: true,
        };
        assert_eq!(
            json_pretty(&style, &json!({"Status": "Enabled"}), 8),
            "{\n            \"Status\": \"Enabled\"\n        }"
        );
        assert_eq!(key(&style, "Status"), "\"Status\"");
    }
}
