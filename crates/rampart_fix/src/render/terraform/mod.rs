//! Terraform rendering: changes become byte-range edits of the original `.tf` / `.tfvars`
//! text, keeping every other byte (comments, alignment, heredocs) as it was. hcl-edit is used
//! to parse (for spans) and to print new scalar fragments; it never re-prints a file.
//!
//! - SetAttribute replaces the value when it is written, else inserts `key = value` after the
//!   block's last attribute (indented and aligned like its siblings), creating missing nested
//!   blocks; when the value was written elsewhere (variable default, tfvars, module argument)
//!   and flows unmodified, that place is edited instead (see [`origins`]).
//! - RemoveAttribute / RemoveResource delete whole lines with the structure's own comments.
//! - Blocks made by a `dynamic` block over a variable or local are edited in that list's
//!   element (see [`dynamic`]).
//! - AddResource inserts a block after its owner's, named after the owner, with references
//!   written as expressions and the owner's `count` / `for_each` carried over.
//! - Resources written in Terraform JSON syntax (`.tf.json`) are edited as JSON text (see
//!   [`json_syntax`]).

mod dynamic;
pub mod hcl_text;
pub mod json_syntax;
pub mod layout;
pub mod locate;
pub mod origins;

use super::{RenderContext, Renderer, SharedParses};
use crate::error::FixError;
use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::Block;
use hcl_text::Item;
use locate::{Found, ItemKey, ParsedFile};
use rampart_model::{Change, Edit, Resource, SourceFormat, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub struct TerraformRenderer;

impl Renderer for TerraformRenderer {
    fn format(&self) -> SourceFormat {
        SourceFormat::Terraform
    }

    fn render(&self, changes: &[&Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError> {
        self.render_shared(changes, ctx, &SharedParses::default())
    }

    fn render_shared(
        &self,
        changes: &[&Change],
        ctx: &RenderContext<'_>,
        shared: &SharedParses,
    ) -> Result<Vec<Edit>, FixError> {
        let (json, hcl): (Vec<&Change>, Vec<&Change>) = changes.iter().copied().partition(|c| {
            ctx.inventory
                .by_address(super::subject_address(c))
                .is_some_and(|r| json_syntax::is_json(r.resource()))
        });
        let mut edits = if json.is_empty() {
            Vec::new()
        } else {
            json_syntax::render(&json, ctx)?
        };
        let changes = hcl.as_slice();
        let mut session = Session {
            ctx,
            parsed: &shared.terraform,
            pending: BTreeMap::new(),
            edits: Vec::new(),
        };
        for change in changes {
            session.change(change)?;
        }
        session.flush_pending()?;
        edits.extend(session.edits);
        Ok(edits)
    }
}

/// Items waiting to be inserted into one block: key, block index (for nested blocks), item.
type PendingItems = Vec<(String, Option<usize>, Pending)>;

/// A nested item to insert, merged with other inserts into the same block.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Attribute(String),
    Block(PendingItems),
    /// Blocks given as whole values (a list of objects).
    Blocks(Vec<Vec<Item>>),
}

struct Session<'c, 'a> {
    ctx: &'c RenderContext<'a>,
    parsed: &'c locate::ParseCache,
    /// Inserts by (file, start byte of the parent block): key, index, item.
    pending: BTreeMap<(Arc<str>, usize), PendingItems>,
    edits: Vec<Edit>,
}

/// Where a resource's block is written.
struct Place {
    file: Arc<str>,
    text: Arc<str>,
    parsed: Arc<ParsedFile>,
    block_start: usize,
}

impl Session<'_, '_> {
    fn resource(&self, address: &str) -> Result<&Resource, FixError> {
        self.ctx
            .inventory
            .by_address(address)
            .map(|r| r.resource())
            .ok_or_else(|| FixError::NoResource {
                address: address.to_string(),
            })
    }

    fn place(&mut self, resource: &Resource) -> Result<Place, FixError> {
        let span = resource
            .origin
            .span()
            .ok_or_else(|| FixError::NotFromCode {
                address: resource.address.clone(),
            })?;
        let text = self
            .ctx
            .sources
            .get(&span.file)
            .cloned()
            .ok_or_else(|| FixError::NoSource {
                file: span.file.to_string(),
            })?;
        let parsed = self
            .parsed
            .get(&span.file, &text)
            .map_err(|why| self.not_renderable(resource, "", why))?;
        Ok(Place {
            file: span.file.clone(),
            text,
            parsed,
            block_start: span.start_byte,
        })
    }

    /// A change to a block a `dynamic` block makes, made where its `for_each` list is written;
    /// `None` when `path` is not in such a block.
    fn edit_dynamic(
        &mut self,
        resource: &Resource,
        place: &Place,
        block: &Block,
        path: &str,
        wanted: dynamic::Wanted<'_>,
    ) -> Option<Result<(), FixError>> {
        let made = dynamic::edit(
            block,
            &place.file,
            path,
            wanted,
            self.ctx.sources,
            self.parsed,
        )?;
        Some(match made {
            Ok(edits) => {
                self.edits.extend(edits);
                Ok(())
            }
            Err(why) => Err(self.not_renderable(resource, path, why)),
        })
    }

    fn not_renderable(&self, resource: &Resource, path: &str, why: impl Into<String>) -> FixError {
        let span = resource.origin.span();
        FixError::NotRenderable {
            file: span.map(|s| s.file.to_string()).unwrap_or_default(),
            line: span.map(|s| s.start.line).unwrap_or(0),
            address: resource.address.clone(),
            path: path.to_string(),
            why: why.into(),
        }
    }

    fn edit(&mut self, file: &Arc<str>, start: usize, end: usize, replacement: String) {
        self.edits.push(Edit {
            file: file.to_string(),
            start_byte: start,
            end_byte: end,
            replacement,
        });
    }

    fn change(&mut self, change: &Change) -> Result<(), FixError> {
        match change {
            Change::SetAttribute {
                address,
                path,
                value,
            } => self.set(address, path, value),
            Change::RemoveAttribute { address, path } => self.remove(address, path),
            Change::AddResource {
                owner,
                kind,
                name,
                attributes,
                references,
            } => self.add_resource(owner, kind, name, attributes, references),
            Change::RemoveResource { address } => self.remove_resource(address),
        }
    }

    fn set(&mut self, address: &str, path: &str, value: &Value) -> Result<(), FixError> {
        let resource = self.resource(address)?.clone();
        if let Some(edit) = origins::edit_at_origin(&resource, path, value, self.ctx.sources) {
            self.edits.push(edit);
            return Ok(());
        }
        let place = self.place(&resource)?;
        let block = block_of(&place, &resource).ok_or_else(|| {
            self.not_renderable(&resource, path, "its block is not in the file any more")
        })?;
        if let Some(done) =
            self.edit_dynamic(&resource, &place, block, path, dynamic::Wanted::Set(value))
        {
            return done;
        }
        let err = |why: String| self.not_renderable(&resource, path, why);
        let found = locate::resolve(block, path).map_err(err)?;
        let text = &place.text;
        match found {
            Found::Attribute(attr) => {
                let rendered = hcl_text::expression(value)
                    .map_err(|w| self.not_renderable(&resource, path, w))?;
                let span = attr
                    .value
                    .span()
                    .ok_or_else(|| self.not_renderable(&resource, path, "no span"))?;
                self.edit(&place.file, span.start, span.end, rendered);
            }
            Found::Item { value: current, .. } => {
                let rendered = hcl_text::expression(value)
                    .map_err(|w| self.not_renderable(&resource, path, w))?;
                let span = current
                    .span()
                    .ok_or_else(|| self.not_renderable(&resource, path, "no span"))?;
                self.edit(&place.file, span.start, span.end, rendered);
            }
            Found::Blocks(blocks) => {
                let edits = self
                    .set_blocks(&resource, &place, path, &blocks, value)
                    .map_err(|why| self.not_renderable(&resource, path, why))?;
                for (start, end, replacement) in edits {
                    self.edit(&place.file, start, end, replacement);
                }
            }
            Found::MissingInBody { parent, remaining } => {
                let parent_start = parent
                    .span()
                    .map(|s| s.start)
                    .ok_or_else(|| self.not_renderable(&resource, path, "no span"))?;
                let (key, index, item) = pending_item(&remaining, value)
                    .map_err(|w| self.not_renderable(&resource, path, w))?;
                let entry = self
                    .pending
                    .entry((place.file.clone(), parent_start))
                    .or_default();
                merge(entry, key, index, item)
                    .map_err(|w| self.not_renderable(&resource, path, w))?;
            }
            Found::MissingInObject { object, remaining } => {
                let nested = remaining.iter().skip(1).rev().fold(value.clone(), |v, k| {
                    Value::Map(BTreeMap::from([(k.clone(), v)]))
                });
                let key = remaining.first().cloned().unwrap_or_default();
                let rendered = hcl_text::expression(&nested)
                    .map_err(|w| self.not_renderable(&resource, path, w))?;
                let (at, insert) =
                    object_insert(text, object, &key, &rendered).ok_or_else(|| {
                        self.not_renderable(
                            &resource,
                            path,
                            "cannot place a new key in this object",
                        )
                    })?;
                self.edit(&place.file, at, at, insert);
            }
        }
        Ok(())
    }

    /// Edits that make the nested blocks at `path` equal `value` (an object for one block, a
    /// list of objects for all of them). Blocks whose value is unchanged keep their text;
    /// blocks no longer wanted are deleted; new ones go after the last. An empty list becomes
    /// `key = []`, which (unlike leaving the blocks out) tells providers such as AWS to remove
    /// every inline rule.
    fn set_blocks(
        &self,
        resource: &Resource,
        place: &Place,
        path: &str,
        blocks: &[&Block],
        value: &Value,
    ) -> Result<Vec<(usize, usize, String)>, String> {
        let text = &place.text;
        let nl = layout::newline(text);
        let unit = layout::indent_unit_near(text, place.block_start);
        let single = path
            .rsplit('.')
            .next()
            .is_some_and(|s| s.parse::<usize>().is_ok());
        let wanted: Vec<&Value> = match value {
            Value::Map(_) => vec![value],
            Value::List(list) if !single => list.iter().collect(),
            _ => {
                return Err(
                    "nested blocks can only be set to an object or a list of objects".into(),
                );
            }
        };
        let current: Vec<Value> = if single {
            resource.get(path).cloned().into_iter().collect()
        } else {
            resource
                .get(path)
                .map(|v| v.items().into_iter().cloned().collect())
                .unwrap_or_default()
        };
        if current.len() != blocks.len() {
            return Err(format!(
                "{} blocks are written but {} are evaluated (dynamic blocks?); edit them by hand",
                blocks.len(),
                current.len()
            ));
        }
        let spans: Vec<std::ops::Range<usize>> = blocks.iter().filter_map(|b| b.span()).collect();
        if spans.len() != blocks.len() {
            return Err("a block has no position".into());
        }
        let ident = blocks
            .first()
            .map(|b| b.ident.as_str().to_string())
            .unwrap_or_default();
        let render = |item: &Value, at: usize| -> Result<String, String> {
            let map = item
                .as_map()
                .ok_or("a nested block can only be set to an object")?;
            let body = hcl_text::items_of_map(map)?;
            let indent = layout::indent_of_line(text, at).to_string();
            let joined = hcl_text::block_lines(&ident, &[], &body, &indent, &unit).join(nl);
            Ok(joined.get(indent.len()..).unwrap_or(&joined).to_string())
        };
        let mut edits = Vec::new();
        if wanted.is_empty() {
            let (first, rest) = spans.split_first().ok_or("no block to replace")?;
            edits.push((first.start, first.end, format!("{ident} = []")));
            for s in rest {
                let (from, to) = layout::removal_range(text, s.start, s.end);
                edits.push((from, to, String::new()));
            }
            return Ok(edits);
        }
        // keep blocks that already hold a wanted value
        let mut kept = vec![false; blocks.len()];
        let mut unmatched = Vec::new();
        for item in &wanted {
            match current
                .iter()
                .enumerate()
                .position(|(i, c)| !kept[i] && c == *item)
            {
                Some(i) => kept[i] = true,
                None => unmatched.push(*item),
            }
        }
        let mut unmatched = unmatched.into_iter();
        for (i, span) in spans.iter().enumerate() {
            if kept[i] {
                continue;
            }
            match unmatched.next() {
                Some(item) => edits.push((span.start, span.end, render(item, span.start)?)),
                None => {
                    let (from, to) = layout::removal_range(text, span.start, span.end);
                    edits.push((from, to, String::new()));
                }
            }
        }
        let last = spans.iter().map(|s| s.end).max().ok_or("no block")?;
        let at = layout::next_line_start(text, last);
        for item in unmatched {
            let indent = layout::indent_of_line(text, last);
            edits.push((at, at, format!("{nl}{indent}{}{nl}", render(item, last)?)));
        }
        Ok(edits)
    }

    fn remove(&mut self, address: &str, path: &str) -> Result<(), FixError> {
        let resource = self.resource(address)?.clone();
        let place = self.place(&resource)?;
        let block = block_of(&place, &resource).ok_or_else(|| {
            self.not_renderable(&resource, path, "its block is not in the file any more")
        })?;
        if let Some(done) =
            self.edit_dynamic(&resource, &place, block, path, dynamic::Wanted::Remove)
        {
            return done;
        }
        let found =
            locate::resolve(block, path).map_err(|w| self.not_renderable(&resource, path, w))?;
        let text = &place.text;
        let mut ranges = Vec::new();
        match found {
            Found::Attribute(attr) => ranges.extend(attr.span()),
            Found::Blocks(blocks) => ranges.extend(blocks.iter().filter_map(|b| b.span())),
            Found::Item {
                container,
                key,
                value,
            } => {
                let range = item_removal(text, container, &key, value).ok_or_else(|| {
                    self.not_renderable(&resource, path, "cannot remove this element in place")
                })?;
                self.edit(&place.file, range.0, range.1, String::new());
                return Ok(());
            }
            // already absent: nothing to remove
            Found::MissingInBody { .. } | Found::MissingInObject { .. } => return Ok(()),
        }
        for span in ranges {
            let (from, to) = layout::removal_range(text, span.start, span.end);
            self.edit(&place.file, from, to, String::new());
        }
        Ok(())
    }

    fn remove_resource(&mut self, address: &str) -> Result<(), FixError> {
        let resource = self.resource(address)?.clone();
        let place = self.place(&resource)?;
        let block = block_of(&place, &resource).ok_or_else(|| {
            self.not_renderable(&resource, "", "its block is not in the file any more")
        })?;
        let span = block
            .span()
            .ok_or_else(|| self.not_renderable(&resource, "", "no span"))?;
        let (from, to) = layout::removal_range(&place.text, span.start, span.end);
        self.edit(&place.file, from, to, String::new());
        Ok(())
    }

    fn add_resource(
        &mut self,
        owner: &str,
        kind: &str,
        name: &str,
        attributes: &BTreeMap<String, Value>,
        references: &BTreeMap<String, String>,
    ) -> Result<(), FixError> {
        let resource = self.resource(owner)?.clone();
        let place = self.place(&resource)?;
        let text = place.text.clone();
        let block = block_of(&place, &resource).ok_or_else(|| {
            self.not_renderable(&resource, "", "its block is not in the file any more")
        })?;
        let span = block
            .span()
            .ok_or_else(|| self.not_renderable(&resource, "", "no span"))?;
        let owner_name = block
            .labels
            .get(1)
            .map(|l| l.as_str().to_string())
            .unwrap_or_else(|| name.to_string());
        let owner_local = format!("{}.{owner_name}", resource.kind);
        let local_name = self.unused_name(&resource, &place, kind, &owner_name);
        let count = locate::meta_argument(&text, block, "count").map(str::to_string);
        let for_each = locate::meta_argument(&text, block, "for_each").map(str::to_string);

        let mut items = Vec::new();
        if let Some(c) = &count {
            items.push(Item::Attribute("count".into(), c.clone()));
        } else if let Some(f) = &for_each {
            items.push(Item::Attribute("for_each".into(), f.clone()));
        }
        for (attr, target) in references {
            let expr = reference_expression(
                target,
                &resource.module,
                &owner_local,
                count.is_some(),
                for_each.is_some(),
            )
            .ok_or_else(|| {
                self.not_renderable(
                    &resource,
                    attr,
                    format!("`{target}` is not a reference (address.attribute)"),
                )
            })?;
            items.push(Item::Attribute(attr.clone(), expr));
        }
        let rest: BTreeMap<String, Value> = attributes
            .iter()
            .filter(|(k, _)| !references.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        items.extend(
            hcl_text::items_of_map(&rest).map_err(|w| self.not_renderable(&resource, "", w))?,
        );
        let indent = layout::indent_of_line(&text, span.start).to_string();
        let unit = layout::indent_unit_near(&text, span.start);
        let nl = layout::newline(&text);
        let lines = hcl_text::block_lines(
            "resource",
            &[kind, &local_name],
            &group_attributes(items),
            &indent,
            &unit,
        );
        let at = layout::next_line_start(&text, span.end);
        let mut insert = String::new();
        if at == text.len() && !text.ends_with('\n') {
            insert.push_str(nl);
        }
        insert.push_str(nl);
        insert.push_str(&lines.join(nl));
        insert.push_str(nl);
        self.edit(&place.file, at, at, insert);
        Ok(())
    }

    /// `owner_name`, or `owner_name_2`, … : the first that no block of `kind` in the owner's
    /// folder and no resource of its module uses.
    fn unused_name(&self, owner: &Resource, place: &Place, kind: &str, owner_name: &str) -> String {
        let folder = Path::new(&*place.file).parent().unwrap_or(Path::new(""));
        let taken = self.parsed.resource_names(folder, kind, self.ctx.sources);
        let prefix = if owner.module.is_empty() {
            String::new()
        } else {
            format!("{}.", owner.module)
        };
        let in_inventory = |n: &str| {
            let base = format!("{prefix}{kind}.{n}");
            let instance = format!("{base}[");
            self.ctx
                .inventory
                .of_kind(kind)
                .any(|r| r.address == base || r.address.starts_with(&instance))
        };
        let mut candidate = owner_name.to_string();
        let mut n = 2;
        while taken.contains(&candidate) || in_inventory(&candidate) {
            candidate = format!("{owner_name}_{n}");
            n += 1;
        }
        candidate
    }

    fn flush_pending(&mut self) -> Result<(), FixError> {
        let pending = std::mem::take(&mut self.pending);
        for ((file, parent_start), items) in pending {
            let text = self
                .ctx
                .sources
                .get(&file)
                .cloned()
                .ok_or_else(|| FixError::NoSource {
                    file: file.to_string(),
                })?;
            let parsed = self
                .parsed
                .get(&file, &text)
                .map_err(|_| FixError::NoSource {
                    file: file.to_string(),
                })?;
            let parent =
                find_block_at(&parsed.body, parent_start).ok_or_else(|| FixError::NoSource {
                    file: file.to_string(),
                })?;
            let new_items = to_items(&items);
            let edits = insert_into_block(&text, parent, &new_items).ok_or_else(|| {
                FixError::NotRenderable {
                    file: file.to_string(),
                    line: line_of(&text, parent_start),
                    address: String::new(),
                    path: String::new(),
                    why: "cannot find the braces of the block to insert into".into(),
                }
            })?;
            for (at_start, at_end, replacement) in edits {
                self.edit(&file, at_start, at_end, replacement);
            }
        }
        Ok(())
    }
}

fn line_of(text: &str, byte: usize) -> u32 {
    text.get(..byte)
        .map(|t| t.matches('\n').count() as u32 + 1)
        .unwrap_or(0)
}

fn block_of<'p>(place: &'p Place, resource: &Resource) -> Option<&'p Block> {
    let name = resource.name.split('[').next().unwrap_or(&resource.name);
    locate::resource_block(&place.parsed, place.block_start, &resource.kind, name)
}

/// The block (at any depth) whose span starts at `start`.
fn find_block_at(body: &hcl_edit::structure::Body, start: usize) -> Option<&Block> {
    for b in body.blocks() {
        let span = b.span()?;
        if span.start == start {
            return Some(b);
        }
        if span.start < start && start < span.end {
            return find_block_at(&b.body, start);
        }
    }
    None
}

/// The pending item for the part of a path that is not written: `[key]` is an attribute (or
/// blocks, for a list of objects); `[key, 0, rest..]` / `[key, rest..]` a new nested block.
fn pending_item(
    remaining: &[String],
    value: &Value,
) -> Result<(String, Option<usize>, Pending), String> {
    let (key, rest) = remaining.split_first().ok_or("empty path")?;
    let (index, rest) = match rest.split_first() {
        Some((first, tail)) if first.parse::<usize>().is_ok() => {
            (first.parse::<usize>().ok(), tail)
        }
        _ => (None, rest),
    };
    if rest.is_empty() {
        if index.is_some() {
            let map = value
                .as_map()
                .ok_or("a nested block can only be set to an object")?;
            return Ok((
                key.clone(),
                index,
                Pending::Blocks(vec![hcl_text::items_of_map(map)?]),
            ));
        }
        if hcl_text::is_block_list(value) {
            let blocks: Result<Vec<Vec<Item>>, _> = value
                .items()
                .into_iter()
                .filter_map(Value::as_map)
                .map(hcl_text::items_of_map)
                .collect();
            return Ok((key.clone(), None, Pending::Blocks(blocks?)));
        }
        return Ok((
            key.clone(),
            None,
            Pending::Attribute(hcl_text::expression(value)?),
        ));
    }
    if index.is_none() {
        // no index: an object attribute (`tags.Name` → `tags = { Name = ... }`); blocks are
        // always addressed with their index (`metadata_options.0.http_tokens`)
        let nested = rest.iter().rev().fold(value.clone(), |v, k| {
            Value::Map(BTreeMap::from([(k.clone(), v)]))
        });
        return Ok((
            key.clone(),
            None,
            Pending::Attribute(hcl_text::expression(&nested)?),
        ));
    }
    let inner = pending_item(rest, value)?;
    Ok((key.clone(), index, Pending::Block(vec![inner])))
}

fn merge(
    into: &mut PendingItems,
    key: String,
    index: Option<usize>,
    item: Pending,
) -> Result<(), String> {
    match into.iter_mut().find(|(k, i, _)| *k == key && *i == index) {
        None => {
            into.push((key, index, item));
            Ok(())
        }
        Some((_, _, existing)) if *existing == item => Ok(()),
        Some((_, _, Pending::Block(children))) => match item {
            Pending::Block(more) => {
                for (k, i, p) in more {
                    merge(children, k, i, p)?;
                }
                Ok(())
            }
            _ => Err(format!("two changes disagree about `{key}`")),
        },
        Some(_) => Err(format!("two changes set `{key}` to different values")),
    }
}

fn to_items(pending: &[(String, Option<usize>, Pending)]) -> Vec<Item> {
    let mut out = Vec::new();
    for (key, _, p) in pending {
        match p {
            Pending::Attribute(text) => out.push(Item::Attribute(key.clone(), text.clone())),
            Pending::Block(children) => out.push(Item::Block(key.clone(), to_items(children))),
            Pending::Blocks(bodies) => {
                out.extend(bodies.iter().map(|b| Item::Block(key.clone(), b.clone())))
            }
        }
    }
    group_attributes(out)
}

/// Attributes before blocks, each group in its original order.
fn group_attributes(items: Vec<Item>) -> Vec<Item> {
    let (attrs, blocks): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|i| matches!(i, Item::Attribute(..)));
    attrs.into_iter().chain(blocks).collect()
}

/// `address.attribute` as an expression in the owner's module: the module prefix dropped, the
/// owner's instance key replaced by `count.index` / `each.key` when the new block repeats too.
fn reference_expression(
    target: &str,
    module: &str,
    owner_local: &str,
    counted: bool,
    each: bool,
) -> Option<String> {
    let target = if module.is_empty() {
        target
    } else {
        target.strip_prefix(module)?.strip_prefix('.')?
    };
    let cut = last_dot_outside_brackets(target)?;
    let (address, attribute) = (target.get(..cut)?, target.get(cut + 1..)?);
    let (local, key) = match address.find('[') {
        Some(i) => (address.get(..i)?, address.get(i..)?),
        None => (address, ""),
    };
    if local.split('.').count() != 2 || attribute.is_empty() {
        return None;
    }
    let key = if local == owner_local && counted {
        "[count.index]"
    } else if local == owner_local && each {
        "[each.key]"
    } else {
        key
    };
    Some(format!("{local}{key}.{attribute}"))
}

fn last_dot_outside_brackets(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_string = false;
    let mut last = None;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '[' if !in_string => depth += 1,
            ']' if !in_string => depth -= 1,
            '.' if !in_string && depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last
}

/// Edits that insert `items` into `parent`: attributes after its last attribute, blocks at the
/// end of its body. A one-line block (`x { a = 1 }`, `x {}`) is opened up onto several lines.
fn insert_into_block(
    text: &str,
    parent: &Block,
    items: &[Item],
) -> Option<Vec<(usize, usize, String)>> {
    let (open, close) = locate::braces(text, parent)?;
    let nl = layout::newline(text);
    let unit = layout::indent_unit_near(text, open);
    let block_indent = layout::indent_of_line(text, parent.span()?.start).to_string();
    let structures = locate::structure_spans(&parent.body);
    let child_indent = structures
        .iter()
        .find(|(s, _)| layout::blank_between(text, layout::line_start(text, s.start), s.start))
        .map(|(s, _)| layout::indent_of_line(text, s.start).to_string())
        .unwrap_or_else(|| format!("{block_indent}{unit}"));
    let new_attrs: Vec<&Item> = items
        .iter()
        .filter(|i| matches!(i, Item::Attribute(..)))
        .collect();
    let new_blocks: Vec<Item> = items
        .iter()
        .filter(|i| matches!(i, Item::Block(..)))
        .cloned()
        .collect();

    let one_line = !text.get(open..close)?.contains('\n');
    if one_line {
        // rebuild the inside: the existing attribute (if any) on its own line, then the new items
        let existing = text.get(open + 1..close)?.trim();
        let mut lines = Vec::new();
        if !existing.is_empty() {
            lines.push(format!("{child_indent}{existing}"));
        }
        let mut all: Vec<Item> = new_attrs.iter().map(|i| (*i).clone()).collect();
        all.extend(new_blocks);
        let body = hcl_text::body_lines(&all, &child_indent, &unit);
        if !lines.is_empty()
            && body.first().is_some_and(|l| {
                !l.trim_start()
                    .starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '"')
                    || l.trim_end().ends_with('{')
            })
        {
            lines.push(String::new());
        }
        lines.extend(body);
        let replacement = format!("{nl}{}{nl}{block_indent}", lines.join(nl));
        return Some(vec![(open + 1, close, replacement)]);
    }

    let mut edits = Vec::new();
    let last_attr = structures
        .iter()
        .filter(|(_, is_attr)| *is_attr)
        .map(|(s, _)| s.clone())
        .max_by_key(|s| s.end);
    let after_open = layout::next_line_start(text, open);
    if !new_attrs.is_empty() {
        let at = last_attr
            .as_ref()
            .map(|s| layout::next_line_start(text, s.end))
            .unwrap_or(after_open);
        let group_width = last_attr
            .as_ref()
            .and_then(|s| aligned_width(text, &parent.body, s.clone()));
        let new_width = new_attrs
            .iter()
            .filter_map(|i| match i {
                Item::Attribute(k, _) => Some(hcl_text::object_key(k).chars().count()),
                Item::Block(..) => None,
            })
            .max()
            .unwrap_or(0);
        let (width, separate) = match group_width {
            Some(w) if new_width <= w => (w, false),
            Some(_) => (new_width, true),
            None => (new_width, false),
        };
        let mut insert = String::new();
        if separate {
            insert.push_str(nl);
        }
        for item in &new_attrs {
            if let Item::Attribute(k, v) = item {
                let key = hcl_text::object_key(k);
                insert.push_str(&format!("{child_indent}{key:<width$} = {v}{nl}"));
            }
        }
        edits.push((at, at, insert));
    }
    if !new_blocks.is_empty() {
        let last = structures.iter().map(|(s, _)| s.end).max();
        let at = last
            .map(|end| layout::next_line_start(text, end))
            .unwrap_or(after_open);
        let mut insert = String::new();
        for block in &new_blocks {
            if last.is_some() || !new_attrs.is_empty() || !insert.is_empty() {
                insert.push_str(nl);
            }
            insert.push_str(
                &hcl_text::body_lines(std::slice::from_ref(block), &child_indent, &unit).join(nl),
            );
            insert.push_str(nl);
        }
        edits.push((at, at, insert));
    }
    Some(edits)
}

/// The key width the run of single-line attributes ending with `last` is aligned to
/// (`acl    = ...` → 6), or `None` when `last` spans several lines.
fn aligned_width(
    text: &str,
    body: &hcl_edit::structure::Body,
    last: std::ops::Range<usize>,
) -> Option<usize> {
    let single_line =
        |s: &std::ops::Range<usize>| text.get(s.clone()).is_some_and(|t| !t.contains('\n'));
    if !single_line(&last) {
        return None;
    }
    let attr = body
        .attributes()
        .find(|a| a.span().as_ref() == Some(&last))?;
    let key_end = attr.key.span()?.end;
    let value_start = attr.value.span()?.start;
    let between = text.get(key_end..value_start)?;
    let eq = between.find('=')?;
    let key_len = text.get(last.start..key_end)?.chars().count();
    Some(key_len + between.get(..eq)?.chars().count().saturating_sub(1))
}

/// Where and what to insert to add `key = rendered` to an object literal.
fn object_insert(
    text: &str,
    object: &Expression,
    key: &str,
    rendered: &str,
) -> Option<(usize, String)> {
    let span = object.span()?;
    let close = span.end.checked_sub(1)?;
    let inner = text.get(span.start + 1..close)?;
    let key = hcl_text::object_key(key);
    if inner.contains('\n') {
        // multi-line: a new line before the closing brace, indented like the entries
        let close_line = layout::line_start(text, close);
        let entry_indent = inner
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| {
                l.get(..l.len() - l.trim_start().len())
                    .unwrap_or("")
                    .to_string()
            })
            .unwrap_or_else(|| {
                format!(
                    "{}{}",
                    layout::indent_of_line(text, close),
                    layout::indent_unit(text)
                )
            });
        if !layout::blank_between(text, close_line, close) {
            return None;
        }
        return Some((
            close_line,
            format!("{entry_indent}{key} = {rendered}{}", layout::newline(text)),
        ));
    }
    let trimmed_end = span.start + 1 + inner.trim_end().len();
    if inner.trim().is_empty() {
        Some((span.start + 1, format!(" {key} = {rendered} ")))
    } else {
        let sep = if inner.trim_end().ends_with(',') {
            " "
        } else {
            ", "
        };
        Some((trimmed_end, format!("{sep}{key} = {rendered}")))
    }
}

/// The byte range that removes one element of a list or object literal, with its separator.
fn item_removal(
    text: &str,
    container: &Expression,
    key: &ItemKey,
    value: &Expression,
) -> Option<(usize, usize)> {
    let value_span = value.span()?;
    let start = match (container, key) {
        (Expression::Object(o), ItemKey::Key(k)) => {
            o.iter()
                .find(|(ok, _)| match ok {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str() == k,
                    hcl_edit::expr::ObjectKey::Expression(Expression::String(s)) => s.value() == k,
                    _ => false,
                })
                .and_then(|(ok, _)| ok.span())?
                .start
        }
        _ => value_span.start,
    };
    let end = value_span.end;
    // own line(s): delete the lines
    let trailing = text.get(end..layout::line_end(text, end))?.trim();
    if layout::blank_between(text, layout::line_start(text, start), start)
        && (trailing.is_empty()
            || trailing == ","
            || trailing.starts_with('#')
            || trailing.starts_with(", #"))
    {
        return Some((
            layout::line_start(text, start),
            layout::next_line_start(text, end),
        ));
    }
    // inline: take the following separator, or the preceding one for the last element
    let after = text.get(end..)?;
    let after_trim = after.trim_start();
    if let Some(rest) = after_trim.strip_prefix(',') {
        let skip = after.len() - after_trim.len() + 1 + (rest.len() - rest.trim_start().len());
        let next = text.get(end + skip..)?.chars().next()?;
        if next != ']' && next != '}' {
            return Some((start, end + skip));
        }
    }
    let before = text.get(..start)?;
    match before.trim_end().strip_suffix(',') {
        // the last element: take the comma before it
        Some(b) => Some((b.len(), end)),
        // the only element (a trailing comma after it goes too)
        None => {
            let trailing_comma = after_trim.starts_with(',');
            let skip = if trailing_comma {
                after.len() - after_trim.len() + 1
            } else {
                0
            };
            Some((start, end + skip))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_follow_the_owner_instances() {
        let e = reference_expression(
            "aws_s3_bucket.logs[0].id",
            "",
            "aws_s3_bucket.logs",
            true,
            false,
        );
        assert_eq!(e.as_deref(), Some("aws_s3_bucket.logs[count.index].id"));
        let e = reference_expression(
            "module.m.aws_s3_bucket.logs[\"a.b\"].arn",
            "module.m",
            "aws_s3_bucket.logs",
            false,
            true,
        );
        assert_eq!(e.as_deref(), Some("aws_s3_bucket.logs[each.key].arn"));
        let e = reference_expression("aws_kms_key.k.arn", "", "aws_s3_bucket.logs", true, false);
        assert_eq!(e.as_deref(), Some("aws_kms_key.k.arn"));
        assert_eq!(
            reference_expression("nonsense", "", "x.y", false, false),
            None
        );
    }
}
