//! The template text and helpers over saphyr's `MarkedYaml` nodes: byte ranges (saphyr counts
//! characters, spans need bytes), scalar keys, mapping lookups and intrinsic recognition for
//! both the short (`!Ref`) and the long (`{"Ref": …}`) form.
//!
//! Must never: index text by a position it did not check, or treat a node with saphyr's
//! default (line 0) span as located.

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
    /// Byte offset of every character, present only when the text is not pure ASCII.
    char_bytes: Option<Vec<usize>>,
    /// Bytes skipped before the parsed text (a UTF-8 byte order mark).
    skipped: usize,
}

impl<'a> SourceText<'a> {
    /// `text` is the whole file; `skipped` bytes at its start were not given to the parser.
    pub fn new(file: Arc<str>, text: &'a str, skipped: usize) -> Self {
        let parsed = text.get(skipped..).unwrap_or("");
        let char_bytes =
            (!parsed.is_ascii()).then(|| parsed.char_indices().map(|(i, _)| i + skipped).collect());
        SourceText {
            file,
            text,
            lines: LineIndex::new(text),
            char_bytes,
            skipped,
        }
    }

    /// Byte offset of saphyr's character index.
    pub fn byte(&self, char_index: usize) -> usize {
        match &self.char_bytes {
            None => (char_index + self.skipped).min(self.text.len()),
            Some(bytes) => bytes.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }

    /// Byte range of a node, or `None` when saphyr gave it no position.
    pub fn range(&self, node: &MarkedYaml<'_>) -> Option<Range<usize>> {
        let s = node.span;
        if s.start.line() == 0 {
            return None;
        }
        let start = self.byte(s.start.index());
        let end = self.byte(s.end.index()).max(start);
        Some(start..self.trim_end(start, end))
    }

    /// From the start of `key` to the end of `value`: a property as written.
    pub fn entry_range(
        &self,
        key: &MarkedYaml<'_>,
        value: &MarkedYaml<'_>,
    ) -> Option<Range<usize>> {
        match (self.range(key), self.range(value)) {
            (Some(k), Some(v)) => Some(k.start..v.end.max(k.end)),
            (Some(k), None) => Some(k),
            (None, v) => v,
        }
    }

    /// Block nodes end where the next token starts; pull the end back over trailing blanks
    /// and whole comment lines so a node never covers the comment above its next sibling.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        let bytes = self.text.as_bytes();
        loop {
            while end > start && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
                end -= 1;
            }
            let line_start = self
                .text
                .get(..end)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let is_comment_line = line_start > start
                && self
                    .text
                    .get(line_start..end)
                    .is_some_and(|l| l.trim_start().starts_with('#'));
            if !is_comment_line {
                return end;
            }
            end = line_start;
        }
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
