//! Manifest paths, through the loader's naming read backwards: objects the provider nests as
//! one-element lists (`spec.0`) are plain mappings, lists of objects are indexed
//! (`containers[0]`), names are camelCase, keys of free-form maps stay as written.

use crate::kubernetes::naming::{camel_case, is_free_form_map, is_list_block};
use rampart_model::{Resource, Value};

pub fn path(r: &Resource, path: &str) -> String {
    let segments: Vec<&str> = path.split('.').collect();
    let mut out = String::new();
    // the model value at the segments read so far, to tell a list of scalars from an object
    let mut at: Option<&Value> = None;
    let mut name = "";
    let mut free_form = false;
    for (n, segment) in segments.iter().enumerate() {
        let here = if n == 0 {
            r.attributes.get(*segment)
        } else {
            at.and_then(|v| match segment.parse::<usize>() {
                Ok(i) => v.items().get(i).copied(),
                Err(_) => v.get(segment),
            })
        };
        if free_form {
            out.push('.');
            out.push_str(segment);
        } else if let Ok(i) = segment.parse::<usize>() {
            let scalar_list = matches!(at, Some(Value::List(items)) if items.iter().any(|v| !matches!(v, Value::Map(_))));
            if i != 0 || is_list_block(name) || scalar_list {
                out.push_str(&format!("[{i}]"));
            }
        } else {
            let key = camel_case(segment);
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&key);
            name = segment;
            free_form = is_free_form_map(&key, false);
        }
        at = here;
    }
    out
}
