//! What text meant for people may show of a resource. An attribute computed from a file's
//! contents (`file()`, `templatefile()`, …: see [`Resource::file_derived`]) is replaced by
//! Unknown, so every renderer prints its placeholder (`<bucket-name>`) instead; a change that
//! sets such an attribute has its value hidden too (the new value is built from the old one).
//! The files a configuration reads are the repository's to choose: remediation commands,
//! snippets and explanations must never become a way to publish them.
//!
//! Must never: change what rules or the verification loop see (only text renderers use this).

use rampart_model::{Change, Resource, Value};
use std::borrow::Cow;

/// `r` with every attribute computed from a file's contents made Unknown.
pub fn printable(r: &Resource) -> Cow<'_, Resource> {
    if r.file_derived.is_empty() {
        return Cow::Borrowed(r);
    }
    let mut copy = r.clone();
    for path in &r.file_derived {
        let mut segments = path.split('.');
        let Some(head) = segments.next() else {
            continue;
        };
        if let Some(value) = copy.attributes.get_mut(head) {
            hide(value, segments);
        }
    }
    Cow::Owned(copy)
}

fn hide<'p>(value: &mut Value, mut rest: impl Iterator<Item = &'p str>) {
    let Some(segment) = rest.next() else {
        *value = Value::unknown();
        return;
    };
    let inner = match value {
        Value::Map(map) => map.get_mut(segment),
        Value::List(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    };
    match inner {
        Some(inner) => hide(inner, rest),
        // the path goes through something that is not a map or list: hide all of it
        None => *value = Value::unknown(),
    }
}

/// True when `change` sets or removes an attribute of `r` computed from a file's contents.
pub fn touches_file_value(r: &Resource, change: &Change) -> bool {
    match change {
        Change::SetAttribute { path, .. } | Change::RemoveAttribute { path, .. } => {
            r.is_file_derived(path)
        }
        _ => false,
    }
}

/// `change` with its new value hidden when it replaces a value computed from a file.
pub fn printable_change<'c>(r: &Resource, change: &'c Change) -> Cow<'c, Change> {
    match change {
        Change::SetAttribute { address, path, .. } if r.is_file_derived(path) => {
            Cow::Owned(Change::SetAttribute {
                address: address.clone(),
                path: path.clone(),
                value: Value::unknown(),
            })
        }
        _ => Cow::Borrowed(change),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::Origin;
    use std::collections::BTreeMap;

    #[test]
    fn hides_file_values_at_their_path_and_keeps_the_rest() {
        let origin = Origin::Live {
            provider: "aws".into(),
            account: "1".into(),
            region: "eu-west-1".into(),
            id: "b".into(),
        };
        let mut r = Resource::new("aws_s3_bucket", "aws_s3_bucket.b", origin);
        r.attributes.insert("bucket".into(), Value::from("secret"));
        r.attributes.insert(
            "tags".into(),
            Value::Map(BTreeMap::from([
                ("a".to_string(), Value::from("secret")),
                ("b".to_string(), Value::from("kept")),
            ])),
        );
        r.file_derived.insert("bucket".into());
        r.file_derived.insert("tags.a".into());
        let shown = printable(&r);
        assert!(shown.get("bucket").unwrap().is_unknown());
        assert!(shown.get("tags.a").unwrap().is_unknown());
        assert_eq!(shown.str("tags.b"), Some("kept"));
        let change = Change::SetAttribute {
            address: r.address.clone(),
            path: "tags.a".into(),
            value: Value::from("secret-2"),
        };
        assert!(touches_file_value(&r, &change));
        assert!(matches!(
            &*printable_change(&r, &change),
            Change::SetAttribute {
                value: Value::Unknown(_),
                ..
            }
        ));
    }
}
