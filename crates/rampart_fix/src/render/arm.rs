//! ARM template rendering: changes on resources loaded from a deployment template become
//! edits of its JSON text in the template's own vocabulary. Attribute paths (`network_rules.
//! 0.default_action`) are placed through the loader's table read backwards
//! ([`rampart_ingest::vocabulary::source_path`]: `properties.networkAcls.defaultAction`), and
//! values are written as ARM writes them (`Enabled` for a switch that is on, `None` for a
//! container that is private). Property names match whatever their case, as in ARM.
//!
//! - SetAttribute replaces the value where it is written, at the parameter's `defaultValue`
//!   when the property is exactly `[parameters('x')]` and the parameter allows the new value,
//!   or inserts the missing properties; a list set to a subset of its items removes the
//!   dropped ones.
//! - RemoveAttribute removes the property (and its parent object when it was the only entry);
//!   RemoveResource removes the resource, refused while another part of the template names it.
//! - AddResource is refused: a new ARM resource needs a name, an API version and a location
//!   that Rampart will not guess.

use super::cloudformation::dropped_items;
use super::cloudformation::edit::{Hop, Reading, Via};
use super::cloudformation::tree::{Node, NodeKind, Template};
use super::json_doc::{JsonOp, Placed, Who, document_edits, steps_of_property};
use super::{RenderContext, Renderer};
use crate::error::FixError;
use rampart_ingest::arm::mapping::FIELDS;
use rampart_ingest::cloudformation::reverse::Step;
use rampart_ingest::vocabulary::source_path;
use rampart_model::{Change, Edit, Resource, SourceFormat, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct ArmRenderer;

impl Renderer for ArmRenderer {
    fn format(&self) -> SourceFormat {
        SourceFormat::Arm
    }

    fn render(&self, changes: &[&Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError> {
        let mut ops: BTreeMap<Arc<str>, Vec<Op>> = BTreeMap::new();
        for change in changes {
            plan(change, ctx, &mut ops)?;
        }
        let mut edits = Vec::new();
        for (file, file_ops) in ops {
            let text = ctx
                .sources
                .get(&file)
                .cloned()
                .ok_or_else(|| FixError::NoSource {
                    file: file.to_string(),
                })?;
            let t = Template::parse(&file, &text).map_err(|why| FixError::NotRenderable {
                file: file.to_string(),
                line: 0,
                address: String::new(),
                path: String::new(),
                why,
            })?;
            let mut placed = Vec::with_capacity(file_ops.len());
            for op in file_ops {
                let fail = |why: String| FixError::NotRenderable {
                    file: file.to_string(),
                    line: op.who.line,
                    address: op.who.address.clone(),
                    path: op.who.path.clone(),
                    why,
                };
                if let Some(edit) = at_parameter_default(&t, &file, &op) {
                    edits.push(edit);
                    continue;
                }
                let first = resource_hop(&t.root, op.start)
                    .ok_or_else(|| fail("the resource is not in the template any more".into()))?;
                if matches!(op.op, JsonOp::RemoveSelf) {
                    refuse_if_named_elsewhere(&t, &first).map_err(fail)?;
                }
                placed.push(Placed {
                    first,
                    op: op.op,
                    who: op.who,
                });
            }
            let reading = Reading {
                keys_ignore_case: true,
                object_is_item_zero: false,
            };
            edits.extend(document_edits(&t, &file, &placed, reading)?);
        }
        Ok(edits)
    }
}

/// An op on the resource whose object starts at byte `start`.
struct Op {
    start: usize,
    op: JsonOp,
    who: Who,
    /// Where the value was written when elsewhere (a parameter's default), with the value the
    /// template reads there now.
    origin: Option<(usize, Json)>,
}

fn fail(r: &Resource, path: &str, why: impl Into<String>) -> FixError {
    let span = r.origin.span();
    FixError::NotRenderable {
        file: span.map(|s| s.file.to_string()).unwrap_or_default(),
        line: span.map(|s| s.start.line).unwrap_or(0),
        address: r.address.clone(),
        path: path.to_string(),
        why: why.into(),
    }
}

fn who(r: &Resource, path: &str) -> Who {
    Who {
        address: r.address.clone(),
        path: path.to_string(),
        line: r.origin.span().map(|s| s.start.line).unwrap_or(0),
    }
}

/// The property steps of an attribute path.
fn steps(r: &Resource, path: &str) -> Result<Vec<Step>, FixError> {
    let property = source_path(r, path).ok_or_else(|| {
        fail(
            r,
            path,
            format!("ARM has no property Rampart knows for `{path}`; change it by hand"),
        )
    })?;
    Ok(steps_of_property(&property))
}

/// A model value as the template writes this attribute.
fn written(r: &Resource, path: &str, value: &Value) -> Result<Json, FixError> {
    if value.contains_unknown() {
        return Err(fail(r, path, "the new value is not known"));
    }
    let renamed = FIELDS
        .iter()
        .find(|f| f.kind == r.kind && f.attribute == path)
        .and_then(|f| f.written(value));
    Ok(renamed.map_or_else(|| value.to_json(), Json::String))
}

fn plan(
    change: &Change,
    ctx: &RenderContext<'_>,
    ops: &mut BTreeMap<Arc<str>, Vec<Op>>,
) -> Result<(), FixError> {
    let address = super::subject_address(change);
    let r = ctx
        .inventory
        .by_address(address)
        .map(|r| r.resource())
        .ok_or_else(|| FixError::NoResource {
            address: address.to_string(),
        })?;
    let span = r.origin.span().ok_or_else(|| FixError::NotFromCode {
        address: r.address.clone(),
    })?;
    let entry = ops.entry(span.file.clone()).or_default();
    let start = span.start_byte;
    let op = |op: JsonOp, path: &str| Op {
        start,
        op,
        who: who(r, path),
        origin: None,
    };
    match change {
        Change::SetAttribute { path, value, .. } => {
            if let Some(dropped) = dropped_items(r, path, value) {
                let whole = dropped.len() == r.get(path).map_or(0, |v| v.items().len());
                if !whole {
                    let list = steps(r, path)?;
                    // from the last, so the indices of the others stay right
                    for i in dropped.into_iter().rev() {
                        let mut item = list.clone();
                        item.push(Step::Index(i));
                        entry.push(op(JsonOp::Remove(item), &format!("{path}.{i}")));
                    }
                    return Ok(());
                }
            }
            let new = written(r, path, value)?;
            let origin = r
                .value_origins
                .get(path)
                .filter(|o| o.file == span.file)
                .zip(r.get(path))
                .and_then(|(o, current)| Some((o.start_byte, written(r, path, current).ok()?)));
            entry.push(Op {
                origin,
                ..op(JsonOp::Set(steps(r, path)?, new), path)
            });
        }
        Change::RemoveAttribute { path, .. } => {
            entry.push(op(JsonOp::Remove(steps(r, path)?), path));
        }
        Change::RemoveResource { .. } => entry.push(op(JsonOp::RemoveSelf, "")),
        Change::AddResource { kind, .. } => {
            return Err(fail(
                r,
                kind,
                "a new ARM resource needs a name, an API version and a location Rampart will not guess; add it by hand",
            ));
        }
    }
    Ok(())
}

/// The edit of a parameter's `defaultValue` when the property reads it unmodified
/// (`[parameters('x')]`), it still holds the value the resource has, and the parameter's
/// `allowedValues` (if any) hold the new one.
fn at_parameter_default(t: &Template, file: &str, op: &Op) -> Option<Edit> {
    let (at, current) = op.origin.as_ref()?;
    let JsonOp::Set(_, new) = &op.op else {
        return None;
    };
    if !is_scalar(new) {
        return None;
    }
    let parameter = t
        .root
        .entries()
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case("parameters"))?
        .value
        .entries()
        .iter()
        .find(|p| {
            p.value
                .get("defaultValue")
                .is_some_and(|d| d.range.start == *at)
        })?;
    let default = parameter.value.get("defaultValue")?;
    if !same_scalar(default, current) {
        return None;
    }
    if let Some(allowed) = parameter.value.get("allowedValues")
        && !allowed.items().iter().any(|a| same_scalar(a, new))
    {
        return None;
    }
    Some(Edit {
        file: file.to_string(),
        start_byte: default.range.start,
        end_byte: default.range.end,
        replacement: serde_json::to_string(new).ok()?,
    })
}

fn is_scalar(v: &Json) -> bool {
    matches!(v, Json::String(_) | Json::Bool(_) | Json::Number(_))
}

fn same_scalar(node: &Node, value: &Json) -> bool {
    let text = match value {
        Json::String(s) => s.clone(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => n.to_string(),
        _ => return false,
    };
    node.scalar().is_some_and(|s| s.eq_ignore_ascii_case(&text))
}

/// The hop to the resource object starting at `start` (top-level or a nested child).
fn resource_hop(node: &Node, start: usize) -> Option<Hop<'_>> {
    match &node.kind {
        NodeKind::Seq(items) => items.iter().enumerate().find_map(|(i, item)| {
            if item.range.start == start && matches!(item.kind, NodeKind::Map(_)) {
                return Some(Hop {
                    parent: node,
                    via: Via::Item(i),
                    node: item,
                });
            }
            (item.range.start <= start && start < item.range.end)
                .then(|| resource_hop(item, start))
                .flatten()
        }),
        NodeKind::Map(entries) => entries
            .iter()
            .filter(|e| e.value.range.start <= start && start < e.value.range.end)
            .find_map(|e| resource_hop(&e.value, start)),
        _ => None,
    }
}

/// Refuses to remove a resource whose name another part of the template uses (`dependsOn`,
/// `resourceId(…)`, `reference(…)`): the deployment would fail.
fn refuse_if_named_elsewhere(t: &Template, hop: &Hop<'_>) -> Result<(), String> {
    let name = hop
        .node
        .entries()
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case("name"))
        .and_then(|e| e.value.scalar())
        .ok_or_else(|| {
            "the resource's `name` is not a plain string; remove it by hand".to_string()
        })?;
    let last = name.rsplit('/').next().unwrap_or(name);
    if last.is_empty() || last.starts_with('[') {
        return Err("the resource's `name` is an expression; remove it by hand".into());
    }
    let own = hop.node.range.clone();
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.';
    let found = t.text.match_indices(last).map(|(at, _)| at).find(|at| {
        let before = t.text.get(..*at).and_then(|s| s.chars().next_back());
        let after = t.text.get(at + last.len()..).and_then(|s| s.chars().next());
        !own.contains(at) && !before.is_some_and(is_name_char) && !after.is_some_and(is_name_char)
    });
    match found {
        Some(at) => {
            let line = t.text.get(..at).map_or(0, |s| s.matches('\n').count()) + 1;
            Err(format!(
                "line {line} names `{last}`; remove that reference first"
            ))
        }
        None => Ok(()),
    }
}
