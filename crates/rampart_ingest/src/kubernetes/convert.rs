//! Converts one manifest object (a saphyr `MarkedYaml` mapping) into attributes shaped like the
//! Terraform `kubernetes` provider's: objects become one-element lists of maps
//! (`spec.0.template.0.spec.0`), lists of objects are repeated blocks under the provider's
//! singular names (`container.0`), free-form maps (`labels`, `limits`, `data`) stay maps, and
//! every mapped path gets the byte range it was written at.
//!
//! Must never: recurse without bound (deeper than [`MAX_DEPTH`] is Unknown), or invent a value
//! that is not in the manifest (an alias it cannot resolve is Unknown).

use super::naming::{is_free_form_map, list_block_name, snake_case};
use super::text::DocText;
use crate::cloudformation::source::{entries, get, scalar_text};
use rampart_model::Value;
use saphyr::{MarkedYaml, Scalar, YamlData};
use std::collections::BTreeMap;
use std::ops::Range;

/// Nesting deeper than this is not read (no real manifest comes close).
pub const MAX_DEPTH: usize = 200;

/// Top-level fields that are not attributes of the provider resource.
const SKIPPED_TOP_LEVEL: &[&str] = &["apiVersion", "kind", "status"];

pub struct Converter<'d, 'f, 'a> {
    doc: &'d DocText<'f, 'a>,
    /// Byte range of every mapped attribute path.
    pub spans: BTreeMap<String, Range<usize>>,
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

impl<'d, 'f, 'a> Converter<'d, 'f, 'a> {
    pub fn new(doc: &'d DocText<'f, 'a>) -> Self {
        Converter {
            doc,
            spans: BTreeMap::new(),
        }
    }

    /// The attributes of a typed provider resource from the object's root mapping.
    pub fn resource(&mut self, root: &MarkedYaml<'_>) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (key, k, v) in entries(root) {
            if SKIPPED_TOP_LEVEL.contains(&key.as_str()) {
                continue;
            }
            if let Some((name, value)) = self.field(&key, k, v, "", "", 1) {
                out.insert(name, value);
            }
        }
        out
    }

    /// `kubernetes_manifest`: the whole object under `manifest`, keys as written.
    pub fn manifest(&mut self, root: &MarkedYaml<'_>) -> BTreeMap<String, Value> {
        if let Some(range) = self.doc.range(root) {
            self.spans.insert("manifest".into(), range);
        }
        let value = self.raw(root, "manifest", 1);
        BTreeMap::from([("manifest".to_string(), value)])
    }

    /// One `key: value` entry of a block at `prefix` (whose provider name is `parent`).
    fn field(
        &mut self,
        key: &str,
        key_node: &MarkedYaml<'_>,
        value: &MarkedYaml<'_>,
        prefix: &str,
        parent: &str,
        depth: usize,
    ) -> Option<(String, Value)> {
        let value = untagged(value);
        let (name, converted) = match &value.data {
            YamlData::Mapping(_) => {
                let has_selector_fields =
                    get(value, "matchLabels").is_some() || get(value, "matchExpressions").is_some();
                if is_free_form_map(key, has_selector_fields) {
                    let name = snake_case(key);
                    let path = join(prefix, &name);
                    let raw = self.raw(value, &path, depth + 1);
                    (name, raw)
                } else {
                    let name = snake_case(key);
                    let path = join(prefix, &name);
                    let block_path = format!("{path}.0");
                    // The block starts at its key: a setting missing from it is reported on
                    // `spec:`, where it belongs, not on whichever field happens to come first.
                    if let Some(range) = self.doc.entry_range(key_node, value) {
                        self.spans.insert(block_path.clone(), range);
                    }
                    let block = self.block(value, &block_path, &name, depth + 1);
                    (name, Value::List(vec![block]))
                }
            }
            YamlData::Sequence(items) => {
                let of_objects = items
                    .iter()
                    .any(|i| matches!(untagged(i).data, YamlData::Mapping(_)));
                let name = if of_objects {
                    list_block_name(key, parent)
                } else {
                    snake_case(key)
                };
                let path = join(prefix, &name);
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}.{i}");
                    if let Some(range) = self.doc.range(item) {
                        self.spans.insert(item_path.clone(), range);
                    }
                    let item = untagged(item);
                    list.push(if matches!(item.data, YamlData::Mapping(_)) {
                        self.block(item, &item_path, &name, depth + 1)
                    } else {
                        self.raw(item, &item_path, depth + 1)
                    });
                }
                (name, Value::List(list))
            }
            _ => (snake_case(key), scalar(value)),
        };
        if let Some(range) = self.doc.entry_range(key_node, value) {
            self.spans.insert(join(prefix, &name), range);
        }
        Some((name, converted))
    }

    /// The fields of one block (an object written as a mapping).
    fn block(&mut self, node: &MarkedYaml<'_>, path: &str, name: &str, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::unknown();
        }
        let mut map = BTreeMap::new();
        for (key, k, v) in entries(node) {
            if let Some((field, value)) = self.field(&key, k, v, path, name, depth + 1) {
                map.insert(field, value);
            }
        }
        Value::Map(map)
    }

    /// A value kept as written: maps keep their keys, lists stay lists.
    fn raw(&mut self, node: &MarkedYaml<'_>, path: &str, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::unknown();
        }
        let node = untagged(node);
        match &node.data {
            YamlData::Mapping(_) => {
                let mut map = BTreeMap::new();
                for (key, k, v) in entries(node) {
                    let entry_path = join(path, &key);
                    if let Some(range) = self.doc.entry_range(k, v) {
                        self.spans.insert(entry_path.clone(), range);
                    }
                    let value = self.raw(v, &entry_path, depth + 1);
                    map.insert(key, value);
                }
                Value::Map(map)
            }
            YamlData::Sequence(items) => Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| self.raw(item, &format!("{path}.{i}"), depth + 1))
                    .collect(),
            ),
            _ => scalar(node),
        }
    }
}

/// The node under an explicit tag (`!!str 1`, `!custom {...}`).
fn untagged<'n, 'i>(node: &'n MarkedYaml<'i>) -> &'n MarkedYaml<'i> {
    let mut node = node;
    // tags nest only as deep as they are written; a bound keeps a hostile file cheap
    for _ in 0..16 {
        match &node.data {
            YamlData::Tagged(_, inner) => node = inner,
            _ => break,
        }
    }
    node
}

fn scalar(node: &MarkedYaml<'_>) -> Value {
    match &node.data {
        YamlData::Value(Scalar::Null) => Value::Null,
        YamlData::Value(Scalar::Boolean(b)) => Value::Bool(*b),
        YamlData::Value(Scalar::Integer(i)) => Value::Number(*i as f64),
        YamlData::Value(Scalar::FloatingPoint(f)) => Value::Number(f.into_inner()),
        YamlData::Value(Scalar::String(s)) => Value::String(s.to_string()),
        // an alias names an anchor saphyr does not resolve: the value is real but not known here
        YamlData::Alias(_) | YamlData::BadValue => Value::unknown(),
        _ => scalar_text(node).map(Value::String).unwrap_or(Value::Null),
    }
}
