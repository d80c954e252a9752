//! Applies model changes to a copy of an inventory: the verification loop for live state
//! (there is no file to edit), and the model side of every fix. Never changes the inventory it
//! is given; relations are re-joined on the result, so an added public access block is seen by
//! the bucket's views exactly as a loaded one would be.

use crate::error::FixError;
use rampart_model::{Change, Inventory, Mode, Resource, Value};
use std::collections::BTreeMap;

/// A new inventory with `changes` applied.
pub fn apply_to_inventory(
    inventory: &Inventory,
    changes: &[Change],
) -> Result<Inventory, FixError> {
    let mut resources: Vec<Resource> = inventory.resources().to_vec();
    for change in changes {
        match change {
            Change::SetAttribute {
                address,
                path,
                value,
            } => {
                let r = find(&mut resources, address)?;
                set_path(&mut r.attributes, &segments(path), value.clone())
                    .map_err(|why| not_applicable(r, path, why))?;
            }
            Change::RemoveAttribute { address, path } => {
                let r = find(&mut resources, address)?;
                remove_path(&mut r.attributes, &segments(path));
            }
            Change::AddResource {
                owner,
                kind,
                name,
                attributes,
                references,
            } => {
                let owner_resource = inventory
                    .by_address(owner)
                    .map(|r| r.resource().clone())
                    .ok_or_else(|| FixError::NoResource {
                        address: owner.clone(),
                    })?;
                let added = new_resource(
                    inventory,
                    &resources,
                    &owner_resource,
                    kind,
                    name,
                    attributes,
                    references,
                );
                resources.push(added);
            }
            Change::RemoveResource { address } => {
                let before = resources.len();
                resources.retain(|r| &r.address != address);
                if resources.len() == before {
                    return Err(FixError::NoResource {
                        address: address.clone(),
                    });
                }
            }
        }
    }
    Ok(Inventory::new(resources))
}

/// The local name an added resource gets: the owner's block name, or `name_2`, `name_3`, …
/// when the address is taken. The Terraform renderer uses the same rule.
pub fn added_name(existing: &[Resource], owner: &Resource, kind: &str, fallback: &str) -> String {
    let base = owner
        .name
        .split('[')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(fallback)
        .to_string();
    let prefix = if owner.module.is_empty() {
        String::new()
    } else {
        format!("{}.", owner.module)
    };
    let taken = |n: &str| {
        let address = format!("{prefix}{kind}.{n}");
        existing
            .iter()
            .any(|r| r.address == address || r.address.starts_with(&format!("{address}[")))
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

fn new_resource(
    inventory: &Inventory,
    existing: &[Resource],
    owner: &Resource,
    kind: &str,
    name: &str,
    attributes: &BTreeMap<String, Value>,
    references: &BTreeMap<String, String>,
) -> Resource {
    let local = added_name(existing, owner, kind, name);
    let prefix = if owner.module.is_empty() {
        String::new()
    } else {
        format!("{}.", owner.module)
    };
    let mut r = Resource::new(
        kind,
        format!("{prefix}{kind}.{local}"),
        owner.origin.clone(),
    );
    r.name = local;
    r.mode = Mode::Managed;
    r.format = owner.format;
    r.module = owner.module.clone();
    r.attributes = attributes.clone();
    for (attr, target) in references {
        r.attributes
            .insert(attr.clone(), reference_value(inventory, target));
    }
    r
}

/// The value a reference `address.attribute` has: the attribute when it is known (a live
/// bucket's name), else an unknown that still points at the resource so relations join.
fn reference_value(inventory: &Inventory, target: &str) -> Value {
    let (address, attribute) = target.rsplit_once('.').unwrap_or((target, ""));
    match inventory.by_address(address) {
        Some(r) => match r.get(attribute) {
            Some(v) if !v.contains_unknown() && !v.is_null() => v.clone(),
            _ => Value::unknown_ref(address),
        },
        None => Value::unknown_ref(address),
    }
}

fn find<'r>(resources: &'r mut [Resource], address: &str) -> Result<&'r mut Resource, FixError> {
    resources
        .iter_mut()
        .find(|r| r.address == address)
        .ok_or_else(|| FixError::NoResource {
            address: address.to_string(),
        })
}

fn not_applicable(r: &Resource, path: &str, why: &str) -> FixError {
    FixError::NotRenderable {
        file: r.file().unwrap_or_default().to_string(),
        line: r.origin.span().map(|s| s.start.line).unwrap_or(0),
        address: r.address.clone(),
        path: path.to_string(),
        why: why.to_string(),
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('.').filter(|s| !s.is_empty()).collect()
}

/// Sets `value` at `segs`, creating what is missing: a numeric segment makes a list (a nested
/// block), any other segment an object.
fn set_path(
    map: &mut BTreeMap<String, Value>,
    segs: &[&str],
    value: Value,
) -> Result<(), &'static str> {
    let Some((head, rest)) = segs.split_first() else {
        return Err("empty attribute path");
    };
    if rest.is_empty() {
        map.insert(head.to_string(), value);
        return Ok(());
    }
    let slot = map
        .entry(head.to_string())
        .or_insert_with(|| empty_for(rest.first().copied()));
    set_in_value(slot, rest, value)
}

fn empty_for(next: Option<&str>) -> Value {
    match next {
        Some(s) if s.parse::<usize>().is_ok() => Value::List(Vec::new()),
        _ => Value::Map(BTreeMap::new()),
    }
}

fn set_in_value(slot: &mut Value, segs: &[&str], value: Value) -> Result<(), &'static str> {
    let Some((head, rest)) = segs.split_first() else {
        *slot = value;
        return Ok(());
    };
    if slot.is_null() || slot.is_unknown() {
        *slot = empty_for(Some(head));
    }
    match slot {
        Value::Map(m) => {
            if rest.is_empty() {
                m.insert(head.to_string(), value);
                return Ok(());
            }
            let next = m
                .entry(head.to_string())
                .or_insert_with(|| empty_for(rest.first().copied()));
            set_in_value(next, rest, value)
        }
        Value::List(items) => {
            let (index, rest) = match head.parse::<usize>() {
                Ok(i) => (i, rest),
                // a single nested block may be entered without its index
                Err(_) => (0, segs),
            };
            if index == items.len() {
                items.push(empty_for(rest.first().copied()));
            }
            let item = items.get_mut(index).ok_or("list index out of range")?;
            set_in_value(item, rest, value)
        }
        _ => Err("the path runs through a value that is neither an object nor a list"),
    }
}

fn remove_path(map: &mut BTreeMap<String, Value>, segs: &[&str]) {
    let Some((head, rest)) = segs.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.remove(*head);
    } else if let Some(v) = map.get_mut(*head) {
        remove_in_value(v, rest);
    }
}

fn remove_in_value(value: &mut Value, segs: &[&str]) {
    let Some((head, rest)) = segs.split_first() else {
        return;
    };
    match value {
        Value::Map(m) => remove_path(m, segs),
        Value::List(items) => match head.parse::<usize>() {
            Ok(i) if rest.is_empty() => {
                if i < items.len() {
                    items.remove(i);
                }
            }
            Ok(i) => {
                if let Some(item) = items.get_mut(i) {
                    remove_in_value(item, rest);
                }
            }
            Err(_) => {
                if let Some(item) = items.first_mut() {
                    remove_in_value(item, segs);
                }
            }
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Origin, SourceFormat};

    fn live(kind: &str, address: &str, attrs: serde_json::Value) -> Resource {
        let mut r = Resource::new(
            kind,
            address,
            Origin::Live {
                provider: "aws".into(),
                account: "1".into(),
                region: "eu-west-1".into(),
                id: address.into(),
            },
        );
        r.format = SourceFormat::Live;
        r.attributes = Value::from_json(&attrs)
            .as_map()
            .cloned()
            .unwrap_or_default();
        r
    }

    #[test]
    fn sets_nested_blocks_removes_and_adds_related_resources() {
        let inv = Inventory::new(vec![
            live(
                "aws_instance",
                "aws_instance.web",
                serde_json::json!({"ami": "a"}),
            ),
            live(
                "aws_s3_bucket",
                "aws_s3_bucket.logs",
                serde_json::json!({"bucket": "my-logs", "acl": "public-read"}),
            ),
        ]);
        let changes = vec![
            Change::SetAttribute {
                address: "aws_instance.web".into(),
                path: "metadata_options.0.http_tokens".into(),
                value: "required".into(),
            },
            Change::RemoveAttribute {
                address: "aws_s3_bucket.logs".into(),
                path: "acl".into(),
            },
            Change::AddResource {
                owner: "aws_s3_bucket.logs".into(),
                kind: "aws_s3_bucket_versioning".into(),
                name: "x".into(),
                attributes: BTreeMap::from([(
                    "versioning_configuration".into(),
                    Value::from_json(&serde_json::json!([{"status": "Enabled"}])),
                )]),
                references: BTreeMap::from([("bucket".into(), "aws_s3_bucket.logs.bucket".into())]),
            },
        ];
        let out = apply_to_inventory(&inv, &changes).unwrap();
        let web = out.by_address("aws_instance.web").unwrap();
        assert_eq!(web.str("metadata_options.0.http_tokens"), Some("required"));
        let logs = out.by_address("aws_s3_bucket.logs").unwrap();
        assert_eq!(logs.get("acl"), None);
        let added = out.by_address("aws_s3_bucket_versioning.logs").unwrap();
        assert_eq!(added.str("bucket"), Some("my-logs"));
        // the relation to the owner is joined like a loaded one
        assert_eq!(logs.related("aws_s3_bucket_versioning").count(), 1);
        // the original is untouched
        assert_eq!(
            inv.by_address("aws_s3_bucket.logs").unwrap().str("acl"),
            Some("public-read")
        );
        let again = apply_to_inventory(&out, &changes[2..]).unwrap();
        assert!(
            again
                .by_address("aws_s3_bucket_versioning.logs_2")
                .is_some()
        );
    }
}
