//! Fixes that edit where a value was really written — a variable default, a tfvars entry, a
//! module call argument — instead of the attribute that reads it. Only when the value flows
//! from there unmodified: the written literal must equal the attribute's value. Otherwise the
//! fix edits the use site, because changing the origin would not produce the wanted value.

use super::{hcl_text, locate};
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use rampart_model::{Edit, Resource, Value};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// The edit at the value's origin, when there is one and the value flows from it unmodified.
pub fn edit_at_origin(
    resource: &Resource,
    path: &str,
    value: &Value,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
) -> Option<Edit> {
    let span = resource.value_origins.get(path)?;
    let text = sources.get(&span.file)?;
    let fragment = text.get(span.start_byte..span.end_byte)?;
    let (range, expr) = expression_in(fragment)?;
    let current = resource.get(path)?;
    if current.contains_unknown() || literal(&expr)? != *current {
        return None;
    }
    let replacement = if span.file.ends_with(".json") {
        // a `.tfvars.json` entry: JSON, and only for scalars (HCL objects are not JSON)
        match value {
            Value::String(_) | Value::Bool(_) | Value::Number(_) => {
                serde_json::to_string(&value.to_json()).ok()?
            }
            _ => return None,
        }
    } else {
        hcl_text::expression(value).ok()?
    };
    Some(Edit {
        file: span.file.to_string(),
        start_byte: span.start_byte + range.start,
        end_byte: span.start_byte + range.end,
        replacement,
    })
}

/// The expression a fragment holds: the fragment itself, or the value of the one attribute
/// it is (`default = "x"`, `name = "x"` in a tfvars file or a module call).
fn expression_in(fragment: &str) -> Option<(Range<usize>, Expression)> {
    let leading = fragment.len() - fragment.trim_start().len();
    if let Ok(expr) = hcl_edit::parser::parse_expr(fragment.trim()) {
        let len = fragment.trim().len();
        return Some((leading..leading + len, expr));
    }
    let body = hcl_edit::parser::parse_body(fragment).ok()?;
    let mut attrs = body.attributes();
    let attr = attrs.next()?;
    if attrs.next().is_some() {
        return None;
    }
    Some((attr.value.span()?, attr.value.clone()))
}

/// The value of a literal expression; `None` for anything computed.
pub fn literal(expr: &Expression) -> Option<Value> {
    Some(match locate::unwrap_parens(expr) {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => Value::Number(n.value().as_f64()?),
        Expression::String(s) => Value::String(s.value().to_string()),
        Expression::Array(a) => Value::List(a.iter().map(literal).collect::<Option<_>>()?),
        Expression::Object(o) => {
            let mut map = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                    ObjectKey::Expression(_) => return None,
                };
                map.insert(key, literal(v.expr())?);
            }
            Value::Map(map)
        }
        _ => return None,
    })
}
