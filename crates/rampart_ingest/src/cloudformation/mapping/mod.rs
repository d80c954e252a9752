//! CloudFormation types in Terraform vocabulary, as data: each [`KindMap`] says which Terraform
//! kind a CloudFormation type becomes and how each property is renamed and reshaped; an
//! optional `extra` function does what a table cannot (settings Terraform keeps in separate
//! resources, defaults CloudFormation applies, values that pick the kind). One file per
//! service. The full table is documented in `docs/cloudformation.md`.
//!
//! Tables applied in code (flattened or split off) are exported for readers of the mapping
//! backwards: `CLOUDFRONT_DISTRIBUTION_CONFIG` (under `DistributionConfig`),
//! `KINESIS_STREAM_ENCRYPTION` (under `StreamEncryption`), `API_GATEWAY_METHOD_SETTING` (each
//! `MethodSettings` item, as the `settings` block of `<Stage>.method_settings.n`).
//!
//! Must never: put a CloudFormation-named attribute on a Terraform kind (rules would read it as
//! absent and misjudge), or guess a value the template does not give.

mod analytics;
mod apigateway;
mod cloudfront;
pub(crate) mod compute;
mod containers;
mod data;
mod databases;
mod governance;
mod iam;
mod network;
mod observability;
mod s3;
mod secrets;
mod streaming;

pub use apigateway::METHOD_SETTING as API_GATEWAY_METHOD_SETTING;
pub use cloudfront::DISTRIBUTION_CONFIG as CLOUDFRONT_DISTRIBUTION_CONFIG;
pub use streaming::STREAM_ENCRYPTION as KINESIS_STREAM_ENCRYPTION;

use super::ev::{Ev, EvKind};
use rampart_model::Value;
use std::collections::BTreeMap;
use std::ops::Range;

/// How a property's value is reshaped into the Terraform attribute.
#[derive(Clone, Copy, Debug)]
pub enum Conv {
    /// As evaluated (maps stay maps, lists stay lists).
    Same,
    Str,
    Bool,
    Num,
    /// A list of strings; a single string becomes a one-item list.
    StrList,
    /// A policy document (map) rendered as a JSON string, as Terraform's `policy` is.
    Json,
    /// `[{Key, Value}]` → `{key = value}`.
    Tags,
    /// A string value renamed through a table (`PublicRead` → `public-read`).
    Values(&'static [(&'static str, &'static str)]),
    /// A map property → one nested block (`[{…}]`) with these fields.
    Block(&'static [Field]),
    /// A list of maps → a list of nested blocks with these fields.
    Blocks(&'static [Field]),
    /// A scalar → one nested block holding it under this name (`IndexDocument` → `index_document { suffix }`).
    Wrap(&'static str),
}

/// One property: CloudFormation name, Terraform name, reshaping.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub cfn: &'static str,
    pub tf: &'static str,
    pub conv: Conv,
}

pub const fn f(cfn: &'static str, tf: &'static str, conv: Conv) -> Field {
    Field { cfn, tf, conv }
}

/// How one CloudFormation type maps.
pub struct KindMap {
    pub cfn_type: &'static str,
    pub kind: &'static str,
    pub fields: &'static [Field],
    pub extra: Option<fn(&mut Mapped, &Props)>,
}

/// Evaluated `Properties` of a resource.
pub type Props = BTreeMap<String, Ev>;

/// One resource being built: attributes, their spans (byte ranges in the template) and where
/// values really came from.
#[derive(Clone, Debug)]
pub struct Draft {
    pub kind: String,
    pub address: String,
    pub origin: Option<Range<usize>>,
    pub attributes: BTreeMap<String, Value>,
    pub spans: BTreeMap<String, Range<usize>>,
    pub value_origins: BTreeMap<String, Range<usize>>,
}

impl Draft {
    pub fn new(kind: &str, address: String, origin: Option<Range<usize>>) -> Draft {
        Draft {
            kind: kind.to_string(),
            address,
            origin,
            attributes: BTreeMap::new(),
            spans: BTreeMap::new(),
            value_origins: BTreeMap::new(),
        }
    }

    /// Sets a top-level attribute from a property, converting and recording spans.
    pub fn set(&mut self, tf: &str, ev: &Ev, conv: Conv) {
        let value = convert(ev, conv, tf, &mut self.spans, &mut self.value_origins);
        self.attributes.insert(tf.to_string(), value);
    }

    /// Sets a top-level attribute to a value Rampart computed, pointing at `span`.
    pub fn put(&mut self, tf: &str, value: Value, span: Option<Range<usize>>) {
        if let Some(s) = span {
            self.spans.insert(tf.to_string(), s);
        }
        self.attributes.insert(tf.to_string(), value);
    }

    /// Sets `field` inside the first item of the nested block `block` (creating the block when
    /// absent), for a property CloudFormation keeps elsewhere than Terraform's block does.
    pub fn set_in_block(
        &mut self,
        block: &str,
        field: &str,
        value: Value,
        span: Option<Range<usize>>,
    ) {
        let slot = self
            .attributes
            .entry(block.to_string())
            .or_insert_with(|| Value::List(vec![Value::Map(BTreeMap::new())]));
        if let Value::List(items) = slot {
            if items.is_empty() {
                items.push(Value::Map(BTreeMap::new()));
            }
            if let Some(Value::Map(first)) = items.first_mut() {
                first.insert(field.to_string(), value);
                if let Some(s) = span {
                    self.spans.insert(format!("{block}.0.{field}"), s);
                }
            }
        }
    }

    /// Applies a field table to a map of properties.
    pub fn fields(&mut self, props: &Props, fields: &[Field]) {
        for field in fields {
            if let Some(ev) = props.get(field.cfn) {
                self.set(field.tf, ev, field.conv);
            }
        }
    }
}

/// A CloudFormation resource mapped: its main resource and the separate resources Terraform
/// would use for some of its settings.
pub struct Mapped {
    pub logical_id: String,
    pub main: Draft,
    pub extra: Vec<Draft>,
}

impl Mapped {
    /// Adds a separate resource `<LogicalId>.<suffix>` configuring the main one, with
    /// `owner_attribute` pointing back at it so relations join them.
    pub fn child(
        &mut self,
        kind: &str,
        suffix: &str,
        owner_attribute: &str,
        origin: Option<Range<usize>>,
    ) -> &mut Draft {
        let mut d = Draft::new(
            kind,
            format!("{}.{suffix}", self.logical_id),
            origin.clone(),
        );
        d.put(
            owner_attribute,
            Value::unknown_ref(&self.logical_id),
            origin,
        );
        self.extra.push(d);
        let last = self.extra.len() - 1;
        &mut self.extra[last]
    }
}

/// Every mapped type.
pub fn table() -> impl Iterator<Item = &'static KindMap> {
    [
        s3::KINDS,
        network::KINDS,
        compute::KINDS,
        iam::KINDS,
        data::KINDS,
        observability::KINDS,
        apigateway::KINDS,
        cloudfront::KINDS,
        analytics::KINDS,
        containers::KINDS,
        databases::KINDS,
        governance::KINDS,
        secrets::KINDS,
        streaming::KINDS,
    ]
    .into_iter()
    .flatten()
}

pub fn lookup(cfn_type: &str) -> Option<&'static KindMap> {
    table().find(|k| k.cfn_type == cfn_type)
}

/// Maps one resource's evaluated properties.
pub fn map_resource(
    kind_map: &KindMap,
    logical_id: &str,
    props: &Props,
    origin: Option<Range<usize>>,
) -> Mapped {
    let mut main = Draft::new(kind_map.kind, logical_id.to_string(), origin);
    main.fields(props, kind_map.fields);
    let mut mapped = Mapped {
        logical_id: logical_id.to_string(),
        main,
        extra: Vec::new(),
    };
    if let Some(extra) = kind_map.extra {
        extra(&mut mapped, props);
    }
    mapped
}

/// Reshapes one value. Spans of nested fields are recorded under `path.i.field`.
pub fn convert(
    ev: &Ev,
    conv: Conv,
    path: &str,
    spans: &mut BTreeMap<String, Range<usize>>,
    origins: &mut BTreeMap<String, Range<usize>>,
) -> Value {
    if let Some(s) = &ev.span {
        spans.insert(path.to_string(), s.clone());
    }
    if let Some(s) = &ev.from {
        origins.insert(path.to_string(), s.clone());
    }
    if let EvKind::Unknown(_) = ev.kind {
        return ev.to_value();
    }
    match conv {
        Conv::Same => ev.to_value(),
        Conv::Str => match &ev.kind {
            EvKind::Number(_) | EvKind::Bool(_) => match ev.text() {
                Some(Ok(s)) => Value::String(s),
                _ => ev.to_value(),
            },
            _ => ev.to_value(),
        },
        Conv::Bool => match &ev.kind {
            EvKind::Str(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
            EvKind::Str(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
            _ => ev.to_value(),
        },
        Conv::Num => match &ev.kind {
            EvKind::Str(s) => s
                .trim()
                .parse::<f64>()
                .map(Value::Number)
                .unwrap_or_else(|_| ev.to_value()),
            _ => ev.to_value(),
        },
        Conv::StrList => match &ev.kind {
            EvKind::List(items) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        convert(item, Conv::Str, &format!("{path}.{i}"), spans, origins)
                    })
                    .collect(),
            ),
            _ => Value::List(vec![convert(
                ev,
                Conv::Str,
                &format!("{path}.0"),
                spans,
                origins,
            )]),
        },
        Conv::Json => match &ev.kind {
            EvKind::Str(s) => Value::String(s.clone()),
            _ => Value::String(ev.to_json_with_placeholders().to_string()),
        },
        Conv::Tags => match &ev.kind {
            EvKind::List(items) => {
                let mut tags = BTreeMap::new();
                for item in items {
                    let key = item.get("Key").and_then(|k| k.text()).and_then(Result::ok);
                    if let Some(key) = key {
                        let value = item.get("Value").map(Ev::to_value).unwrap_or(Value::Null);
                        if let Some(s) = &item.span {
                            spans.insert(format!("{path}.{key}"), s.clone());
                        }
                        tags.insert(key, value);
                    }
                }
                Value::Map(tags)
            }
            _ => ev.to_value(),
        },
        Conv::Values(table) => match &ev.kind {
            EvKind::Str(s) => Value::String(
                table
                    .iter()
                    .find(|(from, _)| from.eq_ignore_ascii_case(s))
                    .map(|(_, to)| to.to_string())
                    .unwrap_or_else(|| s.clone()),
            ),
            _ => ev.to_value(),
        },
        Conv::Block(fields) => match &ev.kind {
            EvKind::Map(m) => Value::List(vec![block(
                m,
                fields,
                &format!("{path}.0"),
                ev,
                spans,
                origins,
            )]),
            _ => ev.to_value(),
        },
        Conv::Blocks(fields) => match &ev.kind {
            EvKind::List(items) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match &item.kind {
                        EvKind::Map(m) => {
                            block(m, fields, &format!("{path}.{i}"), item, spans, origins)
                        }
                        _ => item.to_value(),
                    })
                    .collect(),
            ),
            EvKind::Map(m) => Value::List(vec![block(
                m,
                fields,
                &format!("{path}.0"),
                ev,
                spans,
                origins,
            )]),
            _ => ev.to_value(),
        },
        Conv::Wrap(name) => {
            let mut m = BTreeMap::new();
            m.insert(name.to_string(), ev.to_value());
            if let Some(s) = &ev.span {
                spans.insert(format!("{path}.0.{name}"), s.clone());
            }
            Value::List(vec![Value::Map(m)])
        }
    }
}

fn block(
    m: &BTreeMap<String, Ev>,
    fields: &[Field],
    path: &str,
    whole: &Ev,
    spans: &mut BTreeMap<String, Range<usize>>,
    origins: &mut BTreeMap<String, Range<usize>>,
) -> Value {
    if let Some(s) = &whole.span {
        spans.insert(path.to_string(), s.clone());
    }
    let mut out = BTreeMap::new();
    for field in fields {
        if let Some(ev) = m.get(field.cfn) {
            let v = convert(
                ev,
                field.conv,
                &format!("{path}.{}", field.tf),
                spans,
                origins,
            );
            out.insert(field.tf.to_string(), v);
        }
    }
    Value::Map(out)
}

/// A nested block built by hand: `[{…}]` from a list of (tf name, property, conv).
pub fn block_of(props: &Props, fields: &[Field]) -> Option<Value> {
    let mut out = BTreeMap::new();
    let mut spans = BTreeMap::new();
    let mut origins = BTreeMap::new();
    for field in fields {
        if let Some(ev) = props.get(field.cfn) {
            out.insert(
                field.tf.to_string(),
                convert(ev, field.conv, field.tf, &mut spans, &mut origins),
            );
        }
    }
    (!out.is_empty()).then(|| Value::List(vec![Value::Map(out)]))
}

/// The `Tags` field every taggable type shares.
pub const TAGS: Field = f("Tags", "tags", Conv::Tags);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_type_is_mapped_once_and_documented() {
        let doc_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cloudformation.md");
        let doc = std::fs::read_to_string(doc_path).expect("docs/cloudformation.md");
        let mut seen = BTreeSet::new();
        for k in table() {
            assert!(seen.insert(k.cfn_type), "{} mapped twice", k.cfn_type);
            assert!(
                doc.contains(&format!("`{}`", k.cfn_type)),
                "{} not in the doc",
                k.cfn_type
            );
            assert!(
                doc.contains(&format!("`{}`", k.kind)),
                "{} not in the doc",
                k.kind
            );
            assert!(
                k.kind.starts_with("aws_"),
                "{} is not a Terraform kind",
                k.kind
            );
        }
        // exactly the types of the doc's mapping table: the `AWS::…` names in the first cell
        let documented: BTreeSet<&str> = doc
            .lines()
            .filter(|l| l.starts_with("| `AWS::"))
            .filter_map(|l| l.get(2..).and_then(|row| row.split(" |").next()))
            .flat_map(|first| first.split('`'))
            .filter(|t| t.starts_with("AWS::"))
            .collect();
        assert_eq!(
            seen, documented,
            "mapped CloudFormation types and the table in docs/cloudformation.md differ"
        );
    }
}
