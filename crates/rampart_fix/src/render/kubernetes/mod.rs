//! Kubernetes rendering: changes on objects loaded from manifests (attribute paths in the
//! Terraform `kubernetes` provider's vocabulary) become byte-range edits of the manifest text
//! in its own style, reusing the CloudFormation YAML editor; comments, quoting and key order
//! stay as they were, and in a multi-document file only the object's own document is edited.
//!
//! - SetAttribute replaces the value where it is written, or inserts the missing keys (and
//!   objects, `securityContext:` included) after the last entry of the deepest mapping that
//!   exists, with the file's indentation.
//! - RemoveAttribute removes the key's lines (and its parent left empty); a key not written
//!   needs no edit.
//! - AddResource and RemoveResource are refused: a manifest object is added or deleted by a
//!   human.
//!
//! Must never: edit another document than the object's, or write a key it cannot name.

pub mod path;

use super::cloudformation::edit;
use super::cloudformation::text::{self, Style};
use super::cloudformation::tree::{Node, NodeKind, Template, line_start};
use super::{RenderContext, Renderer};
use crate::error::FixError;
use rampart_model::{Change, Edit, Resource, SourceFormat};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

pub struct KubernetesRenderer;

impl Renderer for KubernetesRenderer {
    fn format(&self) -> SourceFormat {
        SourceFormat::Kubernetes
    }

    fn render(&self, changes: &[&Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError> {
        let mut documents: BTreeMap<(Arc<str>, usize), Arc<Template>> = BTreeMap::new();
        let mut edits = Vec::new();
        // new content per existing mapping, merged so one insertion writes it all
        let mut pending: BTreeMap<(Arc<str>, usize, usize), Pending> = BTreeMap::new();
        for change in changes {
            let (address, path, value) = match change {
                Change::SetAttribute {
                    address,
                    path,
                    value,
                } => (address, path, Some(value)),
                Change::RemoveAttribute { address, path } => (address, path, None),
                Change::AddResource { owner, kind, .. } => {
                    let r = resource(ctx, owner)?;
                    return Err(not_renderable(
                        &r,
                        kind,
                        "a manifest object is not added by a fix; write it by hand",
                    ));
                }
                Change::RemoveResource { address } => {
                    let r = resource(ctx, address)?;
                    return Err(not_renderable(
                        &r,
                        "",
                        "a manifest object is not deleted by a fix; remove it by hand",
                    ));
                }
            };
            let r = resource(ctx, address)?;
            let (file, object_start, t) = document(ctx, &mut documents, &r)?;
            let fail = |why: String| not_renderable(&r, path, why);
            let object = find_object(&t.root, object_start)
                .ok_or_else(|| fail("the object is not in its document any more".into()))?;
            let walk = path::walk(object, path).map_err(fail)?;
            let style = style_of(&t);
            match value {
                None => {
                    if !walk.remaining.is_empty() {
                        continue; // not written: nothing to remove
                    }
                    let range = edit::removal(&t, &walk.hops)
                        .ok_or_else(|| fail("removing it would remove the whole object".into()))?;
                    edits.push(edit_of(&file, range, String::new()));
                }
                Some(value) if walk.remaining.is_empty() => {
                    let last = walk
                        .hops
                        .last()
                        .filter(|_| walk.hops.len() > 1)
                        .ok_or_else(|| fail("the whole object cannot be replaced".into()))?;
                    let json = path::manifest_value(&walk.block, value).map_err(fail)?;
                    // a flow collection (`drop: ["NET_RAW"]`) stays one
                    let (range, text) = if last.node.flow && !style.json {
                        (last.node.range.clone(), text::inline(&style, &json, true))
                    } else {
                        edit::replace(&t, &style, last, &json)
                    };
                    edits.push(edit_of(&file, range, text));
                }
                Some(_) if walk.free_form => {
                    return Err(fail(
                        "the key is missing from a free-form map (labels, annotations); add it by hand"
                            .into(),
                    ));
                }
                Some(value) => {
                    let node = walk
                        .hops
                        .last()
                        .map(|h| h.node)
                        .ok_or_else(|| fail("nothing to change".into()))?;
                    if !matches!(node.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
                        return Err(fail(
                            "a value is written where the manifest needs an object; change it by hand"
                                .into(),
                        ));
                    }
                    let add = path::nest(&walk.remaining, value, &walk.block).map_err(fail)?;
                    let add = match (&node.kind, add) {
                        // a new item of an existing list: the list takes items
                        (NodeKind::Seq(items), add) if !matches!(add, Json::Array(_)) => {
                            return Err(fail(format!(
                                "item {} of the list does not exist; add it by hand ({} items, new value {add})",
                                walk.remaining.first().map_or("", |s| s.as_str()),
                                items.len()
                            )));
                        }
                        (_, add) => add,
                    };
                    let key = (file.clone(), node.range.start, node.range.end);
                    match pending.get_mut(&key) {
                        Some(p) => edit::merge(&mut p.add, add),
                        None => {
                            pending.insert(
                                key,
                                Pending {
                                    template: t.clone(),
                                    node: node.clone(),
                                    add,
                                    address: r.address.clone(),
                                    path: path.clone(),
                                    line: r.origin.span().map_or(0, |s| s.start.line),
                                },
                            );
                        }
                    }
                }
            }
        }
        // deepest first, so an insertion into a nested mapping comes before its parent's at
        // the same end of line
        for ((file, _, _), p) in pending.into_iter().rev() {
            let style = style_of(&p.template);
            let (at, text) = edit::insert(&p.template, &style, &p.node, &p.add).map_err(|why| {
                FixError::NotRenderable {
                    file: file.to_string(),
                    line: p.line,
                    address: p.address.clone(),
                    path: p.path.clone(),
                    why,
                }
            })?;
            edits.push(edit_of(&file, at..at, text));
        }
        Ok(edits)
    }
}

/// An insertion planned into an existing mapping or list.
struct Pending {
    template: Arc<Template>,
    node: Node,
    add: Json,
    address: String,
    path: String,
    line: u32,
}

fn edit_of(file: &str, range: Range<usize>, replacement: String) -> Edit {
    Edit {
        file: file.to_string(),
        start_byte: range.start,
        end_byte: range.end,
        replacement,
    }
}

fn resource(ctx: &RenderContext<'_>, address: &str) -> Result<Resource, FixError> {
    ctx.inventory
        .by_address(address)
        .map(|r| r.resource().clone())
        .ok_or_else(|| FixError::NoResource {
            address: address.to_string(),
        })
}

fn not_renderable(r: &Resource, path: &str, why: impl Into<String>) -> FixError {
    let span = r.origin.span();
    FixError::NotRenderable {
        file: span.map(|s| s.file.to_string()).unwrap_or_default(),
        line: span.map_or(0, |s| s.start.line),
        address: r.address.clone(),
        path: path.to_string(),
        why: why.into(),
    }
}

/// The parsed document holding the object, its file and where the object starts.
fn document(
    ctx: &RenderContext<'_>,
    cache: &mut BTreeMap<(Arc<str>, usize), Arc<Template>>,
    r: &Resource,
) -> Result<(Arc<str>, usize, Arc<Template>), FixError> {
    let span = r.origin.span().ok_or_else(|| FixError::NotFromCode {
        address: r.address.clone(),
    })?;
    let text = ctx
        .sources
        .get(&span.file)
        .cloned()
        .ok_or_else(|| FixError::NoSource {
            file: span.file.to_string(),
        })?;
    let range = document_around(&text, span.start_byte);
    if let Some(t) = cache.get(&(span.file.clone(), range.start)) {
        return Ok((span.file.clone(), span.start_byte, t.clone()));
    }
    let t = Arc::new(
        Template::parse_range(&span.file, &text, range.clone())
            .map_err(|why| not_renderable(r, "", why))?,
    );
    cache.insert((span.file.clone(), range.start), t.clone());
    Ok((span.file.clone(), span.start_byte, t))
}

/// A `---` or `...` marker line (column 0, then a blank or the end of the line).
fn is_marker(line: &str) -> bool {
    ["---", "..."].iter().any(|m| {
        line.strip_prefix(m)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
    })
}

/// The byte range of the YAML document holding byte `at`: from its `---` line (or the start)
/// to the next marker (or the end), as the loader splits documents.
fn document_around(text: &str, at: usize) -> Range<usize> {
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        let line_range = offset..offset + line.len();
        if is_marker(bare) {
            if offset > at {
                return start..offset;
            }
            // `--- {…}` keeps its content; `...` ends the document before it
            start = if bare.starts_with("...") {
                line_range.end
            } else {
                offset
            };
        }
        offset = line_range.end;
    }
    start..text.len()
}

/// The mapping of the object that starts at byte `start`: the document itself, or an item
/// of a `List`'s `items`.
fn find_object(root: &Node, start: usize) -> Option<&Node> {
    if root.range.start == start {
        return Some(root);
    }
    root.get("items")?
        .items()
        .iter()
        .find(|item| item.range.start == start)
}

/// The file's layout: its indentation unit (how far the first nested block mapping is
/// indented under its key) and whether block lists are indented under their key.
fn style_of(t: &Template) -> Style {
    Style {
        json: t.json,
        step: indent_step(t, &t.root).unwrap_or(2),
        sequences_indented: t.sequences_indented(),
    }
}

fn indent_step(t: &Template, node: &Node) -> Option<usize> {
    for e in node.entries() {
        if let (NodeKind::Map(inner), false) = (&e.value.kind, e.value.flow)
            && let Some(first) = inner.first()
        {
            let key_col = t.column(e.key_range.start);
            let inner_col = t.column(first.key_range.start);
            // the key's own line starts the block (not `- key:` on a list item)
            if line_start(&t.text, first.key_range.start) != line_start(&t.text, e.key_range.start)
                && (1..=8).contains(&inner_col.saturating_sub(key_col))
            {
                return Some(inner_col - key_col);
            }
        }
        if let Some(step) = indent_step(t, &e.value) {
            return Some(step);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_found_between_markers() {
        let text = "a: 1\n---\nb: 2\n...\n---\nc: 3\n";
        assert_eq!(&text[document_around(text, 0)], "a: 1\n");
        assert_eq!(&text[document_around(text, 9)], "---\nb: 2\n");
        assert_eq!(&text[document_around(text, 22)], "---\nc: 3\n");
    }
}
