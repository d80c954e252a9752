//! Byte-range edits of a template tree: find a property by its CloudFormation steps, replace
//! a value where it is written, insert missing entries after a mapping's last entry (or items
//! after a sequence's last item) in the file's style, and remove entries or items with their
//! own comment lines — and their parent, when they were its only content.
//!
//! Computes ranges and fragments only; the caller turns them into [`rampart_model::Edit`]s.

use super::text::{self, Style};
use super::tree::{Entry, Node, NodeKind, Template, line_end, line_start};
use rampart_ingest::cloudformation::reverse::Step;
use serde_json::Value as Json;
use std::ops::Range;

/// How a node was reached from its parent.
#[derive(Clone, Copy, Debug)]
pub enum Via<'t> {
    Entry(&'t Entry, usize),
    Item(usize),
}

/// One node on the way down, with its parent.
#[derive(Clone, Copy, Debug)]
pub struct Hop<'t> {
    pub parent: &'t Node,
    pub via: Via<'t>,
    pub node: &'t Node,
}

/// Where a walk along steps stopped: the hops taken and the steps left.
pub struct Walk<'t> {
    pub hops: Vec<Hop<'t>>,
    pub remaining: Vec<Step>,
}

/// How a walk reads the document: CloudFormation keys are exact; ARM property names match
/// whatever their case; in Terraform JSON a nested block written as one object is item 0.
#[derive(Clone, Copy, Debug, Default)]
pub struct Reading {
    pub keys_ignore_case: bool,
    pub object_is_item_zero: bool,
}

/// Walks from `resources` (the `Resources` mapping) into entry `logical_id`, then `steps`.
pub fn walk<'t>(resources: &'t Node, logical_id: &str, steps: &[Step]) -> Result<Walk<'t>, String> {
    let (index, entry) = resources
        .entries()
        .iter()
        .enumerate()
        .find(|(_, e)| e.key == logical_id)
        .ok_or_else(|| format!("resource `{logical_id}` is not in the template any more"))?;
    let first = Hop {
        parent: resources,
        via: Via::Entry(entry, index),
        node: &entry.value,
    };
    Ok(walk_from(first, steps, Reading::default()))
}

/// Walks `steps` down from the resource reached by `first`.
pub fn walk_from<'t>(first: Hop<'t>, steps: &[Step], reading: Reading) -> Walk<'t> {
    let same = |a: &str, b: &str| {
        if reading.keys_ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut at: &Node = first.node;
    let mut hops = vec![first];
    for (n, step) in steps.iter().enumerate() {
        if reading.object_is_item_zero
            && matches!(step, Step::Index(0))
            && matches!(at.kind, NodeKind::Map(_))
        {
            continue;
        }
        let next = match step {
            Step::Key(k) => at
                .entries()
                .iter()
                .enumerate()
                .find(|(_, e)| same(&e.key, k))
                .map(|(i, e)| (Via::Entry(e, i), &e.value)),
            Step::Index(i) => at.items().get(*i).map(|node| (Via::Item(*i), node)),
            Step::ItemWith { key, one_of, .. } => at
                .items()
                .iter()
                .enumerate()
                .find(|(_, item)| {
                    item.get(key)
                        .and_then(Node::scalar)
                        .is_some_and(|v| one_of.iter().any(|o| o == v))
                })
                .map(|(i, node)| (Via::Item(i), node)),
        };
        match next {
            Some((via, node)) => {
                hops.push(Hop {
                    parent: at,
                    via,
                    node,
                });
                at = node;
            }
            None => {
                return Walk {
                    hops,
                    remaining: steps.get(n..).unwrap_or_default().to_vec(),
                };
            }
        }
    }
    Walk {
        hops,
        remaining: Vec::new(),
    }
}

/// The value the missing `steps` make when `value` is put at their end: `{Key: …}` for a key,
/// `[…]` for a new item.
pub fn nest(steps: &[Step], value: Json) -> Result<Json, String> {
    let Some((first, rest)) = steps.split_first() else {
        return Ok(value);
    };
    let inner = nest(rest, value)?;
    Ok(match first {
        Step::Key(k) => {
            let mut m = serde_json::Map::new();
            m.insert(k.clone(), inner);
            Json::Object(m)
        }
        Step::Index(_) => Json::Array(vec![inner]),
        Step::ItemWith {
            key,
            one_of,
            create,
        } => {
            let Some(first_value) = one_of.first().filter(|_| *create) else {
                return Err(format!(
                    "there is no item with `{key}` of {} to change, and Rampart will not guess one",
                    one_of.join(" / ")
                ));
            };
            let mut m = serde_json::Map::new();
            m.insert(key.clone(), Json::String(first_value.clone()));
            match inner {
                Json::Object(more) => m.extend(more),
                _ => return Err(format!("an item with `{key}` needs named settings")),
            }
            Json::Array(vec![Json::Object(m)])
        }
    })
}

/// Merges `add` into `into` (objects key by key, arrays appended).
pub fn merge(into: &mut Json, add: Json) {
    match (into, add) {
        (Json::Object(a), Json::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (Json::Array(a), Json::Array(b)) => a.extend(b),
        (slot, other) => *slot = other,
    }
}

/// The text replacing `hop.node` so it holds `value`.
pub fn replace(t: &Template, style: &Style, hop: &Hop<'_>, value: &Json) -> (Range<usize>, String) {
    let node = hop.node;
    let block_collection = !node.flow && matches!(node.kind, NodeKind::Map(_) | NodeKind::Seq(_));
    let block_context = !style.json && !hop.parent.flow;
    if block_context && (block_collection || !text::is_inline(value)) {
        match hop.via {
            Via::Entry(entry, _) => {
                let indent = t.column(entry.key_range.start);
                let after_colon = t
                    .text
                    .get(entry.key_range.end..)
                    .and_then(|s| s.find(':'))
                    .map_or(entry.key_range.end, |i| entry.key_range.end + i + 1);
                let key_line_end = line_end(&t.text, entry.key_range.end);
                let comment_on_key_line = t
                    .text
                    .get(after_colon..key_line_end)
                    .is_some_and(|s| s.trim_start().starts_with('#'));
                let start = if block_collection && comment_on_key_line {
                    key_line_end
                } else {
                    after_colon
                };
                let rendered = text::block_value(style, value, indent);
                let rendered = if start == key_line_end {
                    // after a kept comment, a scalar goes on its own line
                    rendered.trim_start_matches(' ').to_string()
                } else {
                    rendered
                };
                return (start..node.range.end, rendered);
            }
            Via::Item(_) => {
                let dash = dash_column(t, node);
                let rendered = text::block_item(style, value, dash);
                return (
                    node.range.clone(),
                    rendered.trim_start_matches(' ').to_string(),
                );
            }
        }
    }
    let rendered = if style.json {
        text::json_pretty(style, value, indent_of_line(t, node.range.start))
    } else {
        text::inline(style, value, hop.parent.flow)
    };
    (node.range.clone(), rendered)
}

/// The text inserting `add` (an object of new entries for a mapping, an array of new items
/// for a sequence) into `node`.
pub fn insert(
    t: &Template,
    style: &Style,
    node: &Node,
    add: &Json,
) -> Result<(usize, String), String> {
    match (&node.kind, add) {
        (NodeKind::Map(entries), Json::Object(new)) => {
            if !node.flow {
                let first = entries
                    .first()
                    .ok_or_else(|| "cannot add to an empty block mapping".to_string())?;
                let indent = t.column(first.key_range.start);
                let mut out = String::new();
                for (k, v) in new {
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                    out.push_str(&text::key(style, k));
                    out.push(':');
                    out.push_str(&text::block_value(style, v, indent));
                }
                return Ok((line_end(&t.text, node.range.end), out));
            }
            let ranges: Vec<(Range<usize>, Range<usize>)> = entries
                .iter()
                .map(|e| (e.key_range.clone(), e.value.range.clone()))
                .collect();
            let rendered: Vec<String> = new
                .iter()
                .map(|(k, v)| FlowItem {
                    key: Some(text::key(style, k)),
                    value: v.clone(),
                })
                .map(|item| item.render(t, style, node, &ranges))
                .collect();
            Ok(flow_insert(t, node, &ranges, rendered))
        }
        (NodeKind::Seq(items), Json::Array(new)) => {
            if !node.flow {
                let first = items
                    .first()
                    .ok_or_else(|| "cannot add to an empty block sequence".to_string())?;
                let dash = dash_column(t, first);
                let mut out = String::new();
                for item in new {
                    out.push('\n');
                    out.push_str(&" ".repeat(dash));
                    out.push('-');
                    out.push_str(&text::block_item(style, item, dash));
                }
                return Ok((line_end(&t.text, node.range.end), out));
            }
            let ranges: Vec<(Range<usize>, Range<usize>)> = items
                .iter()
                .map(|i| (i.range.clone(), i.range.clone()))
                .collect();
            let rendered = new
                .iter()
                .map(|v| FlowItem {
                    key: None,
                    value: v.clone(),
                })
                .map(|item| item.render(t, style, node, &ranges))
                .collect();
            Ok(flow_insert(t, node, &ranges, rendered))
        }
        (NodeKind::Scalar(None), _) => Err("the property is empty (null); write it by hand".into()),
        _ => Err(
            "the property is written as an intrinsic function or another shape; change it by hand"
                .into(),
        ),
    }
}

struct FlowItem {
    key: Option<String>,
    value: Json,
}

impl FlowItem {
    /// `key: value` (or the item) as written in this flow collection.
    fn render(
        &self,
        t: &Template,
        style: &Style,
        node: &Node,
        ranges: &[(Range<usize>, Range<usize>)],
    ) -> String {
        let value = if style.json && multi_line(t, node, ranges) {
            let indent = ranges.first().map_or(
                indent_of_line(t, node.range.start) + style.step,
                |(k, _)| t.column(k.start),
            );
            text::json_pretty(style, &self.value, indent)
        } else {
            text::inline(style, &self.value, true)
        };
        match &self.key {
            Some(k) => format!("{k}: {value}"),
            None => value,
        }
    }
}

/// True when a flow collection puts its entries on their own lines (pretty JSON).
fn multi_line(t: &Template, node: &Node, ranges: &[(Range<usize>, Range<usize>)]) -> bool {
    ranges.first().is_some_and(|(k, _)| {
        t.text
            .get(node.range.start..k.start)
            .is_some_and(|s| s.contains('\n'))
    })
}

fn flow_insert(
    t: &Template,
    node: &Node,
    ranges: &[(Range<usize>, Range<usize>)],
    rendered: Vec<String>,
) -> (usize, String) {
    let Some((first_key, last_value)) = ranges
        .first()
        .map(|(k, _)| k)
        .zip(ranges.last().map(|(_, v)| v))
    else {
        // an empty collection: right after its opening bracket
        return (node.range.start + 1, rendered.join(", "));
    };
    if multi_line(t, node, ranges) {
        let indent = " ".repeat(t.column(first_key.start));
        let text: String = rendered.iter().map(|r| format!(",\n{indent}{r}")).collect();
        return (last_value.end, text);
    }
    let text: String = rendered.iter().map(|r| format!(", {r}")).collect();
    (last_value.end, text)
}

/// The range removing the node at the end of `hops` (with its own comment lines), or its
/// parent when it is the parent's only content. `None` when that would remove the resource.
pub fn removal(t: &Template, hops: &[Hop<'_>]) -> Option<Range<usize>> {
    let (last, above) = hops.split_last()?;
    // the first hop is the resource itself: never removed here
    if above.is_empty() {
        return None;
    }
    let siblings = match &last.parent.kind {
        NodeKind::Map(entries) => entries.len(),
        NodeKind::Seq(items) => items.len(),
        _ => 0,
    };
    if siblings <= 1 {
        return removal(t, above).or_else(|| own_removal(t, last));
    }
    own_removal(t, last)
}

/// The range removing one entry or item with its own comment lines (never its parent).
pub fn own_removal(t: &Template, hop: &Hop<'_>) -> Option<Range<usize>> {
    let parent = hop.parent;
    let (start, end, index) = match hop.via {
        Via::Entry(entry, i) => (entry.key_range.start, entry.value.range.end, i),
        Via::Item(i) => (hop.node.range.start, hop.node.range.end, i),
    };
    let bounds = |i: usize| -> Option<(usize, usize)> {
        match &parent.kind {
            NodeKind::Map(entries) => entries
                .get(i)
                .map(|e| (e.key_range.start, e.value.range.end)),
            NodeKind::Seq(items) => items.get(i).map(|n| (n.range.start, n.range.end)),
            _ => None,
        }
    };
    if parent.flow {
        return match (index.checked_sub(1).and_then(bounds), bounds(index + 1)) {
            (Some((_, prev_end)), _) => Some(prev_end..end),
            (None, Some((next_start, _))) => Some(start..next_start),
            (None, None) => None,
        };
    }
    let text = &t.text;
    let first_line = line_start(text, start);
    let prefix = text.get(first_line..start).unwrap_or("");
    let starts_line = match hop.via {
        Via::Entry(..) => prefix.trim().is_empty(),
        Via::Item(_) => prefix.trim() == "-",
    };
    if !starts_line {
        // the first key of a sequence item (`- Key: v`): the next key moves up after the dash
        let (next_start, _) = bounds(index + 1)?;
        return Some(start..next_start);
    }
    let indent = prefix.len() - prefix.trim_start().len();
    let mut from = first_line;
    // its own comment lines directly above, at its indentation
    while from > 0 {
        let above = line_start(text, from - 1);
        let line = text.get(above..from - 1).unwrap_or("");
        let line_indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with('#') && line_indent == indent {
            from = above;
        } else {
            break;
        }
    }
    let to = line_end(text, end);
    // remove "\n" + the lines, so an insertion at the end of the previous line stays apart
    Some(if from > 0 {
        from - 1..to
    } else {
        from..(to + 1).min(text.len())
    })
}

fn dash_column(t: &Template, item: &Node) -> usize {
    let start = line_start(&t.text, item.range.start);
    match t
        .text
        .get(start..item.range.start)
        .and_then(|p| p.rfind('-'))
    {
        Some(i) => t.column(start + i),
        None => t.column(item.range.start).saturating_sub(2),
    }
}

fn indent_of_line(t: &Template, at: usize) -> usize {
    let start = line_start(&t.text, at);
    let line = t.text.get(start..).unwrap_or("");
    line.len() - line.trim_start_matches(' ').len()
}
