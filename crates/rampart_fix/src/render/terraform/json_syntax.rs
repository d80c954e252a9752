//! Terraform JSON syntax (`.tf.json`): changes on resources written there become edits of the
//! JSON text, keeping every other byte. A resource is `resource.<kind>.<name>` (each level an
//! object, or an array of objects); a nested block is an object or an array of objects, and a
//! new one is written as an object. Strings are templates in Terraform JSON, so a new value's
//! `${` and `%{` are escaped.
//!
//! - SetAttribute replaces the value where it is written (at its origin when it flows
//!   unmodified from a variable default or tfvars file), or inserts the missing keys after
//!   the last entry of the deepest object that exists; a list set to a subset of its items
//!   removes the dropped ones.
//! - RemoveAttribute / RemoveResource remove the entry with its comma (and its parent object
//!   when it was the only entry).
//! - AddResource inserts `"<name>": {…}` under `resource.<kind>` with references written as
//!   `${…}` strings; refused for an owner with `count` or `for_each`.

use super::super::cloudformation::dropped_items;
use super::super::cloudformation::edit::{Hop, Reading, Via};
use super::super::cloudformation::tree::{Node, NodeKind, Template};
use super::super::json_doc::{JsonOp, Placed, Who, document_edits};
use super::{RenderContext, origins, reference_expression};
use crate::error::FixError;
use rampart_ingest::cloudformation::reverse::Step;
use rampart_model::{Change, Edit, Resource, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

/// True when a resource is written in Terraform JSON syntax.
pub fn is_json(resource: &Resource) -> bool {
    resource
        .origin
        .span()
        .is_some_and(|s| s.file.ends_with(".json"))
}

/// Where an op starts.
#[derive(Clone, Debug)]
enum Start {
    /// The body of `resource.<kind>.<name>`.
    Body { kind: String, name: String },
    /// The object under `resource` holding `<kind>` (where a sibling resource goes).
    Section { kind: String },
}

struct Op {
    start: Start,
    op: JsonOp,
    who: Who,
}

/// Renders changes on resources from `.tf.json` files.
pub fn render(changes: &[&Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError> {
    let mut ops: BTreeMap<Arc<str>, Vec<Op>> = BTreeMap::new();
    let mut edits = Vec::new();
    for change in changes {
        plan(change, ctx, &mut ops, &mut edits)?;
    }
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
            let first = locate(&t, &op.start).map_err(|why| FixError::NotRenderable {
                file: file.to_string(),
                line: op.who.line,
                address: op.who.address.clone(),
                path: op.who.path.clone(),
                why,
            })?;
            placed.push(Placed {
                first,
                op: op.op,
                who: op.who,
            });
        }
        let reading = Reading {
            keys_ignore_case: false,
            object_is_item_zero: true,
        };
        edits.extend(document_edits(&t, &file, &placed, reading)?);
    }
    Ok(edits)
}

fn resource<'a>(ctx: &'a RenderContext<'_>, address: &str) -> Result<&'a Resource, FixError> {
    ctx.inventory
        .by_address(address)
        .map(|r| r.resource())
        .ok_or_else(|| FixError::NoResource {
            address: address.to_string(),
        })
}

fn who(r: &Resource, path: &str) -> Who {
    Who {
        address: r.address.clone(),
        path: path.to_string(),
        line: r.origin.span().map(|s| s.start.line).unwrap_or(0),
    }
}

fn fail(r: &Resource, path: &str, why: impl Into<String>) -> FixError {
    let w = who(r, path);
    FixError::NotRenderable {
        file: r
            .origin
            .span()
            .map(|s| s.file.to_string())
            .unwrap_or_default(),
        line: w.line,
        address: w.address,
        path: w.path,
        why: why.into(),
    }
}

fn file_of(r: &Resource) -> Result<Arc<str>, FixError> {
    r.origin
        .span()
        .map(|s| s.file.clone())
        .ok_or_else(|| FixError::NotFromCode {
            address: r.address.clone(),
        })
}

fn body(r: &Resource) -> Start {
    Start::Body {
        kind: r.kind.clone(),
        name: r.name.clone(),
    }
}

/// `versioning.0.enabled` as steps.
fn steps_of(path: &str) -> Vec<Step> {
    path.split('.')
        .map(|s| match s.parse::<usize>() {
            Ok(i) => Step::Index(i),
            Err(_) => Step::Key(s.to_string()),
        })
        .collect()
}

fn plan(
    change: &Change,
    ctx: &RenderContext<'_>,
    ops: &mut BTreeMap<Arc<str>, Vec<Op>>,
    edits: &mut Vec<Edit>,
) -> Result<(), FixError> {
    match change {
        Change::SetAttribute {
            address,
            path,
            value,
        } => {
            let r = resource(ctx, address)?;
            if let Some(edit) = origins::edit_at_origin(r, path, value, ctx.sources) {
                edits.push(edit);
                return Ok(());
            }
            let file = file_of(r)?;
            let entry = ops.entry(file).or_default();
            if let Some(dropped) = dropped_items(r, path, value) {
                let whole = dropped.len() == r.get(path).map_or(0, |v| v.items().len());
                if !whole {
                    // from the last, so the indices of the others stay right
                    for i in dropped.into_iter().rev() {
                        let item = format!("{path}.{i}");
                        entry.push(Op {
                            start: body(r),
                            op: JsonOp::Remove(steps_of(&item)),
                            who: who(r, &item),
                        });
                    }
                    return Ok(());
                }
            }
            entry.push(Op {
                start: body(r),
                op: JsonOp::Set(steps_of(path), json_of(r, path, value)?),
                who: who(r, path),
            });
        }
        Change::RemoveAttribute { address, path } => {
            let r = resource(ctx, address)?;
            let file = file_of(r)?;
            ops.entry(file).or_default().push(Op {
                start: body(r),
                op: JsonOp::Remove(steps_of(path)),
                who: who(r, path),
            });
        }
        Change::RemoveResource { address } => {
            let r = resource(ctx, address)?;
            let file = file_of(r)?;
            ops.entry(file).or_default().push(Op {
                start: Start::Section {
                    kind: r.kind.clone(),
                },
                op: JsonOp::Remove(vec![Step::Key(r.kind.clone()), Step::Key(r.name.clone())]),
                who: who(r, ""),
            });
        }
        Change::AddResource {
            owner,
            kind,
            name,
            attributes,
            references,
        } => {
            let r = resource(ctx, owner)?;
            let file = file_of(r)?;
            // an instance of `count` or `for_each` is addressed with its key
            if r.address.ends_with(']') {
                return Err(fail(
                    r,
                    kind,
                    "the owner has `count` or `for_each`, which a new JSON resource would have to repeat; add it by hand",
                ));
            }
            let owner_local = format!("{}.{}", r.kind, r.name);
            let mut new_body = serde_json::Map::new();
            for (attr, target) in references {
                let expr = reference_expression(target, &r.module, &owner_local, false, false)
                    .ok_or_else(|| {
                        fail(
                            r,
                            attr,
                            format!("`{target}` is not a reference (address.attribute)"),
                        )
                    })?;
                new_body.insert(attr.clone(), Json::String(format!("${{{expr}}}")));
            }
            for (attr, value) in attributes
                .iter()
                .filter(|(a, _)| !references.contains_key(*a))
            {
                new_body.insert(attr.clone(), json_of(r, attr, value)?);
            }
            let local = unused_name(ctx, r, kind, if name.is_empty() { &r.name } else { name });
            ops.entry(file).or_default().push(Op {
                start: Start::Section {
                    kind: r.kind.clone(),
                },
                op: JsonOp::Set(
                    vec![Step::Key(kind.clone()), Step::Key(local)],
                    Json::Object(new_body),
                ),
                who: who(r, kind),
            });
        }
    }
    Ok(())
}

/// `name`, or `name_2`, …: the first no resource of `kind` in the owner's module uses.
fn unused_name(ctx: &RenderContext<'_>, owner: &Resource, kind: &str, name: &str) -> String {
    let taken = |candidate: &str| {
        ctx.inventory
            .resources()
            .iter()
            .any(|r| r.kind == kind && r.module == owner.module && r.name == candidate)
    };
    if !taken(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name}_{n}"))
        .find(|c| !taken(c))
        .unwrap_or_else(|| format!("{name}_new"))
}

/// The JSON of a new value, with Terraform template sequences escaped.
fn json_of(r: &Resource, path: &str, value: &Value) -> Result<Json, FixError> {
    if value.contains_unknown() {
        return Err(fail(r, path, "the new value is not known"));
    }
    Ok(escape_templates(value.to_json()))
}

/// `${` → `$${` and `%{` → `%%{` in every string: a literal in Terraform JSON.
fn escape_templates(json: Json) -> Json {
    match json {
        Json::String(s) => Json::String(s.replace("${", "$${").replace("%{", "%%{")),
        Json::Array(items) => Json::Array(items.into_iter().map(escape_templates).collect()),
        Json::Object(m) => Json::Object(
            m.into_iter()
                .map(|(k, v)| (k, escape_templates(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The objects a JSON value holds at one level: itself, or the items of an array of objects.
fn objects(node: &Node) -> Vec<(&Node, Option<usize>)> {
    match &node.kind {
        NodeKind::Map(_) => vec![(node, None)],
        NodeKind::Seq(items) => items
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.kind, NodeKind::Map(_)))
            .map(|(i, n)| (n, Some(i)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The hop an op starts from.
fn locate<'t>(t: &'t Template, start: &Start) -> Result<Hop<'t>, String> {
    let kind = match start {
        Start::Body { kind, .. } | Start::Section { kind } => kind,
    };
    let sections = t
        .root
        .entries()
        .iter()
        .enumerate()
        .filter(|(_, e)| e.key == "resource");
    for (si, section) in sections {
        for (holder, item) in objects(&section.value) {
            let Some(kind_entry) = holder.entries().iter().find(|e| e.key == *kind) else {
                continue;
            };
            let Start::Body { name, .. } = start else {
                return Ok(match item {
                    Some(i) => Hop {
                        parent: &section.value,
                        via: Via::Item(i),
                        node: holder,
                    },
                    None => Hop {
                        parent: &t.root,
                        via: Via::Entry(section, si),
                        node: holder,
                    },
                });
            };
            for (by_name, _) in objects(&kind_entry.value) {
                let Some((ni, name_entry)) = by_name
                    .entries()
                    .iter()
                    .enumerate()
                    .find(|(_, e)| e.key == *name)
                else {
                    continue;
                };
                return match &name_entry.value.kind {
                    NodeKind::Map(_) => Ok(Hop {
                        parent: by_name,
                        via: Via::Entry(name_entry, ni),
                        node: &name_entry.value,
                    }),
                    NodeKind::Seq(items) if items.len() == 1 => {
                        let only = items.first().ok_or("no body")?;
                        Ok(Hop {
                            parent: &name_entry.value,
                            via: Via::Item(0),
                            node: only,
                        })
                    }
                    _ => Err(format!(
                        "`{kind}.{name}` is not written as one object; edit it by hand"
                    )),
                };
            }
        }
    }
    Err(format!("`resource.{kind}` is not in the file any more"))
}
