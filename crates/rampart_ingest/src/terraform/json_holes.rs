//! JSON text with unknown parts ("holes") read as a structured value whose unknown leaves are
//! `Value::Unknown`, so a policy written as a heredoc with `"Resource": "${aws_sqs_queue.q.arn}"`
//! or an `aws_iam_policy_document` whose `resources` are references is still a document: its
//! known principal and actions can prove it public whatever the ARN is. The same structured
//! form is what `jsonencode` of a partially known value returns, so readers of JSON attributes
//! handle one shape.
//!
//! A hole is written into the text as a marker of private-use characters around its number;
//! after parsing, a string that is only a marker becomes that hole's Unknown (keeping the
//! address it refers to) and a string with a marker inside becomes an Unknown too (a partly
//! known string is not a known one).
//!
//! Must never: read a marker-shaped text the user wrote as a hole (texts that already hold the
//! marker characters are not read this way), or return a document whose structure depends on
//! an unknown (a hole as an object key, or the text does not parse: the caller keeps its
//! opaque Unknown).

use rampart_model::{Unknown, Value};
use std::collections::BTreeMap;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The holes written into one text, in order.
#[derive(Default)]
pub struct Holes {
    unknowns: Vec<Unknown>,
}

impl Holes {
    pub fn is_empty(&self) -> bool {
        self.unknowns.is_empty()
    }

    /// The marker standing for `unknown` in the text.
    pub fn mark(&mut self, unknown: Unknown) -> String {
        let n = self.unknowns.len();
        self.unknowns.push(unknown);
        format!("{OPEN}{n}{CLOSE}")
    }

    /// The first hole, as the opaque Unknown a caller falls back to.
    pub fn first(&self) -> Value {
        Value::Unknown(self.unknowns.first().cloned().unwrap_or_default())
    }

    /// Reads `text` (JSON with markers) as a value with Unknown leaves; `None` when it is not
    /// JSON once holes are values, or when a hole decides its structure.
    pub fn parse(&self, text: &str) -> Option<Value> {
        let trimmed = text.trim_start();
        if !(trimmed.starts_with('{') || trimmed.starts_with('[')) {
            return None;
        }
        let quoted = quote_bare_markers(text);
        let json: serde_json::Value = serde_json::from_str(&quoted).ok()?;
        self.fill(Value::from_json(&json))
    }

    /// Replaces marker strings in `value` (built with strings from [`Holes::mark`]) by their
    /// Unknowns; `None` when a map key holds a marker.
    pub fn fill(&self, value: Value) -> Option<Value> {
        Some(match value {
            Value::String(s) if s.contains(OPEN) => Value::Unknown(self.unknown_in(&s)),
            Value::List(items) => Value::List(
                items
                    .into_iter()
                    .map(|v| self.fill(v))
                    .collect::<Option<_>>()?,
            ),
            Value::Map(m) => {
                let mut out = BTreeMap::new();
                for (k, v) in m {
                    if k.contains(OPEN) {
                        return None;
                    }
                    out.insert(k, self.fill(v)?);
                }
                Value::Map(out)
            }
            other => other,
        })
    }

    /// The Unknown a string with markers stands for: the hole's own when the string is one
    /// marker, else an Unknown referring to what its first hole refers to.
    fn unknown_in(&self, s: &str) -> Unknown {
        let first = s
            .split(OPEN)
            .nth(1)
            .and_then(|rest| rest.split(CLOSE).next())
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| self.unknowns.get(n));
        match first {
            Some(u) => u.clone(),
            None => Unknown::default(),
        }
    }
}

/// Whether a text the user wrote could be confused with markers.
pub fn holds_marker_chars(text: &str) -> bool {
    text.contains(OPEN) || text.contains(CLOSE)
}

/// Puts quotes around markers that stand where a JSON value goes (`"Statement": ${x}`), so the
/// text parses with the hole as an unknown value; markers inside strings stay as they are.
fn quote_bare_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_string = false;
    let mut escaped = false;
    let mut in_bare_marker = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            OPEN => {
                in_bare_marker = true;
                out.push('"');
                out.push(c);
            }
            CLOSE if in_bare_marker => {
                in_bare_marker = false;
                out.push(c);
                out.push('"');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn refers(address: &str) -> Unknown {
        Unknown {
            refers_to: Some(Arc::from(address)),
        }
    }

    #[test]
    fn a_hole_inside_a_string_is_an_unknown_leaf_with_its_address() {
        let mut holes = Holes::default();
        let m = holes.mark(refers("aws_sqs_queue.q"));
        let text = format!(r#"{{"Statement": [{{"Principal": "*", "Resource": "{m}"}}]}}"#);
        let v = holes.parse(&text).expect("parses");
        let statement = &v.as_map().unwrap()["Statement"].as_list().unwrap()[0];
        assert_eq!(statement.as_map().unwrap()["Principal"], Value::from("*"));
        assert_eq!(
            statement.as_map().unwrap()["Resource"],
            Value::Unknown(refers("aws_sqs_queue.q"))
        );
    }

    #[test]
    fn a_partly_known_string_is_unknown_not_its_known_part() {
        let mut holes = Holes::default();
        let m = holes.mark(Unknown::default());
        let v = holes
            .parse(&format!(r#"{{"Resource": "arn:aws:s3:::{m}/*"}}"#))
            .expect("parses");
        assert!(v.as_map().unwrap()["Resource"].is_unknown());
    }

    #[test]
    fn a_hole_where_a_value_goes_parses_as_that_value() {
        let mut holes = Holes::default();
        let m = holes.mark(refers("local.statements"));
        let v = holes
            .parse(&format!(r#"{{"Version": "2012-10-17", "Statement": {m}}}"#))
            .expect("parses");
        assert_eq!(
            v.as_map().unwrap()["Statement"],
            Value::Unknown(refers("local.statements"))
        );
        assert_eq!(v.as_map().unwrap()["Version"], Value::from("2012-10-17"));
    }

    #[test]
    fn structure_decided_by_a_hole_is_not_read() {
        let mut holes = Holes::default();
        let m = holes.mark(Unknown::default());
        // a hole as a key, a hole that splits the syntax, a text that is not JSON
        assert_eq!(holes.parse(&format!(r#"{{"{m}": "x"}}"#)), None);
        assert_eq!(holes.parse(&format!(r#"{{"a": [1, {m} 2]}}"#)), None);
        assert_eq!(holes.parse(&format!("name-{m}")), None);
        assert_eq!(holes.parse(&format!("{{\"a\": \"{m}\"")), None);
    }

    #[test]
    fn escaped_quotes_keep_the_string_state() {
        let mut holes = Holes::default();
        let m = holes.mark(Unknown::default());
        let v = holes
            .parse(&format!(r#"{{"a": "say \"{m}\" now", "b": {m}}}"#))
            .expect("parses");
        let map = v.as_map().unwrap();
        assert!(map["a"].is_unknown());
        assert!(map["b"].is_unknown());
    }
}
