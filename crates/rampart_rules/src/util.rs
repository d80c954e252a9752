//! Small helpers shared by rules: CIDR and port questions, tri-state attribute reads.

use rampart_model::{ResourceRef, Truth, Value};

/// Truth of a boolean attribute; `default` when absent.
pub fn flag(r: &ResourceRef<'_>, path: &str, default: bool) -> Truth {
    match r.get(path) {
        None | Some(Value::Null) => Truth::from_bool(default),
        Some(v) => v.truth(),
    }
}

/// True when the CIDR is the whole IPv4 or IPv6 internet.
pub fn is_open_cidr(cidr: &str) -> bool {
    matches!(
        cidr.trim(),
        "0.0.0.0/0" | "::/0" | "0::/0" | "*" | "Internet" | "Any" | "0.0.0.0"
    )
}

/// Whether a port range `from..=to` includes `port`.
pub fn range_includes(from: i64, to: i64, port: i64) -> bool {
    let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
    lo <= port && port <= hi
}

/// True for resources Terraform manages, as opposed to `data` lookups of existing ones (a
/// `data "aws_s3_bucket"` has the same kind as the managed resource but configures nothing).
pub fn is_managed(r: &ResourceRef<'_>) -> bool {
    r.mode == rampart_model::Mode::Managed
}

/// Whether a pointer attribute (`bucket = ...`) is a reference that names no resource in the
/// inventory: unknown with no known target, or a target address that is not loaded (a module
/// output). Such a pointer may name any owner, so settings behind it are "maybe".
pub fn is_unresolved_pointer(inventory: &rampart_model::Inventory, pointer: &Value) -> bool {
    match pointer {
        Value::Unknown(u) => u
            .refers_to
            .as_deref()
            .is_none_or(|address| inventory.id_of(address).is_none()),
        _ => false,
    }
}

/// An AWS-style reference to another resource's attribute, for `Change::AddResource`
/// `references` (`aws_s3_bucket.logs` + `id` → `aws_s3_bucket.logs.id`).
pub fn reference_to(r: &ResourceRef<'_>, attribute: &str) -> String {
    format!("{}.{attribute}", r.address)
}

/// A one-attribute fix: set `path` of `r` to `value`.
pub fn set_attribute_fix(
    r: &ResourceRef<'_>,
    path: &str,
    value: Value,
    summary: &str,
    applicability: rampart_model::Applicability,
) -> crate::rule::Fix {
    crate::rule::Fix {
        summary: summary.to_string(),
        changes: vec![rampart_model::Change::SetAttribute {
            address: r.address.clone(),
            path: path.to_string(),
            value,
        }],
        applicability,
    }
}
