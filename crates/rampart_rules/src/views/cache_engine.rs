//! ElastiCache replication groups: whether the engine version can encrypt at all, so a rule
//! never reports missing encryption on a version that cannot have it. Redis OSS encrypts in
//! transit and at rest from 3.2.6 (not 3.2.10) and from 4.0.10 on; every Valkey version does;
//! an absent `engine_version` is the latest.
//!
//! Must never: report on its own, or answer `False` for a version it could not read.

use crate::views::defaults::{Read, value_or_default};
use rampart_model::{Resource, Truth, Value};

/// `"4.0.10"` → `(4, 0, 10)`; `"6.x"` → `(6, 0, 0)` (a wildcard is the family's earliest).
fn version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().split('.').map(|p| {
        let p = p.trim();
        if p.eq_ignore_ascii_case("x") {
            Some(0)
        } else {
            p.parse::<u32>().ok()
        }
    });
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

/// Whether the replication group's engine version supports encryption in transit and at rest.
pub fn supports_encryption(group: &Resource) -> Truth {
    if let Some(Value::String(engine)) = group.get("engine")
        && engine.trim().eq_ignore_ascii_case("valkey")
    {
        return Truth::True;
    }
    match value_or_default(group, "engine_version") {
        // the latest version, whichever it is
        Read::Depends(_) => Truth::True,
        Read::Written(Value::String(v)) => match version(v) {
            Some(v) => Truth::from_bool(v == (3, 2, 6) || v >= (4, 0, 10)),
            None => {
                rampart_model::undecided::note_depends(
                    "engine_version",
                    &format!("`engine_version` = `{v}` is not a version Rampart can read"),
                );
                Truth::Unknown
            }
        },
        Read::Written(_) | Read::Default(_) | Read::NoDefault => Truth::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_resources::live;
    use serde_json::json;

    fn group(attrs: serde_json::Value) -> Resource {
        live(
            "aws",
            "aws_elasticache_replication_group",
            "aws_elasticache_replication_group.g",
            attrs,
        )
    }

    #[test]
    fn only_versions_that_encrypt_support_it() {
        let v = |s: &str| supports_encryption(&group(json!({"engine_version": s})));
        assert_eq!(v("2.8.24"), Truth::False);
        assert_eq!(v("3.2.4"), Truth::False);
        assert_eq!(v("3.2.6"), Truth::True);
        assert_eq!(v("3.2.10"), Truth::False);
        assert_eq!(v("4.0.10"), Truth::True);
        assert_eq!(v("5.0.6"), Truth::True);
        assert_eq!(v("6.x"), Truth::True);
        assert_eq!(v("7.1"), Truth::True);
        assert_eq!(v("latest"), Truth::Unknown);
        assert_eq!(supports_encryption(&group(json!({}))), Truth::True);
        assert_eq!(
            supports_encryption(&group(json!({"engine": "valkey", "engine_version": "7.2"}))),
            Truth::True
        );
    }
}
