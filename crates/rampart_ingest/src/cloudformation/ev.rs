//! An evaluated template value: what a property becomes once parameters, mappings, conditions
//! and intrinsics are applied, with the byte range where it was written so attributes can point
//! at template lines.
//!
//! Must never: turn an unknown into a guess. An unknown keeps the resource it derives from (for
//! relations) and a readable placeholder (for policy documents and messages).

use rampart_model::Value;
use rampart_model::value::format_number;
use std::collections::BTreeMap;
use std::ops::Range;

/// A value that is only known at deploy time.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Hole {
    /// Logical id of the resource it derives from, when exactly one.
    pub refers_to: Option<String>,
    /// How to show it: `${Bucket.Arn}`, `${AWS::Region}`.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EvKind {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Unknown(Hole),
    List(Vec<Ev>),
    Map(BTreeMap<String, Ev>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Ev {
    pub kind: EvKind,
    /// Where the expression is written: the whole `Key: value` entry inside a mapping.
    pub span: Option<Range<usize>>,
    /// Where the value itself was written when elsewhere (a parameter default, a mapping).
    pub from: Option<Range<usize>>,
    /// For `Fn::Base64` results, the text before encoding (user data is kept readable).
    pub base64_of: Option<String>,
}

impl Ev {
    pub fn new(kind: EvKind, span: Option<Range<usize>>) -> Ev {
        Ev {
            kind,
            span,
            from: None,
            base64_of: None,
        }
    }
    pub fn unknown(refers_to: Option<String>, text: impl Into<String>) -> EvKind {
        EvKind::Unknown(Hole {
            refers_to,
            text: text.into(),
        })
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            EvKind::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&BTreeMap<String, Ev>> {
        match &self.kind {
            EvKind::Map(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&[Ev]> {
        match &self.kind {
            EvKind::List(items) => Some(items),
            _ => None,
        }
    }
    pub fn get(&self, key: &str) -> Option<&Ev> {
        self.as_map().and_then(|m| m.get(key))
    }
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, EvKind::Unknown(_))
    }
    pub fn contains_unknown(&self) -> bool {
        match &self.kind {
            EvKind::Unknown(_) => true,
            EvKind::List(items) => items.iter().any(Ev::contains_unknown),
            EvKind::Map(m) => m.values().any(Ev::contains_unknown),
            _ => false,
        }
    }
    /// Scalar as text for `Fn::Sub`/`Fn::Join`/`Fn::Equals`; `Err` carries the placeholder of an
    /// unknown; `None` for collections and null.
    pub fn text(&self) -> Option<Result<String, &Hole>> {
        match &self.kind {
            EvKind::Str(s) => Some(Ok(s.clone())),
            EvKind::Number(n) => Some(Ok(format_number(*n))),
            EvKind::Bool(b) => Some(Ok(b.to_string())),
            EvKind::Unknown(h) => Some(Err(h)),
            _ => None,
        }
    }
    /// The model value (unknowns keep the resource they refer to).
    pub fn to_value(&self) -> Value {
        match &self.kind {
            EvKind::Null => Value::Null,
            EvKind::Bool(b) => Value::Bool(*b),
            EvKind::Number(n) => Value::Number(*n),
            EvKind::Str(s) => Value::String(s.clone()),
            EvKind::Unknown(h) => match &h.refers_to {
                Some(r) => Value::unknown_ref(r),
                None => Value::unknown(),
            },
            EvKind::List(items) => Value::List(items.iter().map(Ev::to_value).collect()),
            EvKind::Map(m) => {
                Value::Map(m.iter().map(|(k, v)| (k.clone(), v.to_value())).collect())
            }
        }
    }
    /// JSON with unknown leaves shown as their placeholder text (`${Bucket.Arn}`), the way a
    /// policy document must be rendered to be checked at all.
    pub fn to_json_with_placeholders(&self) -> serde_json::Value {
        match &self.kind {
            EvKind::Null => serde_json::Value::Null,
            EvKind::Bool(b) => serde_json::Value::Bool(*b),
            EvKind::Number(n) => Value::Number(*n).to_json(),
            EvKind::Str(s) => serde_json::Value::String(s.clone()),
            EvKind::Unknown(h) => serde_json::Value::String(h.text.clone()),
            EvKind::List(items) => {
                serde_json::Value::Array(items.iter().map(Ev::to_json_with_placeholders).collect())
            }
            EvKind::Map(m) => serde_json::Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), v.to_json_with_placeholders()))
                    .collect(),
            ),
        }
    }
}
