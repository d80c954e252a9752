//! Maps attribute paths in the Terraform `kubernetes` provider's vocabulary
//! (`spec.0.template.0.spec.0.container.0.security_context.0.privileged`) back onto a
//! manifest's YAML tree: snake_case names match the camelCase keys they were converted from,
//! `container.N` is item N of `containers`, and the `.0` of an object written as a mapping is
//! the mapping itself. Missing keys are named in camelCase for insertion.
//!
//! Reads the tree only; never edits text and never guesses a key it cannot name.

use crate::render::cloudformation::edit::{Hop, Via};
use crate::render::cloudformation::tree::{Node, NodeKind};
use rampart_ingest::kubernetes::naming::{is_free_form_map, list_block_name, snake_case};
use rampart_model::Value;
use serde_json::Value as Json;

// the loader's naming, read backwards: one table for the renderer, findings and docs
pub use rampart_ingest::kubernetes::naming::{camel_case, is_list_block};

/// Where a walk along a provider path stopped: the hops taken (the object first) and the
/// path segments not written in the manifest.
pub struct Walk<'t> {
    pub hops: Vec<Hop<'t>>,
    pub remaining: Vec<String>,
    /// The provider name of the deepest block reached (for naming what is missing).
    pub block: String,
    /// The walk ended inside a free-form map (labels, annotations), whose keys are written
    /// as they are and cannot be told apart from the dots of a path.
    pub free_form: bool,
}

/// Walks `path` from the object's root mapping `object`.
pub fn walk<'t>(object: &'t Node, path: &str) -> Result<Walk<'t>, String> {
    let segments: Vec<&str> = path.split('.').collect();
    let mut hops = vec![Hop {
        parent: object,
        via: Via::Item(0),
        node: object,
    }];
    let mut at = object;
    let mut block = String::new();
    // inside a free-form map (labels, annotations): keys match as written
    let mut free_form = false;
    for (n, segment) in segments.iter().enumerate() {
        let next: Option<(Via<'t>, &'t Node)> = match (segment.parse::<usize>(), &at.kind) {
            (Ok(i), NodeKind::Seq(items)) => items.get(i).map(|node| (Via::Item(i), node)),
            (Ok(0), NodeKind::Map(_)) => continue, // an object is its own single-element list
            (Ok(i), NodeKind::Map(_)) => {
                return Err(format!(
                    "`{}` is one object in the manifest, so it has no item {i}",
                    segments.get(..n).unwrap_or_default().join(".")
                ));
            }
            (Ok(_), _) => None,
            (Err(_), NodeKind::Map(entries)) => entries
                .iter()
                .enumerate()
                .find(|(_, e)| {
                    if free_form {
                        return e.key == *segment;
                    }
                    snake_case(&e.key) == *segment || list_block_name(&e.key, &block) == *segment
                })
                .map(|(i, e)| (Via::Entry(e, i), &e.value)),
            (Err(_), _) => None,
        };
        let Some((via, node)) = next else {
            return Ok(Walk {
                hops,
                remaining: segments
                    .get(n..)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| (*s).to_string())
                    .collect(),
                block,
                free_form,
            });
        };
        if let Via::Entry(entry, _) = via {
            if !free_form {
                let selector =
                    node.get("matchLabels").is_some() || node.get("matchExpressions").is_some();
                free_form =
                    matches!(node.kind, NodeKind::Map(_)) && is_free_form_map(&entry.key, selector);
            }
            block = (*segment).to_string();
        }
        hops.push(Hop {
            parent: at,
            via,
            node,
        });
        at = node;
    }
    Ok(Walk {
        hops,
        remaining: Vec::new(),
        block,
        free_form,
    })
}

/// The manifest value for a provider value set at a name: a one-element list of a map under
/// a name that is not a list of objects is the object itself; map keys become camelCase.
pub fn manifest_value(name: &str, value: &Value) -> Result<Json, String> {
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => json_number(*n),
        Value::String(s) => Json::String(s.clone()),
        Value::List(items) => match items.as_slice() {
            [Value::Map(m)] if !is_list_block(name) => object(m)?,
            _ => Json::Array(
                items
                    .iter()
                    .map(|i| match i {
                        Value::Map(m) => object(m),
                        other => manifest_value("", other),
                    })
                    .collect::<Result<_, _>>()?,
            ),
        },
        Value::Map(m) => object(m)?,
        Value::Unknown(_) => return Err("the new value is not known statically".into()),
    })
}

fn object(m: &std::collections::BTreeMap<String, Value>) -> Result<Json, String> {
    let mut out = serde_json::Map::new();
    for (k, v) in m {
        out.insert(camel_case(k), manifest_value(k, v)?);
    }
    Ok(Json::Object(out))
}

fn json_number(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // a whole number is written without a fraction (`runAsUser: 1000`)
        Json::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

/// The value the missing `segments` make when `value` (for the last name) is put at their
/// end: `{camelKey: …}` for a name, skipped `.0` of an object, a one-item list for the first
/// item of a list of objects.
pub fn nest(segments: &[String], value: &Value, block: &str) -> Result<Json, String> {
    let Some((first, rest)) = segments.split_first() else {
        return manifest_value(block, value);
    };
    if let Ok(i) = first.parse::<usize>() {
        if is_list_block(block) {
            if i != 0 {
                return Err(format!("item {i} of `{block}` does not exist"));
            }
            return Ok(Json::Array(vec![nest(rest, value, block)?]));
        }
        if i != 0 {
            return Err(format!("`{block}` is one object, so it has no item {i}"));
        }
        return nest(rest, value, block);
    }
    let inner = nest(rest, value, first)?;
    let mut m = serde_json::Map::new();
    m.insert(camel_case(first), inner);
    Ok(Json::Object(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_names_map_back_to_manifest_keys() {
        assert_eq!(camel_case("run_as_non_root"), "runAsNonRoot");
        assert_eq!(camel_case("security_context"), "securityContext");
        assert_eq!(camel_case("container"), "containers");
        assert_eq!(camel_case("init_container"), "initContainers");
        assert_eq!(camel_case("host_pid"), "hostPID");
        assert_eq!(camel_case("type"), "type");
    }

    #[test]
    fn missing_segments_nest_objects_without_their_list_index() {
        let segments: Vec<String> = ["security_context", "0", "seccomp_profile", "0", "type"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let json = nest(
            &segments,
            &Value::String("RuntimeDefault".into()),
            "container",
        );
        assert_eq!(
            json.unwrap(),
            serde_json::json!({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}})
        );
        let drop = Value::List(vec![Value::String("ALL".into())]);
        assert_eq!(
            manifest_value("drop", &drop).unwrap(),
            serde_json::json!(["ALL"])
        );
        assert_eq!(
            manifest_value("run_as_user", &Value::Number(1000.0)).unwrap(),
            serde_json::json!(1000)
        );
    }
}
