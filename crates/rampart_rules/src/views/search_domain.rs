//! OpenSearch Service domains (`aws_opensearch_domain`, `aws_elasticsearch_domain`): which
//! engine and version a domain runs, read through the provider's default when absent
//! (`elasticsearch_version` defaults to 1.5; `engine_version` to the latest OpenSearch), so a
//! rule never reports a setting the domain's version cannot have (node-to-node encryption
//! needs Elasticsearch 6.0, encryption at rest 5.1, audit logs 6.7).
//!
//! Must never: report on its own, or answer `False` for a version it could not read.

use crate::views::defaults::{Provided, Read, value_or_default};
use rampart_model::{Resource, Truth};

/// The engine a domain runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// Any OpenSearch version: every feature the service offers.
    OpenSearch,
    /// Legacy Elasticsearch `major.minor`.
    Elasticsearch(u32, u32),
}

/// `"7.10"` → `(7, 10)`; `"6"` → `(6, 0)`.
fn major_minor(text: &str) -> Option<(u32, u32)> {
    let mut parts = text.trim().split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = match parts.next() {
        Some(m) => m.trim().parse().ok()?,
        None => 0,
    };
    Some((major, minor))
}

/// Reads an `engine_version` (`OpenSearch_2.13`, `Elasticsearch_7.10`) or an
/// `elasticsearch_version` (`7.10`).
fn parse(kind: &str, text: &str) -> Option<Engine> {
    let text = text.trim();
    if kind == "aws_elasticsearch_domain" {
        return major_minor(text).map(|(a, b)| Engine::Elasticsearch(a, b));
    }
    let (engine, version) = text.split_once('_')?;
    if engine.eq_ignore_ascii_case("OpenSearch") {
        Some(Engine::OpenSearch)
    } else if engine.eq_ignore_ascii_case("Elasticsearch") {
        major_minor(version).map(|(a, b)| Engine::Elasticsearch(a, b))
    } else {
        None
    }
}

/// The engine of a domain, with the provider's default version when none is written; `None`
/// when it is not known statically (recorded for the undecided report) or not a domain.
pub fn engine(domain: &Resource) -> Option<Engine> {
    let path = match domain.kind.as_str() {
        "aws_elasticsearch_domain" => "elasticsearch_version",
        "aws_opensearch_domain" => "engine_version",
        _ => return None,
    };
    let read = value_or_default(domain, path);
    let text = match &read {
        // the latest OpenSearch, whichever it is
        Read::Depends(d)
            if matches!(d.value, Provided::Inherited(_)) && path == "engine_version" =>
        {
            return Some(Engine::OpenSearch);
        }
        r => match r.as_str() {
            Ok(Some(t)) => t.to_string(),
            _ => return None,
        },
    };
    let parsed = parse(&domain.kind, &text);
    if parsed.is_none() {
        rampart_model::undecided::note_depends(
            path,
            &format!("`{path}` = `{text}` is not a version Rampart can read"),
        );
    }
    parsed
}

/// Whether the domain's engine can have a feature that legacy Elasticsearch offers from
/// version `min` on (every OpenSearch version has it).
pub fn supports(domain: &Resource, min: (u32, u32)) -> Truth {
    match engine(domain) {
        Some(Engine::OpenSearch) => Truth::True,
        Some(Engine::Elasticsearch(major, minor)) => Truth::from_bool((major, minor) >= min),
        None => Truth::Unknown,
    }
}

/// Node-to-node encryption: Elasticsearch 6.0 or later.
pub const NODE_TO_NODE_ENCRYPTION: (u32, u32) = (6, 0);
/// Encryption at rest: Elasticsearch 5.1 or later.
pub const ENCRYPTION_AT_REST: (u32, u32) = (5, 1);
/// Audit logs need fine-grained access control: Elasticsearch 6.7 or later.
pub const AUDIT_LOGS: (u32, u32) = (6, 7);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::test_resources::live;
    use serde_json::json;

    fn es(attrs: serde_json::Value) -> Resource {
        live(
            "aws",
            "aws_elasticsearch_domain",
            "aws_elasticsearch_domain.d",
            attrs,
        )
    }
    fn os(attrs: serde_json::Value) -> Resource {
        live(
            "aws",
            "aws_opensearch_domain",
            "aws_opensearch_domain.d",
            attrs,
        )
    }

    #[test]
    fn an_elasticsearch_domain_without_a_version_runs_the_provider_default_1_5() {
        assert_eq!(engine(&es(json!({}))), Some(Engine::Elasticsearch(1, 5)));
        assert_eq!(
            supports(&es(json!({})), NODE_TO_NODE_ENCRYPTION),
            Truth::False
        );
    }

    #[test]
    fn versions_are_compared_numerically() {
        let v = |s: &str| es(json!({"elasticsearch_version": s}));
        assert_eq!(supports(&v("2.3"), NODE_TO_NODE_ENCRYPTION), Truth::False);
        assert_eq!(supports(&v("5.6"), NODE_TO_NODE_ENCRYPTION), Truth::False);
        assert_eq!(supports(&v("6.0"), NODE_TO_NODE_ENCRYPTION), Truth::True);
        assert_eq!(supports(&v("7.10"), AUDIT_LOGS), Truth::True);
        assert_eq!(supports(&v("6.5"), AUDIT_LOGS), Truth::False);
        assert_eq!(supports(&v("5.1"), ENCRYPTION_AT_REST), Truth::True);
        assert_eq!(supports(&v("5.0"), ENCRYPTION_AT_REST), Truth::False);
        assert_eq!(supports(&v("seven"), ENCRYPTION_AT_REST), Truth::Unknown);
    }

    #[test]
    fn an_opensearch_domain_supports_everything_unless_it_runs_old_elasticsearch() {
        assert_eq!(engine(&os(json!({}))), Some(Engine::OpenSearch));
        let v = |s: &str| os(json!({"engine_version": s}));
        assert_eq!(
            supports(&v("OpenSearch_2.13"), NODE_TO_NODE_ENCRYPTION),
            Truth::True
        );
        assert_eq!(
            supports(&v("Elasticsearch_5.6"), NODE_TO_NODE_ENCRYPTION),
            Truth::False
        );
        assert_eq!(
            supports(&v("Elasticsearch_7.10"), NODE_TO_NODE_ENCRYPTION),
            Truth::True
        );
        let mut unknown = os(json!({}));
        unknown
            .attributes
            .insert("engine_version".into(), rampart_model::Value::unknown());
        assert_eq!(supports(&unknown, NODE_TO_NODE_ENCRYPTION), Truth::Unknown);
    }
}
