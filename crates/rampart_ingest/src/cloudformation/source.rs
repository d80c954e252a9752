//! The template text and helpers over saphyr's `MarkedYaml` nodes: byte ranges (saphyr counts
//! characters, spans need bytes: `yaml_spans::ParsedSlice`), scalar keys, mapping lookups and intrinsic recognition for
//! both the short (`!Ref`) and the long (`{"Ref": …}`) form.
//!
//! Must never: index text by a position it did not check, or treat a node with saphyr's
//! default (line 0) span as located.

use crate::yaml_spans::ParsedSlice;
use rampart_model::Span;
use rampart_model::span::LineIndex;
use saphyr::{MarkedYaml, Scalar, YamlData};
use std::ops::Range;
use std::sync::Arc;

/// One template's text, with what is needed to turn saphyr markers into [`Span`]s.
pub struct SourceText<'a> {
    pub file: Arc<str>,
    pub text: &'a str,
    lines: LineIndex,
    /// What was parsed: the text after the skipped bytes.
    parsed: ParsedSlice<'a>,
}

impl<'a> SourceText<'a> {
    /// `text` is the whole file; `skipped` bytes at its start were not given to the parser.
    pub fn new(file: Arc<str>, text: &'a str, skipped: usize) -> Self {
        SourceText {
            file,
            text,
            lines: LineIndex::new(text),
            parsed: ParsedSlice::new(text, skipped..text.len()),
        }
    }

    /// Byte offset of saphyr's character index.
    pub fn byte(&self, char_index: usize) -> usize {
        self.parsed.byte(char_index)
    }

    /// Byte range of a node, or `None` when saphyr gave it no position.
    pub fn range(&self, node: &MarkedYaml<'_>) -> Option<Range<usize>> {
        self.parsed.range(node)
    }

    /// From the start of `key` to the end of `value`: a property as written.
    pub fn entry_range(
        &self,
        key: &MarkedYaml<'_>,
        value: &MarkedYaml<'_>,
    ) -> Option<Range<usize>> {
        self.parsed.entry_range(key, value)
    }

    pub fn span(&self, range: &Range<usize>) -> Span {
        self.lines
            .span(&self.file, self.text, range.start, range.end)
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, byte: usize) -> u32 {
        self.lines.position(self.text, byte).line
    }

    /// Line and 1-based column of a node, `(0, 0)` when unknown (for warnings).
    pub fn position(&self, node: &MarkedYaml<'_>) -> (u32, u32) {
        match self.range(node) {
            Some(r) => {
                let p = self.lines.position(self.text, r.start);
                (p.line, p.column)
            }
            None => (0, 0),
        }
    }
}

/// A scalar as text (`true`, `42`, `x`); `None` for collections, nulls and tagged nodes.
pub fn scalar_text(node: &MarkedYaml<'_>) -> Option<String> {
    match &node.data {
        YamlData::Value(s) => match s {
            Scalar::String(s) => Some(s.to_string()),
            Scalar::Integer(i) => Some(i.to_string()),
            Scalar::FloatingPoint(f) => Some(rampart_model::value::format_number(f.into_inner())),
            Scalar::Boolean(b) => Some(b.to_string()),
            Scalar::Null => None,
        },
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// Entries of a mapping node (empty for anything else), keys as text.
pub fn entries<'n, 'i>(
    node: &'n MarkedYaml<'i>,
) -> impl Iterator<Item = (String, &'n MarkedYaml<'i>, &'n MarkedYaml<'i>)> {
    let map = match &node.data {
        YamlData::Mapping(m) => Some(m),
        _ => None,
    };
    map.into_iter()
        .flat_map(|m| m.iter())
        .filter_map(|(k, v)| scalar_text(k).map(|key| (key, k, v)))
}

/// Value of `key` in a mapping node.
pub fn get<'n, 'i>(node: &'n MarkedYaml<'i>, key: &str) -> Option<&'n MarkedYaml<'i>> {
    entries(node).find(|(k, _, _)| k == key).map(|(_, _, v)| v)
}

/// Key node and value of `key` in a mapping node.
pub fn get_entry<'n, 'i>(
    node: &'n MarkedYaml<'i>,
    key: &str,
) -> Option<(&'n MarkedYaml<'i>, &'n MarkedYaml<'i>)> {
    entries(node)
        .find(|(k, _, _)| k == key)
        .map(|(_, k, v)| (k, v))
}

pub fn is_mapping(node: &MarkedYaml<'_>) -> bool {
    matches!(node.data, YamlData::Mapping(_))
}

pub fn sequence<'n, 'i>(node: &'n MarkedYaml<'i>) -> Option<&'n [MarkedYaml<'i>]> {
    match &node.data {
        YamlData::Sequence(items) => Some(items),
        _ => None,
    }
}

/// The CloudFormation functions Rampart evaluates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Intrinsic {
    Ref,
    Condition,
    GetAtt,
    Sub,
    Join,
    Select,
    Split,
    FindInMap,
    If,
    Equals,
    And,
    Or,
    Not,
    Base64,
    GetAZs,
    ImportValue,
    Cidr,
    Transform,
    ToJsonString,
    Length,
    /// An `Fn::` name Rampart does not know.
    Other(String),
}

impl Intrinsic {
    /// From the long-form key (`Ref`, `Fn::Sub`, `Condition`).
    pub fn from_long(name: &str) -> Option<Intrinsic> {
        match name {
            "Ref" => Some(Intrinsic::Ref),
            "Condition" => Some(Intrinsic::Condition),
            _ => name.strip_prefix("Fn::").map(Self::from_suffix),
        }
    }

    fn from_suffix(suffix: &str) -> Intrinsic {
        match suffix {
            "Ref" => Intrinsic::Ref,
            "Condition" => Intrinsic::Condition,
            "GetAtt" => Intrinsic::GetAtt,
            "Sub" => Intrinsic::Sub,
            "Join" => Intrinsic::Join,
            "Select" => Intrinsic::Select,
            "Split" => Intrinsic::Split,
            "FindInMap" => Intrinsic::FindInMap,
            "If" => Intrinsic::If,
            "Equals" => Intrinsic::Equals,
            "And" => Intrinsic::And,
            "Or" => Intrinsic::Or,
            "Not" => Intrinsic::Not,
            "Base64" => Intrinsic::Base64,
            "GetAZs" => Intrinsic::GetAZs,
            "ImportValue" => Intrinsic::ImportValue,
            "Cidr" => Intrinsic::Cidr,
            "Transform" => Intrinsic::Transform,
            "ToJsonString" => Intrinsic::ToJsonString,
            "Length" => Intrinsic::Length,
            other => Intrinsic::Other(other.to_string()),
        }
    }
}

/// Recognises an intrinsic call: a `!Tag` (short form) or a one-key mapping whose key is `Ref`,
/// `Fn::…` or (when `conditions` is set, inside condition functions) `Condition`.
pub fn intrinsic<'n, 'i>(
    node: &'n MarkedYaml<'i>,
    conditions: bool,
) -> Option<(Intrinsic, &'n MarkedYaml<'i>)> {
    match &node.data {
        YamlData::Tagged(tag, inner) if tag.handle == "!" => {
            Some((Intrinsic::from_suffix(&tag.suffix), inner.as_ref()))
        }
        YamlData::Mapping(m) if m.len() == 1 => {
            let (k, v) = m.iter().next()?;
            let key = scalar_text(k)?;
            if key == "Condition" && !conditions {
                return None;
            }
            Intrinsic::from_long(&key).map(|f| (f, v))
        }
        _ => None,
    }
}
