//! Fixes of blocks a `dynamic` block makes: when its `for_each` is a variable or a local
//! written as a literal list or map, a value of block N (`ingress.1.cidr_blocks`, read in
//! `content` as `ingress.value.cidrs`) is edited where it is written — element N of that list
//! (of a map: the element under its N-th key in sorted order, the order Terraform makes the
//! blocks in), in the tfvars file, the variable's default or the local — and removing block N
//! removes that element. Elements may nest maps and lists in any mix; the path is followed
//! through both.
//!
//! Never edits the `dynamic` block itself (that would change every block it makes), and
//! answers `None` for paths that are not of such blocks so the ordinary rendering applies. The
//! place found is the one a scan without `--var-file` reads; the verification loop re-loads the
//! edited text and refuses the fix when the finding stays.

use super::locate::{self, Found, ParseCache, ParsedFile};
use super::{hcl_text, item_removal, object_insert};
use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::structure::{Block, Body};
use rampart_model::{Edit, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What to do at the path.
pub enum Wanted<'v> {
    Set(&'v Value),
    Remove,
}

/// Where the list a `dynamic` block iterates over is written.
struct Collection {
    file: Arc<str>,
    text: Arc<str>,
    parsed: Arc<ParsedFile>,
    kind: Source,
    name: String,
}

#[derive(Clone, Copy)]
enum Source {
    Variable,
    Local,
    Tfvars,
}

/// The edit of `path` in `block` (a resource block of `file`) when the path is in a block made
/// by a `dynamic` block over a variable or local; `None` when it is not.
pub fn edit(
    block: &Block,
    file: &Arc<str>,
    path: &str,
    wanted: Wanted<'_>,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    parsed: &ParseCache,
) -> Option<Result<Vec<Edit>, String>> {
    let segs = locate::segments(path);
    let (ident, index) = match segs.as_slice() {
        [ident, index, ..] => (ident.as_str(), index.parse::<usize>().ok()?),
        _ => return None,
    };
    if block.body.blocks().any(|b| b.ident.as_str() == ident) {
        return None;
    }
    let mut dynamics = block.body.blocks().filter(|b| {
        b.ident.as_str() == "dynamic" && b.labels.first().is_some_and(|l| l.as_str() == ident)
    });
    let dynamic = dynamics.next()?;
    if dynamics.next().is_some() {
        return Some(Err(format!(
            "the `{ident}` blocks come from several `dynamic` blocks; edit their lists by hand"
        )));
    }
    Some(edit_in_dynamic(
        dynamic, ident, index, &segs, file, wanted, sources, parsed,
    ))
}

#[allow(clippy::too_many_arguments)] // one call site; the pieces are what the edit needs
fn edit_in_dynamic(
    dynamic: &Block,
    ident: &str,
    index: usize,
    segs: &[String],
    file: &Arc<str>,
    wanted: Wanted<'_>,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    parsed: &ParseCache,
) -> Result<Vec<Edit>, String> {
    let computed = || {
        format!(
            "the `{ident}` blocks come from a `dynamic` block whose `for_each` is not a variable or local; edit its list by hand"
        )
    };
    let for_each = dynamic
        .body
        .get_attribute("for_each")
        .ok_or_else(computed)?;
    let (root, name) = root_and_name(&for_each.value).ok_or_else(computed)?;
    let kind = match root.as_str() {
        "var" => Source::Variable,
        "local" => Source::Local,
        _ => return Err(computed()),
    };
    let iterator = match dynamic.body.get_attribute("iterator").map(|a| &a.value) {
        Some(Expression::Variable(v)) => v.value().as_str().to_string(),
        _ => ident.to_string(),
    };
    let content = dynamic
        .body
        .get_blocks("content")
        .next()
        .ok_or("the `dynamic` block has no `content`")?;
    // the path inside element `index` of the list
    let mut inside = vec![index.to_string()];
    if let Some(attribute) = segs.get(2) {
        let attr = content.body.get_attribute(attribute).ok_or_else(|| {
            format!(
                "`{attribute}` is not written in the `dynamic \"{ident}\"` content; adding it would change every block, so edit it by hand"
            )
        })?;
        let keys = element_keys(&attr.value, &iterator).ok_or_else(|| {
            format!(
                "`{attribute}` in the `dynamic \"{ident}\"` content is not read straight from `{iterator}.value`; edit it by hand"
            )
        })?;
        inside.extend(keys);
        inside.extend(segs.iter().skip(3).cloned());
    }
    let collection = find_collection(kind, &name, file, sources, parsed).ok_or_else(|| {
        format!("`{root}.{name}` is not written as a literal in the module's files")
    })?;
    let expr = expression_of(&collection.parsed.body, &collection)
        .ok_or_else(|| format!("`{root}.{name}` is not found where it is written"))?;
    match locate::unwrap_parens(expr) {
        Expression::Array(_) => {}
        // a map makes its blocks in key order (as Terraform iterates it): block N is the
        // element under the N-th key
        Expression::Object(object) => {
            let mut keys = object
                .iter()
                .map(|(k, _)| locate::key_name(k))
                .collect::<Option<Vec<String>>>()
                .ok_or_else(|| {
                    format!(
                        "`{root}.{name}` has a key that is not written literally; edit it by hand"
                    )
                })?;
            keys.sort();
            let key = keys
                .get(index)
                .ok_or_else(|| format!("`{root}.{name}` has no element {index}"))?;
            if let Some(first) = inside.first_mut() {
                *first = key.clone();
            }
        }
        _ => {
            return Err(format!(
                "`{root}.{name}` is not a list or map literal; edit its elements by hand"
            ));
        }
    }
    let text = &collection.text;
    let at = |start: usize, end: usize, replacement: String| Edit {
        file: collection.file.to_string(),
        start_byte: start,
        end_byte: end,
        replacement,
    };
    let found = locate::resolve_in_expression(expr, &inside, &name)?;
    let whole_element = inside.len() == 1;
    let rendered = |v: &Value| {
        if collection.file.ends_with(".json") {
            Err("a `.tfvars.json` list is not edited here; edit it by hand".to_string())
        } else {
            hcl_text::expression(v).map_err(str::to_string)
        }
    };
    match (found, wanted) {
        (Found::Item { value, .. }, Wanted::Set(v)) => {
            let span = value.span().ok_or("no span")?;
            Ok(vec![at(span.start, span.end, rendered(v)?)])
        }
        (
            Found::Item {
                container,
                key,
                value,
            },
            Wanted::Remove,
        ) if whole_element => {
            let (start, end) = item_removal(text, container, &key, value)
                .ok_or("cannot remove this element in place")?;
            Ok(vec![at(start, end, String::new())])
        }
        // a key the content reads must stay in the element: `null` leaves the argument unset
        (Found::Item { value, .. }, Wanted::Remove) => {
            let span = value.span().ok_or("no span")?;
            Ok(vec![at(span.start, span.end, "null".into())])
        }
        (Found::MissingInObject { object, remaining }, Wanted::Set(v)) => {
            let nested = remaining.iter().skip(1).rev().fold(v.clone(), |v, k| {
                Value::Map(BTreeMap::from([(k.clone(), v)]))
            });
            let key = remaining.first().cloned().unwrap_or_default();
            let (pos, insert) = object_insert(text, object, &key, &rendered(&nested)?)
                .ok_or("cannot place a new key in this object")?;
            Ok(vec![at(pos, pos, insert)])
        }
        (Found::MissingInObject { .. }, Wanted::Remove) => Ok(Vec::new()),
        (Found::Attribute(_) | Found::Blocks(_) | Found::MissingInBody { .. }, _) => Err(format!(
            "`{root}.{name}` cannot be followed to element {index}"
        )),
    }
}

/// `var.NAME` / `local.NAME`: the root and the name.
fn root_and_name(expr: &Expression) -> Option<(String, String)> {
    let Expression::Traversal(t) = locate::unwrap_parens(expr) else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let [op] = t.operators.as_slice() else {
        return None;
    };
    let TraversalOperator::GetAttr(name) = op.value() else {
        return None;
    };
    Some((root.value().to_string(), name.value().to_string()))
}

/// The keys of `ITER.value.k1.k2`: `[k1, k2]`; `None` for anything else.
fn element_keys(expr: &Expression, iterator: &str) -> Option<Vec<String>> {
    let expr = match locate::unwrap_parens(expr) {
        Expression::StringTemplate(t) if t.len() == 1 => match t.get(0) {
            Some(hcl_edit::template::Element::Interpolation(i)) => &i.expr,
            _ => return None,
        },
        other => other,
    };
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    if root.value().as_str() != iterator {
        return None;
    }
    let mut names = t.operators.iter().map(|op| match op.value() {
        TraversalOperator::GetAttr(k) => Some(k.value().to_string()),
        TraversalOperator::Index(Expression::String(s)) => Some(s.value().to_string()),
        _ => None,
    });
    if names.next()?.as_deref() != Some("value") {
        return None;
    }
    let keys: Option<Vec<String>> = names.collect();
    keys.filter(|k| !k.is_empty())
}

/// Where `var.NAME` or `local.NAME` of the module in `resource_file`'s folder is written: for a
/// variable the last tfvars file a scan reads that sets it (`terraform.tfvars`, then
/// `*.auto.tfvars` in name order), else its `default`.
fn find_collection(
    kind: Source,
    name: &str,
    resource_file: &Arc<str>,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    parsed: &ParseCache,
) -> Option<Collection> {
    let folder = Path::new(&**resource_file).parent()?;
    let in_folder = |f: &&Arc<str>| Path::new(&***f).parent() == Some(folder);
    let candidate = |file: &Arc<str>, kind: Source| -> Option<Collection> {
        let text = sources.get(file)?.clone();
        let tree = parsed.get(file, &text).ok()?;
        let c = Collection {
            file: file.clone(),
            text,
            parsed: tree,
            kind,
            name: name.to_string(),
        };
        expression_of(&c.parsed.body, &c).is_some().then_some(c)
    };
    let files: Vec<&Arc<str>> = sources.keys().filter(in_folder).collect();
    if let Source::Variable = kind {
        let file_name = |f: &Arc<str>| {
            Path::new(&**f)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        };
        let mut tfvars: Vec<&Arc<str>> = files
            .iter()
            .copied()
            .filter(|f| file_name(f).ends_with(".auto.tfvars"))
            .collect();
        tfvars.sort();
        tfvars.extend(
            files
                .iter()
                .copied()
                .filter(|f| file_name(f) == "terraform.tfvars"),
        );
        // the last one read wins: `*.auto.tfvars` after `terraform.tfvars`
        if let Some(found) = tfvars
            .iter()
            .rev()
            .find_map(|f| candidate(f, Source::Tfvars))
        {
            return Some(found);
        }
    }
    files
        .iter()
        .filter(|f| f.ends_with(".tf"))
        .find_map(|f| candidate(f, kind))
}

/// The expression `collection` names in `body`.
fn expression_of<'b>(body: &'b Body, collection: &Collection) -> Option<&'b Expression> {
    let name = collection.name.as_str();
    match collection.kind {
        Source::Tfvars => body.get_attribute(name).map(|a| &a.value),
        Source::Local => body
            .get_blocks("locals")
            .find_map(|b| b.body.get_attribute(name))
            .map(|a| &a.value),
        Source::Variable => body
            .get_blocks("variable")
            .filter(|b| b.labels.first().is_some_and(|l| l.as_str() == name))
            .find_map(|b| b.body.get_attribute("default"))
            .map(|a| &a.value),
    }
}
