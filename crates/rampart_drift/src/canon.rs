//! Normal forms of attribute values, so that equal things compare equal: a policy document is
//! compared as parsed JSON (key order, whitespace, a string or a one-item list, the order of
//! `Action` lists do not matter), enums ignore case (`TCP`, `tcp`, `6`), `"22"` equals `22`,
//! `"true"` equals `true`, and an empty string, list or map equals an absent value (the provider
//! stores `""` and `[]` for what the code leaves out).
//!
//! Must never: call an Unknown value equal or different (it is *not comparable*), or panic.

use rampart_model::Value;
use rampart_model::value::format_number;
use std::collections::BTreeMap;

/// A value in normal form. Lists are sorted: every list the AWS provider keeps is a set
/// (CIDR blocks, rule blocks, policy `Action`s) or is compared as one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Canon {
    Absent,
    Bool(bool),
    Num(String),
    Str(String),
    List(Vec<Canon>),
    Map(BTreeMap<String, Canon>),
    /// A reference to another code resource that was matched to a live one: equal to any of
    /// that live resource's identifiers (its id, ARN, name).
    AnyOf(Vec<String>),
    /// Not known statically (a variable without a value, a computed attribute).
    Unknown,
}

/// The result of comparing a code value with a live one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cmp {
    Equal,
    Differ,
    NotComparable,
}

impl Cmp {
    /// Differ wins over not comparable, which wins over equal: one known difference is drift
    /// whatever the unknown parts hold.
    fn and(self, other: Cmp) -> Cmp {
        match (self, other) {
            (Cmp::Differ, _) | (_, Cmp::Differ) => Cmp::Differ,
            (Cmp::NotComparable, _) | (_, Cmp::NotComparable) => Cmp::NotComparable,
            _ => Cmp::Equal,
        }
    }
}

/// Attributes whose string values are enums the provider accepts in any case.
const ENUM_KEYS: &[&str] = &[
    "http_tokens",
    "http_endpoint",
    "http_protocol_ipv6",
    "instance_metadata_tags",
    "sse_algorithm",
    "status",
    "object_ownership",
    "storage_class",
    "volume_type",
    "tenancy",
    "instance_tenancy",
    "key_usage",
    "customer_master_key_spec",
    "mfa_delete",
];

/// Resolves a reference (the address an Unknown refers to) to the identifiers it may stand for.
pub(crate) type Refs<'a> = &'a dyn Fn(&str) -> Option<Vec<String>>;

/// The normal form of `value`, the attribute `key` (the last path segment) of a resource.
pub(crate) fn canon(key: &str, value: &Value, refs: Refs<'_>) -> Canon {
    match value {
        Value::Null => Canon::Absent,
        Value::Bool(b) => Canon::Bool(*b),
        Value::Number(n) => number(key, *n),
        Value::String(s) => string(key, s),
        Value::List(items) => list(items.iter().map(|v| canon(key, v, refs)).collect()),
        Value::Map(m) => map(m.iter().map(|(k, v)| (k.clone(), canon(k, v, refs)))),
        Value::Unknown(u) => u
            .refers_to
            .as_deref()
            .and_then(refs)
            .map(Canon::AnyOf)
            .unwrap_or(Canon::Unknown),
    }
}

fn number(key: &str, n: f64) -> Canon {
    let text = format_number(n);
    if key == "protocol" {
        return Canon::Str(protocol(&text));
    }
    Canon::Num(text)
}

/// IP protocol numbers and names as the EC2 API answers them: `6` is `tcp`, `all` is `-1`.
fn protocol(s: &str) -> String {
    match s.trim().to_ascii_lowercase().as_str() {
        "6" => "tcp".into(),
        "17" => "udp".into(),
        "1" => "icmp".into(),
        "58" => "icmpv6".into(),
        "all" | "-1" => "-1".into(),
        other => other.to_string(),
    }
}

fn string(key: &str, s: &str) -> Canon {
    if key == "protocol" {
        return Canon::Str(protocol(s));
    }
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Canon::Absent;
    }
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(trimmed)
    {
        return document(&json);
    }
    if let Some(b) = boolean(trimmed) {
        return Canon::Bool(b);
    }
    if let Ok(n) = trimmed.parse::<f64>()
        && n.is_finite()
        && format_number(n) == trimmed
    {
        return Canon::Num(format_number(n));
    }
    if ENUM_KEYS.contains(&key) {
        return Canon::Str(trimmed.to_ascii_lowercase());
    }
    Canon::Str(s.to_string())
}

fn boolean(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A JSON document (an IAM or bucket policy) in normal form: members in key order, arrays as
/// sorted sets, a one-item array the same as its item (`"Action": "s3:GetObject"` equals
/// `"Action": ["s3:GetObject"]`), `"true"` the same as `true`.
fn document(json: &serde_json::Value) -> Canon {
    match json {
        serde_json::Value::Null => Canon::Absent,
        serde_json::Value::Bool(b) => Canon::Bool(*b),
        serde_json::Value::Number(n) => {
            Canon::Num(n.as_f64().map(format_number).unwrap_or_default())
        }
        serde_json::Value::String(s) => match boolean(s) {
            Some(b) => Canon::Bool(b),
            None => Canon::Str(s.clone()),
        },
        serde_json::Value::Array(items) => list(items.iter().map(document).collect()),
        serde_json::Value::Object(m) => map(m.iter().map(|(k, v)| (k.clone(), document(v)))),
    }
}

/// A list as a sorted set; empty is absent, one item is that item.
fn list(mut items: Vec<Canon>) -> Canon {
    items.retain(|c| *c != Canon::Absent);
    items.sort();
    items.dedup();
    match items.len() {
        0 => Canon::Absent,
        1 => items.pop().unwrap_or(Canon::Absent),
        _ => Canon::List(items),
    }
}

fn map(entries: impl Iterator<Item = (String, Canon)>) -> Canon {
    let m: BTreeMap<String, Canon> = entries.filter(|(_, v)| *v != Canon::Absent).collect();
    if m.is_empty() {
        Canon::Absent
    } else {
        Canon::Map(m)
    }
}

impl Canon {
    pub(crate) fn has_unknown(&self) -> bool {
        match self {
            Canon::Unknown => true,
            Canon::List(items) => items.iter().any(Canon::has_unknown),
            Canon::Map(m) => m.values().any(Canon::has_unknown),
            _ => false,
        }
    }
    /// The items of a list; one item for anything else, none for absent.
    pub(crate) fn items(&self) -> Vec<&Canon> {
        match self {
            Canon::List(items) => items.iter().collect(),
            Canon::Absent => Vec::new(),
            other => vec![other],
        }
    }
}

/// Compares what the code says with what is live. In a map, only the keys the code writes are
/// compared: the provider fills in the rest (computed ids, defaults of nested blocks), and a
/// setting nobody wrote in code is not code's to differ from. A list compares as a multiset.
pub(crate) fn compare(code: &Canon, live: &Canon) -> Cmp {
    match (code, live) {
        (Canon::Unknown, _) => Cmp::NotComparable,
        (Canon::AnyOf(ids), Canon::Str(s)) => {
            if ids.contains(s) {
                Cmp::Equal
            } else {
                Cmp::Differ
            }
        }
        (Canon::Map(c), Canon::Map(l)) => c.iter().fold(Cmp::Equal, |acc, (k, v)| {
            acc.and(compare(v, l.get(k).unwrap_or(&Canon::Absent)))
        }),
        (Canon::List(_), _) | (_, Canon::List(_)) => {
            let (c, l) = (code.items(), live.items());
            let unknown = code.has_unknown();
            if c.len() != l.len() {
                return if unknown {
                    Cmp::NotComparable
                } else {
                    Cmp::Differ
                };
            }
            match pair_items(&c, &l) {
                Pairing::All => Cmp::Equal,
                Pairing::Partial if unknown => Cmp::NotComparable,
                Pairing::Partial => Cmp::Differ,
            }
        }
        _ if code.has_unknown() => Cmp::NotComparable,
        _ => {
            if code == live {
                Cmp::Equal
            } else {
                Cmp::Differ
            }
        }
    }
}

/// [`compare`] for a map the code writes whole (a `tags` attribute): a key only live differs.
pub(crate) fn compare_whole(code: &Canon, live: &Canon) -> Cmp {
    match (code, live) {
        (Canon::Map(c), Canon::Map(l)) => c.keys().chain(l.keys()).fold(Cmp::Equal, |acc, k| {
            acc.and(compare(
                c.get(k).unwrap_or(&Canon::Absent),
                l.get(k).unwrap_or(&Canon::Absent),
            ))
        }),
        _ => compare(code, live),
    }
}

enum Pairing {
    All,
    Partial,
}

fn pair_items(code: &[&Canon], live: &[&Canon]) -> Pairing {
    let (_, unmatched_code, _) = match_items(code, live);
    if unmatched_code.is_empty() {
        Pairing::All
    } else {
        Pairing::Partial
    }
}

/// [`match_items`] on two lists of `key`'s values, each item put in normal form first.
pub(crate) fn match_values(
    key: &str,
    code: &[&Value],
    live: &[&Value],
    refs: Refs<'_>,
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let cc: Vec<Canon> = code.iter().map(|v| canon(key, v, refs)).collect();
    let lc: Vec<Canon> = live.iter().map(|v| canon(key, v, refs)).collect();
    match_items(
        &cc.iter().collect::<Vec<_>>(),
        &lc.iter().collect::<Vec<_>>(),
    )
}

/// Pairs each code item with a distinct live item equal to it (greedy, in order): the pairs
/// (code index, live index), the code items left over and the live items left over.
pub(crate) fn match_items(
    code: &[&Canon],
    live: &[&Canon],
) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut taken = vec![false; live.len()];
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    for (ci, c) in code.iter().enumerate() {
        let found = live
            .iter()
            .enumerate()
            .find(|(li, l)| !taken.get(*li).copied().unwrap_or(true) && compare(c, l) == Cmp::Equal)
            .map(|(li, _)| li);
        match found {
            Some(li) => {
                if let Some(t) = taken.get_mut(li) {
                    *t = true;
                }
                pairs.push((ci, li));
            }
            None => left.push(ci),
        }
    }
    let live_left = (0..live.len())
        .filter(|li| !taken.get(*li).copied().unwrap_or(true))
        .collect();
    (pairs, left, live_left)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(key: &str, json: serde_json::Value) -> Canon {
        canon(key, &Value::from_json(&json), &|_| None)
    }

    #[test]
    fn policies_compare_as_parsed_json_with_string_or_list() {
        let a = c(
            "policy",
            serde_json::json!(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":\"*\"}]}"
            ),
        );
        let b = c(
            "policy",
            serde_json::json!(
                "{\n  \"Statement\": {\"Resource\": [\"*\"], \"Action\": \"s3:GetObject\", \"Effect\": \"Allow\"},\n  \"Version\": \"2012-10-17\"\n}"
            ),
        );
        assert_eq!(compare(&a, &b), Cmp::Equal);
        let other = c(
            "policy",
            serde_json::json!(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"
            ),
        );
        assert_eq!(compare(&a, &other), Cmp::Differ);
    }

    #[test]
    fn enums_numbers_and_empties_are_normalised() {
        assert_eq!(
            compare(&c("protocol", "TCP".into()), &c("protocol", "6".into())),
            Cmp::Equal
        );
        assert_eq!(
            compare(
                &c("http_tokens", "Required".into()),
                &c("http_tokens", "required".into())
            ),
            Cmp::Equal
        );
        // a tag value is not an enum: its case is a change
        assert_eq!(
            compare(&c("Owner", "Team".into()), &c("Owner", "team".into())),
            Cmp::Differ
        );
        assert_eq!(
            compare(&c("from_port", "22".into()), &c("from_port", 22.into())),
            Cmp::Equal
        );
        assert_eq!(
            compare(
                &c("description", "".into()),
                &c("description", serde_json::Value::Null)
            ),
            Cmp::Equal
        );
    }

    #[test]
    fn unknown_is_not_comparable_but_a_known_difference_beside_it_is_drift() {
        let code = Value::Map(BTreeMap::from([
            ("a".to_string(), Value::unknown()),
            ("b".to_string(), Value::from("x")),
        ]));
        let live = c("m", serde_json::json!({"a": "1", "b": "x"}));
        assert_eq!(
            compare(&canon("m", &code, &|_| None), &live),
            Cmp::NotComparable
        );
        let live = c("m", serde_json::json!({"a": "1", "b": "y"}));
        assert_eq!(compare(&canon("m", &code, &|_| None), &live), Cmp::Differ);
    }

    #[test]
    fn a_reference_equals_any_identifier_of_the_matched_resource() {
        let refs = |a: &str| (a == "aws_s3_bucket.b").then(|| vec!["logs".to_string()]);
        let code = canon("bucket", &Value::unknown_ref("aws_s3_bucket.b"), &refs);
        assert_eq!(compare(&code, &c("bucket", "logs".into())), Cmp::Equal);
        assert_eq!(compare(&code, &c("bucket", "other".into())), Cmp::Differ);
    }
}
