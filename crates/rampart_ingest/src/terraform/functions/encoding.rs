//! Encoding functions: `jsonencode` (byte-for-byte Terraform's output: compact, keys sorted,
//! `<`, `>`, `&`, U+2028 and U+2029 escaped as Go does), `jsondecode`, `yamlencode` (block
//! style, strings double-quoted as Terraform prints them), `yamldecode` (saphyr),
//! `base64encode`/`base64decode`, `urlencode` (Go's `QueryEscape`) and `csvdecode`.
//!
//! Must never: encode an Unknown as if it were known, or recurse without a depth bound on
//! decoded input (serde_json stops at 128 levels; saphyr bounds aliases).

use super::{Function, string_arg, to_string_value, type_name};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rampart_model::Value;
use rampart_model::value::format_number;
use saphyr::{LoadableYamlNode, Scalar, Yaml};
use std::collections::BTreeMap;
use std::fmt::Write;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::handled("jsonencode", 1, 1, jsonencode),
    Function::handled("jsondecode", 1, 1, jsondecode),
    Function::strict("yamlencode", 1, 1, yamlencode),
    Function::strict("yamldecode", 1, 1, yamldecode),
    Function::strict("base64encode", 1, 1, base64encode),
    Function::strict("base64decode", 1, 1, base64decode),
    Function::strict("urlencode", 1, 1, urlencode),
    Function::strict("csvdecode", 1, 1, csvdecode),
    Function::strict("base64gzip", 1, 1, super::text_encodings::base64gzip),
    Function::strict(
        "textencodebase64",
        2,
        2,
        super::text_encodings::textencodebase64,
    ),
    Function::strict(
        "textdecodebase64",
        2,
        2,
        super::text_encodings::textdecodebase64,
    ),
];

/// Deepest value we encode; deeper trees only come from hostile input.
const MAX_DEPTH: usize = 200;

/// A JSON string literal as Go's encoding/json writes it.
pub(super) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Terraform's `jsonencode` of a known value.
pub(super) fn json_encode(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_json(value, &mut out, 0)?;
    Ok(out)
}

fn write_json(value: &Value, out: &mut String, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("the value is nested too deeply to encode".into());
    }
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => out.push_str(&format_number(*n)),
        Value::Number(_) => return Err("an infinite number cannot be encoded as JSON".into()),
        Value::String(s) => out.push_str(&json_string(s)),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out, depth + 1)?;
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&json_string(key));
                out.push(':');
                write_json(item, out, depth + 1)?;
            }
            out.push('}');
        }
        Value::Unknown(_) => return Err("an unknown value cannot be encoded".into()),
    }
    Ok(())
}

/// A document with unknown leaves (`Resource = aws_s3_bucket.b.arn` inside a policy) cannot be
/// a string yet, but most of it is known: it is returned as the structured value itself, so
/// readers of JSON attributes (policy views) can still prove what the known parts say. Anything
/// that needs the text (interpolation, string functions) sees a non-string and goes Unknown.
fn jsonencode(args: &[Value]) -> Result<Value, String> {
    let value = args.first().unwrap_or(&Value::Null);
    match value {
        Value::Unknown(_) => Ok(value.clone()),
        Value::Map(_) | Value::List(_) if value.contains_unknown() => Ok(value.clone()),
        _ => Ok(Value::String(json_encode(value)?)),
    }
}

fn jsondecode(args: &[Value]) -> Result<Value, String> {
    // the partially known document `jsonencode` kept structured decodes to itself
    if let Some(v @ (Value::Map(_) | Value::List(_) | Value::Unknown(_))) = args.first() {
        return Ok(v.clone());
    }
    let text = string_arg(args, 0)?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("the string is not valid JSON: {e}"))?;
    Ok(Value::from_json(&json))
}

fn yamlencode(args: &[Value]) -> Result<Value, String> {
    let value = args.first().unwrap_or(&Value::Null);
    let mut out = String::new();
    write_yaml_document(value, &mut out)?;
    Ok(Value::String(out))
}

fn yaml_scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(format_number(*n)),
        Value::String(s) => Some(yaml_quoted(s)),
        Value::List(items) if items.is_empty() => Some("[]".into()),
        Value::Map(map) if map.is_empty() => Some("{}".into()),
        _ => None,
    }
}

/// A double-quoted YAML scalar.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write_yaml_document(value: &Value, out: &mut String) -> Result<(), String> {
    if let Some(scalar) = yaml_scalar(value) {
        out.push_str(&scalar);
        out.push('\n');
        return Ok(());
    }
    write_yaml_block(value, out, 0, 0)
}

/// Writes a non-empty list or map in block style. `indent` is the column of its entries;
/// the first line starts where the caller left the cursor (after `- ` for nested items).
fn write_yaml_block(
    value: &Value,
    out: &mut String,
    indent: usize,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err("the value is nested too deeply to encode".into());
    }
    let padding = " ".repeat(indent);
    match value {
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&padding);
                }
                out.push_str("- ");
                match yaml_scalar(item) {
                    Some(scalar) => {
                        out.push_str(&scalar);
                        out.push('\n');
                    }
                    None => write_yaml_block(item, out, indent + 2, depth + 1)?,
                }
            }
        }
        Value::Map(map) => {
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(&padding);
                }
                out.push_str(&yaml_quoted(key));
                out.push(':');
                match (yaml_scalar(item), item) {
                    (Some(scalar), _) => {
                        out.push(' ');
                        out.push_str(&scalar);
                        out.push('\n');
                    }
                    // A sequence under a key is not indented, as Terraform prints it.
                    (None, Value::List(_)) => {
                        out.push('\n');
                        out.push_str(&padding);
                        write_yaml_block(item, out, indent, depth + 1)?;
                    }
                    (None, _) => {
                        out.push('\n');
                        out.push_str(&padding);
                        out.push_str("  ");
                        write_yaml_block(item, out, indent + 2, depth + 1)?;
                    }
                }
            }
        }
        Value::Unknown(_) => return Err("an unknown value cannot be encoded".into()),
        scalar => {
            out.push_str(&yaml_scalar(scalar).unwrap_or_default());
            out.push('\n');
        }
    }
    Ok(())
}

fn yamldecode(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let documents =
        Yaml::load_from_str(&text).map_err(|e| format!("the string is not valid YAML: {e}"))?;
    match documents.as_slice() {
        [] => Ok(Value::Null),
        [document] => yaml_to_value(document, 0),
        _ => Err("the string holds several YAML documents; yamldecode takes exactly one".into()),
    }
}

fn scalar_to_value(scalar: &Scalar<'_>) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number(*i as f64),
        Scalar::FloatingPoint(f) => Value::Number(f.into_inner()),
        Scalar::String(s) => Value::String(s.to_string()),
    }
}

fn yaml_key(node: &Yaml<'_>) -> Result<String, String> {
    match yaml_to_value(node, 0)? {
        Value::String(s) => Ok(s),
        Value::Null => Ok("null".into()),
        scalar @ (Value::Bool(_) | Value::Number(_)) => to_string_value(&scalar),
        other => Err(format!(
            "a YAML mapping key must be a scalar, not a {}",
            type_name(&other)
        )),
    }
}

fn yaml_to_value(node: &Yaml<'_>, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("the YAML document is nested too deeply".into());
    }
    match node {
        Yaml::Value(scalar) => Ok(scalar_to_value(scalar)),
        Yaml::Representation(text, _, _) => Ok(Value::String(text.to_string())),
        Yaml::Sequence(items) => items
            .iter()
            .map(|item| yaml_to_value(item, depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::List),
        Yaml::Mapping(mapping) => {
            let mut map = BTreeMap::new();
            for (key, item) in mapping {
                map.insert(yaml_key(key)?, yaml_to_value(item, depth + 1)?);
            }
            Ok(Value::Map(map))
        }
        Yaml::Tagged(tag, inner) => {
            if tag.is_yaml_core_schema() || tag.handle == "!!" {
                yaml_to_value(inner, depth + 1)
            } else {
                Err(format!(
                    "unsupported YAML tag `{}{}`",
                    tag.handle, tag.suffix
                ))
            }
        }
        Yaml::Alias(_) => Err("unresolved YAML alias".into()),
        Yaml::BadValue => Err("invalid YAML value".into()),
    }
}

fn base64encode(args: &[Value]) -> Result<Value, String> {
    Ok(Value::String(STANDARD.encode(string_arg(args, 0)?)))
}

fn base64decode(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|e| format!("failed to decode base64 data: {e}"))?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|_| "the decoded data is not valid UTF-8; Terraform strings must be text".into())
}

/// Go's `url.QueryEscape`: unreserved bytes stay, a space becomes `+`, the rest `%XX`.
fn urlencode(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => {
                let _ = write!(out, "%{other:02X}");
            }
        }
    }
    Ok(Value::String(out))
}

/// Splits CSV text (RFC 4180: quoted fields, doubled quotes) into records; empty lines skip.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut at_field_start = true;
    let mut in_record = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => {
                at_field_start = false;
                in_record = true;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(inner) => {
                            if inner == '\n' {
                                line += 1;
                            }
                            field.push(inner);
                        }
                        None => return Err(format!("line {line}: a quoted field is not closed")),
                    }
                }
                if !matches!(chars.peek(), None | Some(',' | '\n' | '\r')) {
                    return Err(format!("line {line}: extra text after a closing quote"));
                }
            }
            '"' => return Err(format!("line {line}: a bare quote in an unquoted field")),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
                in_record = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if in_record {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                at_field_start = true;
                in_record = false;
                line += 1;
            }
            other => {
                field.push(other);
                at_field_start = false;
                in_record = true;
            }
        }
    }
    if in_record {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

fn csvdecode(args: &[Value]) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    let mut records = parse_csv(&text)?.into_iter();
    let header = records
        .next()
        .ok_or("missing header line; the first line must name the columns")?;
    let mut rows = Vec::new();
    for (index, record) in records.enumerate() {
        if record.len() != header.len() {
            return Err(format!(
                "record {} has {} fields but the header has {}",
                index + 1,
                record.len(),
                header.len()
            ));
        }
        let row: BTreeMap<String, Value> = header
            .iter()
            .cloned()
            .zip(record.into_iter().map(Value::String))
            .collect();
        rows.push(Value::Map(row));
    }
    Ok(Value::List(rows))
}

#[cfg(test)]
mod tests {
    use super::super::call;
    use super::super::test_support::*;
    use rampart_model::Value;

    #[test]
    fn jsonencode_matches_terraform_bytes() {
        assert_eq!(
            ok("jsonencode", vec![map(&[("b", n(1.0)), ("a", s("<x>"))])]),
            s(r#"{"a":"\u003cx\u003e","b":1}"#)
        );
        assert_eq!(
            ok("jsonencode", vec![map(&[("hello", s("world"))])]),
            s(r#"{"hello":"world"}"#)
        );
        assert_eq!(
            ok(
                "jsonencode",
                vec![list(vec![
                    n(1.5),
                    Value::Bool(true),
                    Value::Null,
                    s("a&b\n")
                ])]
            ),
            s(r#"[1.5,true,null,"a\u0026b\n"]"#)
        );
        assert_eq!(ok("jsonencode", vec![s("\u{1}")]), s(r#""\u0001""#));
        let partial = map(&[("a", unknown())]);
        assert_eq!(
            ok("jsonencode", vec![partial.clone()]),
            partial,
            "partially known documents stay structured"
        );
        assert_eq!(ok("jsondecode", vec![partial.clone()]), partial);
        assert_eq!(ok("jsonencode", vec![unknown()]), unknown());
    }

    #[test]
    fn jsondecode_round_trips() {
        assert_eq!(
            ok("jsondecode", vec![s(r#"{"hello": "world"}"#)]),
            map(&[("hello", s("world"))])
        );
        assert_eq!(ok("jsondecode", vec![s("true")]), Value::Bool(true));
        assert_eq!(
            ok("jsondecode", vec![s("[1, 2.5]")]),
            list(vec![n(1.0), n(2.5)])
        );
        assert!(err("jsondecode", vec![s("{")]).contains("not valid JSON"));
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(err("jsondecode", vec![s(&deep)]).contains("not valid JSON"));
    }

    #[test]
    fn yamlencode_follows_the_docs() {
        assert_eq!(
            ok("yamlencode", vec![map(&[("a", s("b")), ("c", s("d"))])]),
            s("\"a\": \"b\"\n\"c\": \"d\"\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![map(&[
                    ("foo", list(vec![n(1.0), n(2.0), n(3.0)])),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![map(&[
                    (
                        "foo",
                        list(vec![n(1.0), map(&[("a", s("b")), ("c", s("d"))]), n(3.0)])
                    ),
                    ("bar", s("baz"))
                ])]
            ),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")
        );
        assert_eq!(
            ok(
                "yamlencode",
                vec![map(&[("a", map(&[("b", list(vec![]))]))])]
            ),
            s("\"a\":\n  \"b\": []\n")
        );
        assert_eq!(ok("yamlencode", vec![s("x")]), s("\"x\"\n"));
    }

    #[test]
    fn yamldecode_reads_scalars_maps_and_anchors() {
        assert_eq!(
            ok("yamldecode", vec![s("hello: world")]),
            map(&[("hello", s("world"))])
        );
        assert_eq!(ok("yamldecode", vec![s("true")]), Value::Bool(true));
        assert_eq!(
            ok("yamldecode", vec![s("{a: &foo [1, 2, 3], b: *foo}")]),
            map(&[
                ("a", list(vec![n(1.0), n(2.0), n(3.0)])),
                ("b", list(vec![n(1.0), n(2.0), n(3.0)]))
            ])
        );
        assert_eq!(
            ok("yamldecode", vec![s("1: x\n2.5: [a, null]")]),
            map(&[("1", s("x")), ("2.5", list(vec![s("a"), Value::Null]))])
        );
        assert_eq!(ok("yamldecode", vec![s("")]), Value::Null);
        assert!(err("yamldecode", vec![s("a: [")]).contains("not valid YAML"));
        assert!(err("yamldecode", vec![s("a\n---\nb")]).contains("several YAML documents"));
        let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(call("yamldecode", vec![s(&deep)]).is_err());
        assert_eq!(
            ok("yamldecode", vec![s("a: !!str 12")]),
            map(&[("a", s("12"))])
        );
    }

    #[test]
    fn base64_url_and_csv() {
        assert_eq!(
            ok("base64encode", vec![s("Hello World")]),
            s("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            ok("base64decode", vec![s("SGVsbG8gV29ybGQ=")]),
            s("Hello World")
        );
        assert!(err("base64decode", vec![s("!!")]).contains("base64"));
        assert!(err("base64decode", vec![s("/w==")]).contains("UTF-8"));
        assert_eq!(
            ok("urlencode", vec![s("Hello World!")]),
            s("Hello+World%21")
        );
        assert_eq!(ok("urlencode", vec![s("☃")]), s("%E2%98%83"));
        assert_eq!(ok("urlencode", vec![s("a-b_c.d~e/f")]), s("a-b_c.d~e%2Ff"));
        assert_eq!(
            ok("csvdecode", vec![s("a,b,c\n1,2,3\n4,5,6")]),
            list(vec![
                map(&[("a", s("1")), ("b", s("2")), ("c", s("3"))]),
                map(&[("a", s("4")), ("b", s("5")), ("c", s("6"))])
            ])
        );
        assert_eq!(
            ok(
                "csvdecode",
                vec![s("name,note\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n")]
            ),
            list(vec![map(&[("name", s("x, y")), ("note", s("say \"hi\""))])])
        );
        assert_eq!(
            ok("csvdecode", vec![s("a,b\n1,\n")]),
            list(vec![map(&[("a", s("1")), ("b", s(""))])])
        );
        assert!(err("csvdecode", vec![s("a,b\n1,2,3")]).contains("record 1 has 3 fields"));
        assert!(err("csvdecode", vec![s("")]).contains("missing header"));
    }
}
