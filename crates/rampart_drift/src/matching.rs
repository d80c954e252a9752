//! Which live resource is which code resource. Exact ids first: Terraform state (or a plan's
//! prior state) records the `id` and `arn` of each resource it manages, and a state loaded beside
//! the code gives them to the code resource of the same address. Without state, by identity the
//! code states itself, in this order: ARN, bucket name, `name`, the `Name` tag. A key that fits
//! more than one resource on either side is an ambiguity, reported and never guessed.
//!
//! Must never: pair two resources of different kinds, or pair a resource twice.

use rampart_model::{Inventory, Origin, Resource, SourceFormat, Value};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How a pair was matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The `id` or `arn` Terraform state (or a plan) records for the code resource's address.
    StateId,
    Arn,
    BucketName,
    Name,
    NameTag,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::StateId => "state id",
            MatchedBy::Arn => "ARN",
            MatchedBy::BucketName => "bucket name",
            MatchedBy::Name => "name",
            MatchedBy::NameTag => "Name tag",
        }
    }
    const ORDER: [MatchedBy; 5] = [
        MatchedBy::StateId,
        MatchedBy::Arn,
        MatchedBy::BucketName,
        MatchedBy::Name,
        MatchedBy::NameTag,
    ];
}

/// Code resources (indexes into the code list) and live resources (ids in the live inventory)
/// one key could not tell apart.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ambiguity {
    pub kind: String,
    pub by: MatchedBy,
    pub key: String,
    pub code: Vec<usize>,
    pub live: Vec<usize>,
}

#[derive(Debug, Default)]
pub(crate) struct Matching {
    /// (code index, live id, how)
    pub pairs: Vec<(usize, usize, MatchedBy)>,
    pub ambiguous: Vec<Ambiguity>,
}

/// The code resources drift compares: every resource from source code, and the state or plan
/// resources no source code declares (a plan given on its own). The others are state twins of
/// a code resource and only lend it their ids (returned by address).
pub(crate) fn code_side(code: &Inventory) -> (Vec<Resource>, BTreeMap<String, Vec<String>>) {
    let from_source: BTreeSet<&str> = code
        .resources()
        .iter()
        .filter(|r| r.format != SourceFormat::TerraformPlan)
        .map(|r| r.address.as_str())
        .collect();
    let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut out = Vec::new();
    for r in code.resources() {
        if r.mode != rampart_model::Mode::Managed {
            continue;
        }
        if r.format == SourceFormat::TerraformPlan {
            let known: Vec<String> = ["id", "arn"]
                .iter()
                .filter_map(|k| r.attributes.get(*k).and_then(Value::as_str))
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            ids.entry(r.address.clone()).or_default().extend(known);
            if from_source.contains(r.address.as_str()) {
                continue;
            }
        }
        out.push(r.clone());
    }
    (out, ids)
}

/// The identifiers a live resource answers to: its `id`, `arn` and the ARN of its origin.
pub(crate) fn live_ids(r: &Resource) -> Vec<String> {
    let mut out: Vec<String> = ["id", "arn", "bucket", "name"]
        .iter()
        .filter_map(|k| r.attributes.get(*k).and_then(Value::as_str))
        .map(String::from)
        .collect();
    if let Origin::Live { id, .. } = &r.origin {
        out.push(id.clone());
    }
    out.retain(|s| !s.is_empty());
    out.sort();
    out.dedup();
    out
}

fn known_str<'a>(r: &'a Resource, key: &str) -> Option<&'a str> {
    r.attributes
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn name_tag(r: &Resource) -> Option<&str> {
    r.attributes
        .get("tags")
        .and_then(Value::as_map)
        .and_then(|m| m.get("Name"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The bucket a code resource names: its own `bucket`, or the `bucket` of the code bucket its
/// `bucket = aws_s3_bucket.b.id` refers to.
fn code_bucket<'a>(r: &'a Resource, code: &'a [Resource]) -> Option<&'a str> {
    match r.attributes.get("bucket")? {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Unknown(u) => {
            let target = u.refers_to.as_deref()?;
            code.iter()
                .find(|c| c.address == target && c.kind == "aws_s3_bucket")
                .and_then(|c| known_str(c, "bucket"))
        }
        _ => None,
    }
}

fn code_keys(
    by: MatchedBy,
    r: &Resource,
    code: &[Resource],
    state: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    match by {
        MatchedBy::StateId => state.get(&r.address).cloned().unwrap_or_default(),
        MatchedBy::Arn => {
            let mut keys: Vec<String> = known_str(r, "arn").map(String::from).into_iter().collect();
            if r.kind == "aws_s3_bucket"
                && let Some(b) = known_str(r, "bucket")
            {
                keys.push(format!("arn:aws:s3:::{b}"));
            }
            keys
        }
        MatchedBy::BucketName => code_bucket(r, code).map(String::from).into_iter().collect(),
        MatchedBy::Name => known_str(r, "name").map(String::from).into_iter().collect(),
        MatchedBy::NameTag => name_tag(r).map(String::from).into_iter().collect(),
    }
}

fn live_keys(by: MatchedBy, r: &Resource) -> Vec<String> {
    match by {
        MatchedBy::StateId => {
            let mut keys = live_ids(r);
            keys.retain(|k| {
                Some(k.as_str()) == known_str(r, "id")
                    || Some(k.as_str()) == known_str(r, "arn")
                    || matches!(&r.origin, Origin::Live { id, .. } if id == k)
            });
            keys
        }
        MatchedBy::Arn => {
            let mut keys: Vec<String> = known_str(r, "arn").map(String::from).into_iter().collect();
            if let Origin::Live { id, .. } = &r.origin
                && id.starts_with("arn:")
            {
                keys.push(id.clone());
            }
            keys
        }
        MatchedBy::BucketName => known_str(r, "bucket")
            .map(String::from)
            .into_iter()
            .collect(),
        MatchedBy::Name => known_str(r, "name").map(String::from).into_iter().collect(),
        MatchedBy::NameTag => name_tag(r).map(String::from).into_iter().collect(),
    }
}

/// Pairs code resources with live ones, key by key in [`MatchedBy`] order; a resource paired
/// (or found ambiguous) by one key is not tried with the next.
pub(crate) fn match_resources(
    code: &[Resource],
    state: &BTreeMap<String, Vec<String>>,
    live: &Inventory,
) -> Matching {
    let mut out = Matching::default();
    let mut code_done = vec![false; code.len()];
    let mut live_done = vec![false; live.len()];
    for by in MatchedBy::ORDER {
        // (kind, key) -> code indexes / live ids still open
        let mut code_by: BTreeMap<(String, String), BTreeSet<usize>> = BTreeMap::new();
        let mut live_by: BTreeMap<(String, String), BTreeSet<usize>> = BTreeMap::new();
        for (i, r) in code.iter().enumerate() {
            if code_done.get(i).copied().unwrap_or(true) {
                continue;
            }
            for k in code_keys(by, r, code, state) {
                code_by.entry((r.kind.clone(), k)).or_default().insert(i);
            }
        }
        for (i, r) in live.resources().iter().enumerate() {
            if live_done.get(i).copied().unwrap_or(true) {
                continue;
            }
            for k in live_keys(by, r) {
                live_by.entry((r.kind.clone(), k)).or_default().insert(i);
            }
        }
        for ((kind, key), codes) in &code_by {
            let Some(lives) = live_by.get(&(kind.clone(), key.clone())) else {
                continue;
            };
            let codes: Vec<usize> = codes
                .iter()
                .copied()
                .filter(|i| !code_done.get(*i).copied().unwrap_or(true))
                .collect();
            let lives: Vec<usize> = lives
                .iter()
                .copied()
                .filter(|i| !live_done.get(*i).copied().unwrap_or(true))
                .collect();
            match (codes.as_slice(), lives.as_slice()) {
                ([], _) | (_, []) => {}
                ([c], [l]) => {
                    out.pairs.push((*c, *l, by));
                    mark(&mut code_done, *c);
                    mark(&mut live_done, *l);
                }
                _ => {
                    for c in &codes {
                        mark(&mut code_done, *c);
                    }
                    for l in &lives {
                        mark(&mut live_done, *l);
                    }
                    out.ambiguous.push(Ambiguity {
                        kind: kind.clone(),
                        by,
                        key: key.clone(),
                        code: codes,
                        live: lives,
                    });
                }
            }
        }
    }
    out.pairs.sort();
    out
}

fn mark(done: &mut [bool], i: usize) {
    if let Some(d) = done.get_mut(i) {
        *d = true;
    }
}
