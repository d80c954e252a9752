//! A CloudFormation template (YAML or JSON) as an owned tree of byte ranges, built from
//! saphyr's marked nodes: every mapping entry knows where its key and value are written, every
//! node whether it is block style or flow style (JSON is all flow). Value ranges cover what
//! must be replaced to change a value: quotes of a quoted scalar, the tag of `!Ref x`, the
//! closing bracket of a flow collection, the `|` of a block scalar.
//!
//! Reads only; never edits text and never indexes it at an unchecked position.

use rampart_ingest::cloudformation::source::SourceText;
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use std::ops::Range;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Node {
    pub range: Range<usize>,
    /// Written in flow style (`{…}`, `[…]`, or any JSON).
    pub flow: bool,
    pub kind: NodeKind,
}

#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A plain or quoted scalar; `None` for null.
    Scalar(Option<String>),
    /// An intrinsic in short form (`!Ref Name`) or anything else Rampart does not look into.
    Opaque,
    Map(Vec<Entry>),
    Seq(Vec<Node>),
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    pub key_range: Range<usize>,
    pub value: Node,
}

/// A parsed template and its text.
pub struct Template {
    pub text: Arc<str>,
    pub json: bool,
    pub root: Node,
}

impl Template {
    pub fn parse(file: &Arc<str>, text: &Arc<str>) -> Result<Template, String> {
        let skipped = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = text.get(skipped..).unwrap_or("");
        let docs = MarkedYaml::load_from_str(body)
            .map_err(|e| format!("the template does not parse: {}", e.info()))?;
        let doc = docs
            .first()
            .ok_or_else(|| "the template is empty".to_string())?;
        let src = SourceText::new(file.clone(), text, skipped);
        let json = body.trim_start().starts_with('{');
        let root =
            build(&src, doc, json, 0).ok_or_else(|| "the template has no body".to_string())?;
        Ok(Template {
            text: text.clone(),
            json,
            root,
        })
    }

    /// The first YAML document within `range` of `text` (one document of a multi-document
    /// stream); node ranges stay offsets into the whole `text`.
    pub fn parse_range(
        file: &Arc<str>,
        text: &Arc<str>,
        range: Range<usize>,
    ) -> Result<Template, String> {
        let body = text.get(range.clone()).unwrap_or("");
        let up_to_end = text.get(..range.end).unwrap_or("");
        let docs = MarkedYaml::load_from_str(body)
            .map_err(|e| format!("the document does not parse: {}", e.info()))?;
        let doc = docs
            .first()
            .ok_or_else(|| "the document is empty".to_string())?;
        let src = SourceText::new(file.clone(), up_to_end, range.start);
        let json = body.trim_start().starts_with('{');
        let root =
            build(&src, doc, json, 0).ok_or_else(|| "the document has no body".to_string())?;
        Ok(Template {
            text: text.clone(),
            json,
            root,
        })
    }

    /// The `Resources` entry of `logical_id`.
    pub fn resource(&self, logical_id: &str) -> Option<&Entry> {
        self.root.get("Resources")?.entry(logical_id)
    }

    /// The `Type` of a resource.
    pub fn resource_type(&self, logical_id: &str) -> Option<String> {
        match &self.resource(logical_id)?.value.get("Type")?.kind {
            NodeKind::Scalar(Some(t)) => Some(t.clone()),
            _ => None,
        }
    }

    /// 0-based column (in characters) of a byte offset.
    pub fn column(&self, at: usize) -> usize {
        let line_start = line_start(&self.text, at);
        self.text
            .get(line_start..at)
            .map_or(0, |s| s.chars().count())
    }

    /// The indentation unit the file uses: how far `Resources` entries are indented.
    pub fn indent_step(&self) -> usize {
        let Some(resources) = self.root.entry("Resources") else {
            return 2;
        };
        let Some(first) = resources.value.entries().first() else {
            return 2;
        };
        let step = self
            .column(first.key_range.start)
            .saturating_sub(self.column(resources.key_range.start));
        if (1..=8).contains(&step) { step } else { 2 }
    }

    /// Whether block sequences are indented under their key (`Key:\n  - a`) or not
    /// (`Key:\n- a`), from the first one in the file; indented when there is none.
    pub fn sequences_indented(&self) -> bool {
        fn find(node: &Node, t: &Template) -> Option<bool> {
            for e in node.entries() {
                if let NodeKind::Seq(_) = e.value.kind
                    && !e.value.flow
                {
                    return Some(t.column(e.value.range.start) > t.column(e.key_range.start));
                }
                if let Some(found) = find(&e.value, t) {
                    return Some(found);
                }
            }
            None
        }
        find(&self.root, self).unwrap_or(true)
    }
}

impl Node {
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(Some(s)) => Some(s),
            _ => None,
        }
    }
}

/// Byte offset where the line holding `at` starts.
pub fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line holding `at` (its `\n`, or the end of the text).
pub fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i)
}

const MAX_DEPTH: usize = 400;

fn build(src: &SourceText<'_>, node: &MarkedYaml<'_>, json: bool, depth: usize) -> Option<Node> {
    if depth > MAX_DEPTH {
        return None;
    }
    let range = src.range(node)?;
    let text = src.text;
    let starts_flow = |r: &Range<usize>| {
        text.get(r.start..)
            .and_then(|t| t.chars().next())
            .is_some_and(|c| c == '{' || c == '[')
    };
    let flow = json || starts_flow(&range);
    let kind = match &node.data {
        YamlData::Mapping(m) => {
            let mut entries = Vec::new();
            for (k, v) in m.iter() {
                let key = match &k.data {
                    YamlData::Value(Scalar::String(s)) => s.to_string(),
                    YamlData::Value(_) | YamlData::Representation(..) => {
                        rampart_ingest::cloudformation::source::scalar_text(k)?
                    }
                    _ => continue,
                };
                let key_range = src.range(k)?;
                let Some(mut value) = build(src, v, json, depth + 1) else {
                    continue;
                };
                block_scalar_indicator(text, &key_range, &mut value);
                entries.push(Entry {
                    key,
                    key_range,
                    value,
                });
            }
            NodeKind::Map(entries)
        }
        YamlData::Sequence(items) => NodeKind::Seq(
            items
                .iter()
                .filter_map(|i| build(src, i, json, depth + 1))
                .collect(),
        ),
        YamlData::Value(Scalar::Null) => NodeKind::Scalar(None),
        YamlData::Value(_) | YamlData::Representation(..) => {
            NodeKind::Scalar(rampart_ingest::cloudformation::source::scalar_text(node))
        }
        _ => NodeKind::Opaque,
    };
    let range = if matches!(kind, NodeKind::Scalar(_)) {
        close_quote(text, range)
    } else if flow || matches!(node.data, YamlData::Tagged(..)) {
        close_brackets(text, range)
    } else {
        range
    };
    Some(Node { range, flow, kind })
}

/// A block scalar (`Key: |` + lines) starts at its indicator, not at its first line.
fn block_scalar_indicator(text: &str, key: &Range<usize>, value: &mut Node) {
    if !matches!(value.kind, NodeKind::Scalar(_)) {
        return;
    }
    let Some(between) = text.get(key.end..value.range.start) else {
        return;
    };
    if let Some(colon) = between.find(':') {
        let after = between.get(colon + 1..).unwrap_or("");
        let trimmed = after.trim_start_matches([' ', '\t']);
        if trimmed.starts_with('|') || trimmed.starts_with('>') {
            value.range.start = key.end + colon + 1 + (after.len() - trimmed.len());
        }
    }
}

/// A quoted scalar ends at its closing quote (saphyr's span can run on over a trailing
/// comment).
fn close_quote(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(rest) = text.get(range.start..) else {
        return range;
    };
    let mut chars = rest.char_indices();
    let quote = match chars.next() {
        Some((_, q @ ('"' | '\''))) => q,
        _ => return range,
    };
    let mut escaped = false;
    let mut previous_quote = false;
    for (i, c) in chars {
        if quote == '"' {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                return range.start..range.start + i + 1;
            }
            continue;
        }
        // single quotes: `''` is an escaped quote
        if previous_quote {
            if c == '\'' {
                previous_quote = false;
                continue;
            }
            return range.start..range.start + i;
        }
        previous_quote = c == '\'';
    }
    if previous_quote {
        return range.start..text.len();
    }
    range
}

/// Extends a range that opens a flow collection (possibly after a tag) to its closing bracket.
fn close_brackets(text: &str, range: Range<usize>) -> Range<usize> {
    let Some(rest) = text.get(range.start..) else {
        return range;
    };
    // after a tag (`!If [a, b]`) the collection starts later
    let open = rest
        .char_indices()
        .take_while(|(i, _)| range.start + i <= range.end)
        .find(|(_, c)| *c == '{' || *c == '[' || *c == '\n')
        .filter(|(_, c)| *c != '\n');
    let Some((offset, _)) = open else {
        return range;
    };
    if offset > 0 && !rest.starts_with('!') {
        return range;
    }
    match matching_bracket(text, range.start + offset) {
        Some(end) => range.start..(end + 1).max(range.end),
        None => range,
    }
}

/// Byte offset of the bracket closing the one at `open`, skipping quoted strings.
fn matching_bracket(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.get(open..)?.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Template {
        Template::parse(&Arc::from("t.yaml"), &Arc::from(text)).unwrap()
    }

    fn at<'t>(t: &'t Template, r: &Range<usize>) -> &'t str {
        t.text.get(r.clone()).unwrap()
    }

    #[test]
    fn value_ranges_cover_what_a_replacement_must_replace() {
        let t = parse(
            "Resources:\n  B:\n    Type: \"AWS::S3::Bucket\" # c\n    Properties:\n      D: 'it''s' # c\n      E: \"a\\\"b\" # d\n      P: !Ref Foo\n      Q: [a, 'b]']\n      M: {x: 1}\n      S: |\n        text\n      L:\n        - k: 1\n\n        # next\n        - k: 2\n",
        );
        let props = t.resource("B").unwrap().value.get("Properties").unwrap();
        assert_eq!(t.resource_type("B").as_deref(), Some("AWS::S3::Bucket"));
        assert_eq!(at(&t, &props.get("P").unwrap().range), "!Ref Foo");
        assert_eq!(at(&t, &props.get("Q").unwrap().range), "[a, 'b]']");
        assert_eq!(at(&t, &props.get("D").unwrap().range), "'it''s'");
        assert_eq!(at(&t, &props.get("E").unwrap().range), "\"a\\\"b\"");
        assert_eq!(at(&t, &props.get("M").unwrap().range), "{x: 1}");
        assert_eq!(at(&t, &props.get("S").unwrap().range), "|\n        text");
        let l = props.get("L").unwrap();
        assert!(!l.flow);
        assert_eq!(at(&t, &l.items()[0].range), "k: 1");
        assert_eq!(at(&t, &l.items()[1].range), "k: 2");
        assert_eq!(t.indent_step(), 2);
        assert!(t.sequences_indented());
    }

    #[test]
    fn json_nodes_are_flow_and_close_their_brackets() {
        let text = "{\n    \"Resources\": {\n        \"B\": {\n            \"Type\": \"x\",\n            \"Properties\": {\"L\": [1, 2]}\n        }\n    }\n}\n";
        let t = Template::parse(&Arc::from("t.json"), &Arc::from(text)).unwrap();
        assert!(t.json);
        let b = &t.resource("B").unwrap().value;
        assert!(b.flow);
        assert!(at(&t, &b.range).ends_with('}'));
        assert_eq!(
            at(&t, &b.get("Properties").unwrap().range),
            "{\"L\": [1, 2]}"
        );
        assert_eq!(t.indent_step(), 4);
    }
}
