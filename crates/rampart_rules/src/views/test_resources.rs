//! Resources built for the views' unit tests: one constructor per origin, attributes given as
//! JSON, so each test module does not spell out a span or a live origin again. Test-only; must
//! never be used by a rule.

use rampart_model::{Origin, Position, Resource, Span, Value};
use std::sync::Arc;

/// A resource read from a live `provider` account (no account, region or id), with the
/// attributes of the JSON object `attributes`.
pub fn live(
    provider: &str,
    kind: &str,
    address: impl Into<String>,
    attributes: serde_json::Value,
) -> Resource {
    let origin = Origin::Live {
        provider: provider.into(),
        account: String::new(),
        region: String::new(),
        id: String::new(),
    };
    with_attributes(Resource::new(kind, address, origin), &attributes)
}

/// A resource written at the start of `main.tf`, with the attributes of the JSON object
/// `attributes`.
pub fn in_code(kind: &str, address: impl Into<String>, attributes: serde_json::Value) -> Resource {
    let span = Span {
        file: Arc::from("main.tf"),
        start_byte: 0,
        end_byte: 1,
        start: Position { line: 1, column: 1 },
        end: Position { line: 1, column: 2 },
    };
    with_attributes(
        Resource::new(kind, address, Origin::Code { span }),
        &attributes,
    )
}

fn with_attributes(mut r: Resource, attributes: &serde_json::Value) -> Resource {
    if let Value::Map(m) = Value::from_json(attributes) {
        r.attributes = m;
    }
    r
}
