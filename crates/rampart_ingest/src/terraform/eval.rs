//! Expression evaluation and block-to-value conversion. (First cut: literals only; references,
//! functions, count/for_each and modules come from the full evaluator.)

use super::parse::ParsedFile;
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use rampart_model::{LoadError, Origin, Resource, Value};
use std::collections::BTreeMap;

pub fn resources_of_file(file: &ParsedFile, _errors: &mut Vec<LoadError>) -> Vec<Resource> {
    let mut out = Vec::new();
    for block in file.body.blocks() {
        let ident = block.ident.value().as_str();
        if ident != "resource" && ident != "data" {
            continue;
        }
        let (Some(kind), Some(name)) = (block.labels.first(), block.labels.get(1)) else {
            continue;
        };
        let address = if ident == "data" {
            format!("data.{}.{}", kind.as_str(), name.as_str())
        } else {
            format!("{}.{}", kind.as_str(), name.as_str())
        };
        let Some(span) = file.span(block.span()) else {
            continue;
        };
        let mut r = Resource::new(kind.as_str(), address, Origin::Code { span });
        r.name = name.as_str().to_string();
        if ident == "data" {
            r.mode = rampart_model::Mode::Data;
        }
        let mut spans = BTreeMap::new();
        r.attributes = body_to_map(file, &block.body, "", &mut spans);
        r.attribute_spans = spans;
        out.push(r);
    }
    let mut refs: Vec<&mut Resource> = out.iter_mut().collect();
    crate::suppress::attach(&file.text, &mut refs);
    out
}

/// Converts a block body: attributes to values, nested blocks to lists of maps.
pub fn body_to_map(
    file: &ParsedFile,
    body: &Body,
    prefix: &str,
    spans: &mut BTreeMap<String, rampart_model::Span>,
) -> BTreeMap<String, Value> {
    let mut map = BTreeMap::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let key = a.key.value().as_str().to_string();
                if let Some(sp) = file.span(a.span()) {
                    spans.insert(format!("{prefix}{key}"), sp);
                }
                map.insert(key, literal(&a.value));
            }
            Structure::Block(b) => {
                let key = b.ident.value().as_str().to_string();
                let entry = map
                    .entry(key.clone())
                    .or_insert_with(|| Value::List(Vec::new()));
                if let Value::List(items) = entry {
                    let path = format!("{prefix}{key}.{}", items.len());
                    if let Some(sp) = file.span(b.span()) {
                        spans.insert(path.clone(), sp);
                    }
                    let inner = body_to_map(file, &b.body, &format!("{path}."), spans);
                    items.push(Value::Map(inner));
                }
            }
        }
    }
    map
}

/// Literal evaluation: anything that is not a literal is Unknown.
pub fn literal(expr: &Expression) -> Value {
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => n
            .value()
            .as_f64()
            .map(Value::Number)
            .unwrap_or_else(Value::unknown),
        Expression::String(s) => Value::String(s.value().clone()),
        Expression::Array(a) => Value::List(a.iter().map(literal).collect()),
        Expression::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.value().as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    ObjectKey::Expression(_) => return Value::unknown(),
                };
                m.insert(key, literal(v.expr()));
            }
            Value::Map(m)
        }
        Expression::Parenthesis(p) => literal(p.inner()),
        Expression::StringTemplate(t) => literal_template(t.iter()),
        Expression::HeredocTemplate(h) => literal_template(h.template.iter()),
        _ => Value::unknown(),
    }
}

fn literal_template<'a>(elements: impl Iterator<Item = &'a hcl_edit::template::Element>) -> Value {
    let mut out = String::new();
    for e in elements {
        match e {
            hcl_edit::template::Element::Literal(l) => out.push_str(l.value()),
            _ => return Value::unknown(),
        }
    }
    Value::String(out)
}
