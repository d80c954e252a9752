//! Three-valued evaluation of user rule conditions over one resource. A test on an Unknown
//! value is Unknown; `all`/`any`/`not` follow Kleene logic; the engine reports only when the
//! violation condition is definitely true. Evaluation is pure: no I/O, no panics.

use super::path::{Slot, resolve};
use super::spec::{AttributeTest, Condition, Direction, Operator, Quantifier, RelatedTest};
use ipnet::IpNet;
use rampart_model::relations::LINKS;
use rampart_model::value::format_number;
use rampart_model::{ResourceRef, Truth, Value};
use std::net::IpAddr;

pub fn evaluate(condition: &Condition, subject: ResourceRef<'_>) -> Truth {
    match condition {
        Condition::All(items) => items
            .iter()
            .fold(Truth::True, |acc, c| acc.and(evaluate(c, subject))),
        Condition::Any(items) => items
            .iter()
            .fold(Truth::False, |acc, c| acc.or(evaluate(c, subject))),
        Condition::Not(inner) => evaluate(inner, subject).not(),
        Condition::Test(test) => attribute_test(test, subject),
        Condition::Related(related) => related_test(related, subject),
    }
}

/// Combines per-item answers: `any` is Kleene OR, `all` Kleene AND, `none` NOT(any).
fn quantify(quantifier: Quantifier, answers: impl Iterator<Item = Truth>) -> Truth {
    match quantifier {
        Quantifier::Any => answers.fold(Truth::False, Truth::or),
        Quantifier::All => answers.fold(Truth::True, Truth::and),
        Quantifier::None => answers.fold(Truth::False, Truth::or).not(),
    }
}

fn attribute_test(test: &AttributeTest, subject: ResourceRef<'_>) -> Truth {
    let slots = resolve(&subject.attributes, &test.path);
    let mut answers = Vec::with_capacity(slots.len());
    for slot in slots {
        match slot {
            Slot::Unknown => answers.push(Truth::Unknown),
            Slot::Absent => answers.push(on_absent(&test.operator)),
            Slot::Present(Value::List(items)) if test.operator.is_scalar() => {
                // a scalar test on a list tests each item: `cidr_blocks` without `[*]`
                answers.extend(items.iter().map(|item| on_value(&test.operator, item)));
            }
            Slot::Present(value) => answers.push(on_value(&test.operator, value)),
        }
    }
    quantify(test.quantifier, answers.into_iter())
}

fn on_absent(operator: &Operator) -> Truth {
    match operator {
        Operator::Exists(expected) => Truth::from_bool(!expected),
        Operator::NotEquals(expected) => Truth::from_bool(!expected.is_null()),
        Operator::Equals(expected) => Truth::from_bool(expected.is_null()),
        Operator::NotIn(values) => Truth::from_bool(!values.iter().any(Value::is_null)),
        Operator::In(values) => Truth::from_bool(values.iter().any(Value::is_null)),
        _ => Truth::False,
    }
}

fn on_value(operator: &Operator, value: &Value) -> Truth {
    if value.is_unknown() {
        return Truth::Unknown;
    }
    match operator {
        Operator::Exists(expected) => Truth::from_bool(value.is_null() != *expected),
        Operator::Equals(expected) => loose_eq(value, expected),
        Operator::NotEquals(expected) => loose_eq(value, expected).not(),
        Operator::In(values) => values
            .iter()
            .fold(Truth::False, |acc, v| acc.or(loose_eq(value, v))),
        Operator::NotIn(values) => values
            .iter()
            .fold(Truth::False, |acc, v| acc.or(loose_eq(value, v)))
            .not(),
        Operator::GreaterThan(n) => compare(value, |v| v > *n),
        Operator::GreaterOrEqual(n) => compare(value, |v| v >= *n),
        Operator::LessThan(n) => compare(value, |v| v < *n),
        Operator::LessOrEqual(n) => compare(value, |v| v <= *n),
        Operator::Matches(regex) => match scalar_text(value) {
            Some(text) => Truth::from_bool(regex.is_match(&text)),
            None => Truth::False,
        },
        Operator::Contains(expected) => contains(value, expected),
        Operator::CidrContains(inner) => match parse_net(value) {
            Some(net) => Truth::from_bool(net.contains(inner)),
            None => Truth::False,
        },
        Operator::CidrIsPublic(expected) => match parse_net(value) {
            Some(net) => Truth::from_bool(is_public(&net) == *expected),
            None => Truth::False,
        },
    }
}

/// Equality as a person reading Terraform means it: `"22"` equals `22`, `"true"` equals
/// `true`. Anything unknown inside makes the answer unknown.
pub fn loose_eq(value: &Value, expected: &Value) -> Truth {
    if value.contains_unknown() {
        return Truth::Unknown;
    }
    let equal = match (value, expected) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::String(s), Value::Bool(b)) => {
            s.eq_ignore_ascii_case(if *b { "true" } else { "false" })
        }
        (v, Value::Number(n)) if !matches!(v, Value::Bool(_)) => v.as_f64() == Some(*n),
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Number(n), Value::String(s)) => format_number(*n) == *s,
        (Value::Bool(b), Value::String(s)) => b.to_string() == *s,
        (a, b) => a == b,
    };
    Truth::from_bool(equal)
}

fn compare(value: &Value, ok: impl Fn(f64) -> bool) -> Truth {
    match value {
        Value::Number(_) | Value::String(_) => Truth::from_bool(value.as_f64().is_some_and(ok)),
        _ => Truth::False,
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn contains(value: &Value, expected: &Value) -> Truth {
    match value {
        Value::List(items) => items
            .iter()
            .fold(Truth::False, |acc, item| acc.or(loose_eq(item, expected))),
        Value::String(s) => match scalar_text(expected) {
            Some(needle) => Truth::from_bool(s.contains(&needle)),
            None => Truth::False,
        },
        Value::Map(m) => match expected.as_str() {
            Some(key) => Truth::from_bool(m.contains_key(key)),
            None => Truth::False,
        },
        _ => Truth::False,
    }
}

/// A CIDR (`10.0.0.0/8`) or a single address (`10.0.0.1`, as a /32 or /128).
pub fn parse_net(value: &Value) -> Option<IpNet> {
    let text = value.as_str()?.trim();
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<IpAddr>().ok().map(IpNet::from))
}

/// Ranges that are not reachable from the internet: private, loopback, link-local, shared
/// address space, documentation and benchmarking ranges, unique-local IPv6.
const NON_PUBLIC: &[&str] = &[
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.2.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "::1/128",
    "::/128",
    "fc00::/7",
    "fe80::/10",
    "2001:db8::/32",
];

/// True when the network holds at least one public address (`0.0.0.0/0` does).
pub fn is_public(net: &IpNet) -> bool {
    !NON_PUBLIC
        .iter()
        .filter_map(|r| r.parse::<IpNet>().ok())
        .any(|private| private.contains(net))
}

/// Related resources with how surely each is related: joined relations are certain; a
/// resource of the kind whose pointer is an unresolved reference may be related.
fn related_test(test: &RelatedTest, subject: ResourceRef<'_>) -> Truth {
    let inventory = subject.inventory;
    let mut candidates: Vec<(Truth, ResourceRef<'_>)> = match test.direction {
        Direction::ConfiguredBy => subject
            .related(&test.kind)
            .map(|r| (Truth::True, r))
            .collect(),
        Direction::Uses => subject.uses(&test.kind).map(|r| (Truth::True, r)).collect(),
    };
    let maybe: Vec<ResourceRef<'_>> = match test.direction {
        Direction::ConfiguredBy => inventory
            .of_kind(&test.kind)
            .filter(|other| {
                LINKS
                    .iter()
                    .filter(|l| l.from_kind == test.kind && l.owner_kind == subject.kind)
                    .any(|l| has_unresolved_pointer(*other, l.via))
            })
            .collect(),
        Direction::Uses => {
            let unresolved = LINKS
                .iter()
                .filter(|l| l.from_kind == subject.kind && l.owner_kind == test.kind)
                .any(|l| has_unresolved_pointer(subject, l.via));
            if unresolved {
                inventory.of_kind(&test.kind).collect()
            } else {
                Vec::new()
            }
        }
    };
    for other in maybe {
        if !candidates.iter().any(|(_, known)| known.id == other.id) && other.id != subject.id {
            candidates.push((Truth::Unknown, other));
        }
    }
    let answers = candidates.into_iter().map(|(member, other)| {
        let holds = match &test.condition {
            Some(condition) => evaluate(condition, other),
            None => Truth::True,
        };
        match test.quantifier {
            // "every related one holds": an unrelated resource does not count
            Quantifier::All => member.not().or(holds),
            Quantifier::Any | Quantifier::None => member.and(holds),
        }
    });
    quantify(test.quantifier, answers)
}

fn has_unresolved_pointer(resource: ResourceRef<'_>, via: &str) -> bool {
    resource.get(via).is_some_and(|pointer| {
        pointer
            .items()
            .into_iter()
            .any(|p| crate::util::is_unresolved_pointer(resource.inventory, p))
    })
}
