//! CloudFormation rendering: changes on resources loaded from a template become byte-range
//! edits of the template text in its own style (YAML block style and indentation, flow
//! collections, or JSON with its indentation); the rest of the file — comments, quoting, key
//! order — stays as it was. Attribute paths in Terraform vocabulary are mapped back to
//! CloudFormation properties by `rampart_ingest::cloudformation::reverse`.
//!
//! - SetAttribute replaces the value where it is written (at the parameter default when the
//!   value flows unmodified from one the new value is allowed for), or inserts the missing
//!   properties after the last entry of the deepest one that exists. A list set to a subset
//!   of its items (`ingress = []`) removes the dropped items, keeping the others' text.
//! - AddResource of a setting the loader splits off (bucket versioning, encryption, public
//!   access block) writes the property on the owner bucket.
//! - RemoveAttribute removes the property lines (and the parent left empty); RemoveResource
//!   removes the resource from `Resources:`, refused while anything else names it.

pub mod edit;
pub mod text;
pub mod tree;

use super::{RenderContext, Renderer};
use crate::error::FixError;
use edit::{Hop, Via};
use rampart_ingest::cloudformation::reverse::{self, Step};
use rampart_model::{Change, Edit, Resource, SourceFormat, Value};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use text::Style;
use tree::{NodeKind, Template};

pub struct CloudFormationRenderer;

impl Renderer for CloudFormationRenderer {
    fn format(&self) -> SourceFormat {
        SourceFormat::CloudFormation
    }

    fn render(&self, changes: &[&Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError> {
        let mut session = Session {
            ctx,
            templates: BTreeMap::new(),
            ops: BTreeMap::new(),
            edits: Vec::new(),
        };
        for change in changes {
            session.change(change)?;
        }
        session.finish()
    }
}

/// What to do to one resource of a template, in CloudFormation terms.
#[derive(Clone, Debug)]
enum Op {
    Set(Vec<Step>, Json),
    Remove(Vec<Step>),
    RemoveResource,
}

/// An op with who asked for it, for error messages.
struct Planned {
    logical_id: String,
    op: Op,
    address: String,
    path: String,
    line: u32,
}

struct Session<'c, 'a> {
    ctx: &'c RenderContext<'a>,
    templates: BTreeMap<Arc<str>, Arc<Template>>,
    ops: BTreeMap<Arc<str>, Vec<Planned>>,
    edits: Vec<Edit>,
}

fn style_of(t: &Template) -> Style {
    Style {
        json: t.json,
        step: t.indent_step(),
        sequences_indented: t.sequences_indented(),
    }
}

fn not_renderable(r: &Resource, path: &str, why: impl Into<String>) -> FixError {
    let span = r.origin.span();
    FixError::NotRenderable {
        file: span.map(|s| s.file.to_string()).unwrap_or_default(),
        line: span.map(|s| s.start.line).unwrap_or(0),
        address: r.address.clone(),
        path: path.to_string(),
        why: why.into(),
    }
}

/// `Bucket.versioning` → (`Bucket`, `versioning`). Two templates declaring one logical id are
/// loaded with addresses qualified by their file (`stacks/a.yaml:Bucket`); the file is not
/// part of the logical id.
fn split_address<'a>(file: &str, address: &'a str) -> (&'a str, Option<&'a str>) {
    let address = address
        .strip_prefix(file)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(address);
    match address.split_once('.') {
        Some((id, suffix)) => (id, Some(suffix)),
        None => (address, None),
    }
}

impl Session<'_, '_> {
    fn resource(&self, address: &str) -> Result<Resource, FixError> {
        self.ctx
            .inventory
            .by_address(address)
            .map(|r| r.resource().clone())
            .ok_or_else(|| FixError::NoResource {
                address: address.to_string(),
            })
    }

    /// The template a resource comes from, and its file name.
    fn template(&mut self, r: &Resource) -> Result<(Arc<str>, Arc<Template>), FixError> {
        let span = r.origin.span().ok_or_else(|| FixError::NotFromCode {
            address: r.address.clone(),
        })?;
        if let Some(t) = self.templates.get(&span.file) {
            return Ok((span.file.clone(), t.clone()));
        }
        let text = self
            .ctx
            .sources
            .get(&span.file)
            .cloned()
            .ok_or_else(|| FixError::NoSource {
                file: span.file.to_string(),
            })?;
        let t =
            Arc::new(Template::parse(&span.file, &text).map_err(|why| not_renderable(r, "", why))?);
        self.templates.insert(span.file.clone(), t.clone());
        Ok((span.file.clone(), t))
    }

    fn plan(&mut self, file: &Arc<str>, r: &Resource, logical_id: &str, path: &str, op: Op) {
        self.ops.entry(file.clone()).or_default().push(Planned {
            logical_id: logical_id.to_string(),
            op,
            address: r.address.clone(),
            path: path.to_string(),
            line: r.origin.span().map(|s| s.start.line).unwrap_or(0),
        });
    }

    fn change(&mut self, change: &Change) -> Result<(), FixError> {
        match change {
            Change::SetAttribute {
                address,
                path,
                value,
            } => self.set(address, path, value),
            Change::RemoveAttribute { address, path } => {
                let r = self.resource(address)?;
                let (file, t) = self.template(&r)?;
                let (logical_id, suffix) = split_address(&file, address);
                let cfn_type = cfn_type(&t, &r, logical_id, path)?;
                let target = reverse::property_for(&cfn_type, suffix, path, None)
                    .map_err(|why| not_renderable(&r, path, why))?;
                self.plan(
                    &file,
                    &r,
                    logical_id,
                    path,
                    Op::Remove(properties(target.steps)),
                );
                Ok(())
            }
            Change::AddResource {
                owner,
                kind,
                attributes,
                references,
                ..
            } => {
                let r = self.resource(owner)?;
                let (file, t) = self.template(&r)?;
                let (logical_id, _) = split_address(&file, owner);
                let cfn_type = cfn_type(&t, &r, logical_id, kind)?;
                let suffix = reverse::split_off_suffix(&cfn_type, kind).ok_or_else(|| {
                    not_renderable(
                        &r,
                        kind,
                        format!(
                            "a `{cfn_type}` has no property for what `{kind}` sets; add it by hand"
                        ),
                    )
                })?;
                for (attr, value) in attributes
                    .iter()
                    .filter(|(a, _)| !references.contains_key(*a))
                {
                    let target = reverse::property_for(&cfn_type, Some(suffix), attr, Some(value))
                        .map_err(|why| not_renderable(&r, attr, why))?;
                    let value = target
                        .value
                        .ok_or_else(|| not_renderable(&r, attr, "no value to write"))?;
                    self.plan(
                        &file,
                        &r,
                        logical_id,
                        attr,
                        Op::Set(properties(target.steps), value),
                    );
                }
                Ok(())
            }
            Change::RemoveResource { address } => {
                let r = self.resource(address)?;
                let (file, t) = self.template(&r)?;
                let (logical_id, suffix) = split_address(&file, address);
                match suffix {
                    None => self.plan(&file, &r, logical_id, "", Op::RemoveResource),
                    Some(suffix) => {
                        let cfn_type = cfn_type(&t, &r, logical_id, "")?;
                        let steps =
                            reverse::split_off_property(&cfn_type, suffix).ok_or_else(|| {
                                not_renderable(
                                    &r,
                                    "",
                                    "this setting has no property of its own to remove",
                                )
                            })?;
                        self.plan(&file, &r, logical_id, "", Op::Remove(properties(steps)));
                    }
                }
                Ok(())
            }
        }
    }

    fn set(&mut self, address: &str, path: &str, value: &Value) -> Result<(), FixError> {
        let r = self.resource(address)?;
        let (file, t) = self.template(&r)?;
        let (logical_id, suffix) = split_address(&file, address);
        let cfn_type = cfn_type(&t, &r, logical_id, path)?;
        if let Some(dropped) = dropped_items(&r, path, value) {
            let whole = dropped.len() == r.get(path).map_or(0, |v| v.items().len());
            let targets: Vec<String> = if whole {
                vec![path.to_string()]
            } else {
                dropped.iter().map(|i| format!("{path}.{i}")).collect()
            };
            for p in targets {
                let target = reverse::property_for(&cfn_type, suffix, &p, None)
                    .map_err(|why| not_renderable(&r, &p, why))?;
                self.plan(
                    &file,
                    &r,
                    logical_id,
                    &p,
                    Op::Remove(properties(target.steps)),
                );
            }
            return Ok(());
        }
        let target = reverse::property_for(&cfn_type, suffix, path, Some(value))
            .map_err(|why| not_renderable(&r, path, why))?;
        let new = target
            .value
            .ok_or_else(|| not_renderable(&r, path, "no value to write"))?;
        if let Some(edit) = at_parameter_default(&t, &file, &r, &cfn_type, suffix, path, &new) {
            self.edits.push(edit);
            return Ok(());
        }
        self.plan(
            &file,
            &r,
            logical_id,
            path,
            Op::Set(properties(target.steps), new),
        );
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<Edit>, FixError> {
        let ops = std::mem::take(&mut self.ops);
        for (file, planned) in ops {
            let Some(t) = self.templates.get(&file).cloned() else {
                continue;
            };
            for (range, replacement) in file_edits(&t, &file, &planned)? {
                self.edits.push(Edit {
                    file: file.to_string(),
                    start_byte: range.start,
                    end_byte: range.end,
                    replacement,
                });
            }
        }
        Ok(self.edits)
    }
}

/// Steps from the resource's body: under `Properties`.
fn properties(steps: Vec<Step>) -> Vec<Step> {
    std::iter::once(Step::Key("Properties".into()))
        .chain(steps)
        .collect()
}

fn cfn_type(t: &Template, r: &Resource, logical_id: &str, path: &str) -> Result<String, FixError> {
    t.resource_type(logical_id).ok_or_else(|| {
        not_renderable(
            r,
            path,
            format!("`{logical_id}` has no literal `Type` in the template"),
        )
    })
}

/// When `value` keeps some items of the current list and drops others (in order), the
/// indices dropped; the kept items' text then stays as written.
pub(crate) fn dropped_items(r: &Resource, path: &str, value: &Value) -> Option<Vec<usize>> {
    let (Some(Value::List(current)), Value::List(new)) = (r.get(path), value) else {
        return None;
    };
    if new.len() >= current.len() {
        return None;
    }
    let mut dropped = Vec::new();
    let mut wanted = new.iter().peekable();
    for (i, item) in current.iter().enumerate() {
        if wanted.peek().is_some_and(|w| *w == item) {
            wanted.next();
        } else {
            dropped.push(i);
        }
    }
    wanted.peek().is_none().then_some(dropped)
}

/// The edit of a parameter's `Default` when the attribute's value comes from it unmodified
/// and the parameter allows the new value.
fn at_parameter_default(
    t: &Template,
    file: &Arc<str>,
    r: &Resource,
    cfn_type: &str,
    suffix: Option<&str>,
    path: &str,
    new: &Json,
) -> Option<Edit> {
    let origin = r.value_origins.get(path)?;
    if origin.file != *file {
        return None;
    }
    // the loader's origin may run on over a trailing comment: compare where it starts
    let parameter = t.root.get("Parameters")?.entries().iter().find(|p| {
        p.value
            .get("Default")
            .is_some_and(|d| d.range.start == origin.start_byte)
    })?;
    let default = parameter.value.get("Default")?;
    let written = default.scalar()?;
    let current = r.get(path)?;
    let current_cfn = reverse::property_for(cfn_type, suffix, path, Some(current))
        .ok()?
        .value?;
    if !scalar_text(&current_cfn)?.eq_ignore_ascii_case(written) {
        return None;
    }
    let new_text = scalar_text(new)?;
    if let Some(allowed) = parameter.value.get("AllowedValues")
        && !allowed
            .items()
            .iter()
            .any(|a| a.scalar() == Some(new_text.as_str()))
    {
        return None;
    }
    // keep the default's quoting: a `Type: String` parameter written `"false"` stays a string
    let quote = t
        .text
        .get(default.range.clone())
        .and_then(|s| s.chars().next())
        .filter(|c| *c == '"' || *c == '\'');
    let replacement = match (quote, new) {
        (Some(q), Json::Bool(_) | Json::Number(_)) => format!("{q}{new_text}{q}"),
        _ if t.json => serde_json::to_string(new).ok()?,
        _ => text::yaml_scalar(new, false),
    };
    Some(Edit {
        file: file.to_string(),
        start_byte: default.range.start,
        end_byte: default.range.end,
        replacement,
    })
}

fn scalar_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Bool(b) => Some(b.to_string()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The edits of one template for all ops planned on it.
fn file_edits(
    t: &Template,
    file: &str,
    planned: &[Planned],
) -> Result<Vec<(Range<usize>, String)>, FixError> {
    let style = style_of(t);
    let resources = t.root.get("Resources").ok_or_else(|| FixError::NoSource {
        file: format!("{file}: the template has no `Resources`"),
    })?;
    let mut out = Vec::new();
    // new content per existing node, merged so one insertion writes it all
    let mut pending: BTreeMap<(usize, usize), (&tree::Node, Json)> = BTreeMap::new();
    for p in planned {
        let fail = |why: String| FixError::NotRenderable {
            file: file.to_string(),
            line: p.line,
            address: p.address.clone(),
            path: p.path.clone(),
            why,
        };
        match &p.op {
            Op::Set(steps, value) => {
                let walk = edit::walk(resources, &p.logical_id, steps).map_err(fail)?;
                let last = walk
                    .hops
                    .last()
                    .ok_or_else(|| fail("nothing to change".into()))?;
                if walk.remaining.is_empty() {
                    out.push(edit::replace(t, &style, last, value));
                    continue;
                }
                if let (Some(Step::Index(i)), NodeKind::Seq(items)) =
                    (walk.remaining.first(), &last.node.kind)
                    && *i != items.len()
                {
                    return Err(fail(format!(
                        "item {i} does not exist and is not the next one"
                    )));
                }
                let add = edit::nest(&walk.remaining, value.clone()).map_err(fail)?;
                let node = last.node;
                match pending.get_mut(&(node.range.start, node.range.end)) {
                    Some((_, existing)) => edit::merge(existing, add),
                    None => {
                        pending.insert((node.range.start, node.range.end), (node, add));
                    }
                }
            }
            Op::Remove(steps) => {
                let walk = edit::walk(resources, &p.logical_id, steps).map_err(fail)?;
                if !walk.remaining.is_empty() {
                    // not written: nothing to remove
                    continue;
                }
                let range = edit::removal(t, &walk.hops)
                    .ok_or_else(|| fail("removing it would remove the whole resource".into()))?;
                out.push((range, String::new()));
            }
            Op::RemoveResource => {
                out.push(resource_removal(t, resources, &p.logical_id).map_err(fail)?);
            }
        }
    }
    // deepest first, so an insertion into a nested mapping comes before its parent's at the
    // same end of line
    for ((start, _), (node, add)) in pending.into_iter().rev() {
        let (at, text) =
            edit::insert(t, &style, node, &add).map_err(|why| FixError::NotRenderable {
                file: file.to_string(),
                line: 0,
                address: String::new(),
                path: format!("byte {start}"),
                why,
            })?;
        out.push((at..at, text));
    }
    Ok(out)
}

/// The range removing a whole resource, refused while any other part of the template names
/// its logical id (a `Ref`, `GetAtt`, `Sub`, `DependsOn` or output would break).
fn resource_removal(
    t: &Template,
    resources: &tree::Node,
    logical_id: &str,
) -> Result<(Range<usize>, String), String> {
    let (index, entry) = resources
        .entries()
        .iter()
        .enumerate()
        .find(|(_, e)| e.key == logical_id)
        .ok_or_else(|| format!("resource `{logical_id}` is not in the template any more"))?;
    if resources.entries().len() < 2 {
        return Err("it is the template's only resource".into());
    }
    let own = entry.key_range.start..entry.value.range.end;
    if let Some(at) = mentions(&t.text, logical_id)
        .into_iter()
        .find(|at| !own.contains(at))
    {
        let line = t.text.get(..at).map_or(0, |s| s.matches('\n').count()) + 1;
        return Err(format!(
            "line {line} names `{logical_id}`; remove that reference first"
        ));
    }
    let hop = Hop {
        parent: resources,
        via: Via::Entry(entry, index),
        node: &entry.value,
    };
    let range =
        edit::own_removal(t, &hop).ok_or_else(|| "its lines could not be found".to_string())?;
    Ok((range, String::new()))
}

/// Byte offsets where `word` appears as a whole identifier.
fn mentions(text: &str, word: &str) -> Vec<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word)
        .filter(|(at, _)| {
            let before = text.get(..*at).and_then(|s| s.chars().next_back());
            let after = text.get(at + word.len()..).and_then(|s| s.chars().next());
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
        .map(|(at, _)| at)
        .collect()
}
