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
