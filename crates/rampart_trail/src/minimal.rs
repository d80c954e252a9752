//! The minimal policy of a principal, from its aggregated use: one `Allow` statement per
//! distinct resource set, its actions sorted, `Version` `2012-10-17`. And the diff against the
//! principal's current policy: which actions the current policy allows (its wildcards and
//! `NotAction`s expanded through the catalogue), which of them the minimal policy removes, and
//! how many of those are high-risk ([`crate::risk`]).

use crate::aggregate::{PrincipalKind, PrincipalUsage};
use crate::error::TrailError;
use crate::mapping::ActionIndex;
use crate::risk::is_high_risk_action;
use rampart_iam::{Policy, PolicyKind};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The minimal policy: an identity policy, or for a service principal a resource policy
/// statement naming the service (a service is granted access by the resource's policy, not by
/// an identity policy of its own).
pub fn minimal_policy(usage: &PrincipalUsage) -> Value {
    let mut groups: BTreeMap<Vec<String>, Vec<&str>> = BTreeMap::new();
    for (action, used) in &usage.actions {
        let resources: Vec<String> = used.resources.iter().map(|r| r.policy_text()).collect();
        groups.entry(resources).or_default().push(action);
    }
    let statements: Vec<Value> = groups
        .into_iter()
        .map(|(resources, mut actions)| {
            actions.sort_unstable();
            let mut statement = Map::new();
            statement.insert("Effect".into(), json!("Allow"));
            if usage.kind == PrincipalKind::Service {
                statement.insert("Principal".into(), json!({"Service": usage.principal}));
            }
            statement.insert("Action".into(), json!(actions));
            statement.insert("Resource".into(), json!(resources));
            Value::Object(statement)
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// The policy kind a principal's minimal policy is.
pub fn policy_kind(kind: PrincipalKind) -> PolicyKind {
    match kind {
        PrincipalKind::Service => PolicyKind::Resource,
        _ => PolicyKind::Identity,
    }
}

/// The current policy against the minimal one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyDiff {
    /// Catalogued actions the current policy allows, wildcards expanded.
    pub current_actions: usize,
    /// Allowed by both.
    pub kept: Vec<String>,
    /// Allowed by the current policy, not by the minimal one.
    pub removed: Vec<String>,
    /// The high-risk actions among `removed`.
    pub high_risk_removed: Vec<String>,
    /// Used, but not allowed by the current policy (so granted by another policy of the
    /// principal: a group, a managed policy, a resource policy).
    pub used_not_in_current: Vec<String>,
}

/// Compares the current policy (a document, or a string holding one) with the actions of the
/// minimal policy. Only `Allow` statements count: a `Deny` in the current policy may be
/// conditional, so it is not taken as removing anything.
pub fn diff(
    index: &ActionIndex,
    current: &Value,
    kind: PolicyKind,
    minimal_actions: &BTreeSet<String>,
) -> Result<PolicyDiff, TrailError> {
    let allowed = allowed_actions(index, current, kind)?;
    let minimal: BTreeSet<String> = minimal_actions
        .iter()
        .map(|a| a.to_ascii_lowercase())
        .collect();
    let mut kept = Vec::new();
    let mut removed = Vec::new();
    let mut high_risk_removed = Vec::new();
    for name in &allowed {
        if minimal.contains(&name.to_ascii_lowercase()) {
            kept.push(name.clone());
        } else {
            if index.action(name).is_some_and(is_high_risk_action) {
                high_risk_removed.push(name.clone());
            }
            removed.push(name.clone());
        }
    }
    let allowed_lower: BTreeSet<String> = allowed.iter().map(|a| a.to_ascii_lowercase()).collect();
    let used_not_in_current = minimal_actions
        .iter()
        .filter(|a| !allowed_lower.contains(&a.to_ascii_lowercase()))
        .cloned()
        .collect();
    Ok(PolicyDiff {
        current_actions: allowed.len(),
        kept,
        removed,
        high_risk_removed,
        used_not_in_current,
    })
}

/// The catalogued actions the `Allow` statements of a policy name, in catalogue spelling.
pub fn allowed_actions(
    index: &ActionIndex,
    document: &Value,
    kind: PolicyKind,
) -> Result<BTreeSet<String>, TrailError> {
    // the engine checks the document first, so a policy it would refuse is refused here too
    Policy::parse(document, kind).map_err(|e| TrailError::CurrentPolicy(e.to_string()))?;
    let parsed;
    let document = match document {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text)
                .map_err(|e| TrailError::CurrentPolicy(e.to_string()))?;
            &parsed
        }
        other => other,
    };
    let statements: Vec<&Value> = match document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(item) => vec![item],
        None => Vec::new(),
    };
    let mut allowed = BTreeSet::new();
    for statement in statements {
        if statement.get("Effect").and_then(Value::as_str) != Some("Allow") {
            continue;
        }
        if let Some(actions) = statement.get("Action") {
            for pattern in strings(actions) {
                allowed.extend(expand(index, pattern));
            }
        } else if let Some(actions) = statement.get("NotAction") {
            let excluded: BTreeSet<String> =
                strings(actions).flat_map(|p| expand(index, p)).collect();
            allowed.extend(
                index
                    .all()
                    .map(|a| a.name.to_string())
                    .filter(|a| !excluded.contains(a)),
            );
        }
    }
    Ok(allowed)
}

fn strings(value: &Value) -> impl Iterator<Item = &str> {
    let items: Vec<&str> = match value {
        Value::String(s) => vec![s.as_str()],
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    items.into_iter()
}

/// The catalogued actions a pattern stands for, in catalogue spelling.
fn expand(index: &ActionIndex, pattern: &str) -> Vec<String> {
    index
        .expand(pattern)
        .into_iter()
        .map(|a| a.name.to_string())
        .collect()
}
