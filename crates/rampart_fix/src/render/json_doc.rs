//! Edits of one resource inside a JSON document (Terraform JSON syntax, ARM templates), on
//! the byte-range tree the CloudFormation renderer reads: a value replaced where it is
//! written, missing keys inserted after the last entry of the deepest object that exists (in
//! the file's indentation), entries and items removed with their comma. Every byte outside
//! the edited values stays as it was.
//!
//! Computes ranges and fragments only; which resource and which keys is the caller's choice.

use super::cloudformation::edit::{self, Hop, Reading};
use super::cloudformation::text::Style;
use super::cloudformation::tree::{Node, NodeKind, Template};
use crate::error::FixError;
use rampart_ingest::cloudformation::reverse::Step;
use rampart_model::Edit;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::ops::Range;

/// What to do under one resource, in the document's own keys.
#[derive(Clone, Debug)]
pub enum JsonOp {
    /// Set the value at the steps (replaced when written, else inserted).
    Set(Vec<Step>, Json),
    /// Remove what the steps reach (nothing when it is not written).
    Remove(Vec<Step>),
    /// Remove the resource itself (its entry or item).
    RemoveSelf,
}

/// Who asked for an op, for error messages.
#[derive(Clone, Debug)]
pub struct Who {
    pub address: String,
    pub path: String,
    pub line: u32,
}

/// An op on the resource the hop reaches.
pub struct Placed<'t> {
    pub first: Hop<'t>,
    pub op: JsonOp,
    pub who: Who,
}

/// The layout a JSON document uses: its indentation unit, from the first entry of its root.
pub fn style_of(t: &Template) -> Style {
    let step = t
        .root
        .entries()
        .first()
        .map(|e| {
            t.column(e.key_range.start)
                .saturating_sub(t.column(t.root.range.start))
        })
        .filter(|s| (1..=8).contains(s))
        .unwrap_or(2);
    Style {
        json: true,
        step,
        sequences_indented: true,
    }
}

/// Parses `[…]` suffixes of a dotted property path (`properties.securityRules[2].name`).
pub fn steps_of_property(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for segment in path.split('.') {
        let (key, mut rest) = match segment.find('[') {
            Some(i) => (
                segment.get(..i).unwrap_or(""),
                segment.get(i..).unwrap_or(""),
            ),
            None => (segment, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            if let Ok(i) = inner.get(..close).unwrap_or("").parse() {
                out.push(Step::Index(i));
            }
            rest = inner.get(close + 1..).unwrap_or("");
        }
    }
    out
}

/// The edits of one document (`file`) for all ops placed in it.
pub fn document_edits(
    t: &Template,
    file: &str,
    placed: &[Placed<'_>],
    reading: Reading,
) -> Result<Vec<Edit>, FixError> {
    let style = style_of(t);
    let mut out = Vec::new();
    // new content per existing node, merged so one insertion writes it all
    let mut pending: BTreeMap<(usize, usize), (&Node, Json)> = BTreeMap::new();
    for p in placed {
        let fail = |why: String| FixError::NotRenderable {
            file: file.to_string(),
            line: p.who.line,
            address: p.who.address.clone(),
            path: p.who.path.clone(),
            why,
        };
        match &p.op {
            JsonOp::Set(steps, value) => {
                let walk = edit::walk_from(p.first, steps, reading);
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
                if !matches!(last.node.kind, NodeKind::Map(_) | NodeKind::Seq(_)) {
                    return Err(fail(
                        "a value on the way is not an object; change it by hand".into(),
                    ));
                }
                let remaining = if reading.object_is_item_zero {
                    // a new nested block is written as one object, as Terraform JSON allows
                    without_item_zero(&walk.remaining)
                } else {
                    walk.remaining.clone()
                };
                let add = edit::nest(&remaining, value.clone()).map_err(fail)?;
                let node = last.node;
                match pending.get_mut(&(node.range.start, node.range.end)) {
                    Some((_, existing)) => edit::merge(existing, add),
                    None => {
                        pending.insert((node.range.start, node.range.end), (node, add));
                    }
                }
            }
            JsonOp::Remove(steps) => {
                let walk = edit::walk_from(p.first, steps, reading);
                if !walk.remaining.is_empty() {
                    continue; // not written: nothing to remove
                }
                // every level up to the start is an only entry: empty the start's object
                let range = edit::removal(t, &walk.hops)
                    .or_else(|| emptied(&p.first))
                    .ok_or_else(|| fail("removing it would remove the whole resource".into()))?;
                out.push((range, String::new()));
            }
            JsonOp::RemoveSelf => {
                // the only resource: its list is left empty (`"resources": []`)
                let range = edit::own_removal(t, &p.first)
                    .or_else(|| inside(p.first.parent))
                    .ok_or_else(|| fail("its place in the document was not found".into()))?;
                out.push((range, String::new()));
            }
        }
    }
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
    Ok(out
        .into_iter()
        .map(|(range, replacement)| Edit {
            file: file.to_string(),
            start_byte: range.start,
            end_byte: range.end,
            replacement,
        })
        .collect())
}

/// The inside of the object a hop reaches, to remove all it holds (`{…}` becomes `{}`).
fn emptied(hop: &Hop<'_>) -> Option<Range<usize>> {
    matches!(hop.node.kind, NodeKind::Map(_)).then_some(())?;
    inside(hop.node)
}

/// Between the brackets of an object or array.
fn inside(node: &Node) -> Option<Range<usize>> {
    matches!(node.kind, NodeKind::Map(_) | NodeKind::Seq(_)).then_some(())?;
    (node.range.end >= node.range.start + 2).then(|| node.range.start + 1..node.range.end - 1)
}

/// `versioning.0.enabled` as `versioning.enabled`: item 0 right after a key is the block itself.
fn without_item_zero(steps: &[Step]) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(steps.len());
    for step in steps {
        if matches!(step, Step::Index(0)) && matches!(out.last(), Some(Step::Key(_))) {
            continue;
        }
        out.push(step.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_paths_become_steps() {
        let steps = steps_of_property("properties.securityRules[2].properties.access");
        assert_eq!(steps.len(), 5);
        assert!(matches!(steps.get(2), Some(Step::Index(2))));
        assert!(matches!(steps.get(4), Some(Step::Key(k)) if k == "access"));
    }

    #[test]
    fn item_zero_after_a_key_is_the_block() {
        let steps = without_item_zero(&[
            Step::Key("versioning".into()),
            Step::Index(0),
            Step::Key("enabled".into()),
        ]);
        assert_eq!(steps.len(), 2);
    }
}
