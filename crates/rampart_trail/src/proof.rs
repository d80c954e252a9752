//! The proof that a policy is least privilege for what a principal did, decided by
//! `rampart_iam::evaluate`: every observed (action, resource) must be allowed, and every action
//! that must go (the high-risk actions the current policy allowed and the minimal one removed)
//! must be denied — on `*`, on every resource the policy names, and on every resource the
//! principal used. Any policy can be put to it: a wrong policy fails, naming each failure.
//!
//! [`prove`] works on the aggregate, whose (action, resource) pairs stand for the calls; the
//! [`replay`] reads the trail again and checks every call on the exact resource it named.

use crate::aggregate::{PrincipalKind, PrincipalUsage};
use crate::error::TrailError;
use crate::minimal::policy_kind;
use crate::resource::Resource;
use rampart_iam::{Context, Decision, Policies, Policy, Principal, Request, evaluate};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// At most this many failures are listed; `failure_count` has them all.
pub const MAX_FAILURES_LISTED: usize = 100;

/// What the engine decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proof {
    /// Every observed call allowed and every action that must go denied.
    pub holds: bool,
    /// Distinct observed (action, resource) pairs evaluated, and how many were allowed.
    pub observed_checked: usize,
    pub observed_allowed: usize,
    /// Actions that must be denied, and how many were denied on every resource tried.
    pub must_deny_checked: usize,
    pub must_deny_denied: usize,
    /// Requests evaluated in all.
    pub evaluations: usize,
    pub failures: Vec<ProofFailure>,
    pub failure_count: usize,
}

/// One request the engine decided the wrong way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProofFailure {
    /// A call the principal made would no longer be allowed.
    ObservedCallNotAllowed {
        action: String,
        resource: String,
        decision: Decision,
    },
    /// An action that must be removed is still allowed.
    RemovedActionAllowed { action: String, resource: String },
}

/// Puts `policy` (as the principal's only identity policy, or for a service as the resource
/// policy) to the proof for `usage`, with `must_deny` the actions it must not allow.
pub fn prove(
    usage: &PrincipalUsage,
    policy: &Value,
    must_deny: &[String],
) -> Result<Proof, TrailError> {
    let Target {
        principal,
        policies,
        home,
    } = Target::new(usage, policy)?;
    let decide = |action: &str, resource: &str, account: Option<&str>| {
        let request = Request {
            principal: principal.clone(),
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: account.unwrap_or(&home).to_string(),
            context: Context::default(),
        };
        evaluate(&request, &policies).decision
    };

    let mut proof = Proof {
        holds: true,
        observed_checked: 0,
        observed_allowed: 0,
        must_deny_checked: 0,
        must_deny_denied: 0,
        evaluations: 0,
        failures: Vec::new(),
        failure_count: 0,
    };
    let fail = |proof: &mut Proof, failure: ProofFailure| {
        proof.holds = false;
        proof.failure_count += 1;
        if proof.failures.len() < MAX_FAILURES_LISTED {
            proof.failures.push(failure);
        }
    };

    let mut tried: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    tried.insert(("*".into(), None));
    for (action, used) in &usage.actions {
        for resource in &used.resources {
            proof.observed_checked += 1;
            proof.evaluations += 1;
            let text = resource.request_text();
            let decision = decide(action, &text, resource.account());
            if decision == Decision::Allowed {
                proof.observed_allowed += 1;
            } else {
                fail(
                    &mut proof,
                    ProofFailure::ObservedCallNotAllowed {
                        action: action.clone(),
                        resource: text.clone(),
                        decision,
                    },
                );
            }
            tried.insert((text, resource.account().map(str::to_string)));
        }
    }
    for text in policy_resources(policy) {
        let account = Resource::Exact(text.clone()).account().map(str::to_string);
        tried.insert((text, account));
    }
    for action in must_deny {
        proof.must_deny_checked += 1;
        let mut denied = true;
        for (resource, account) in &tried {
            proof.evaluations += 1;
            if decide(action, resource, account.as_deref()) == Decision::Allowed {
                denied = false;
                fail(
                    &mut proof,
                    ProofFailure::RemovedActionAllowed {
                        action: action.clone(),
                        resource: resource.clone(),
                    },
                );
            }
        }
        if denied {
            proof.must_deny_denied += 1;
        }
    }
    Ok(proof)
}

/// The texts of every `Resource` and `NotResource` entry of a document.
fn policy_resources(policy: &Value) -> Vec<String> {
    let parsed;
    let policy = match policy {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                parsed = value;
                &parsed
            }
            Err(_) => return Vec::new(),
        },
        other => other,
    };
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(item) => vec![item],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for statement in statements {
        for key in ["Resource", "NotResource"] {
            match statement.get(key) {
                Some(Value::String(s)) => out.push(s.clone()),
                Some(Value::Array(items)) => {
                    out.extend(items.iter().filter_map(Value::as_str).map(str::to_string));
                }
                _ => {}
            }
        }
    }
    out
}

/// The second pass: every call of the trail again, one by one, against its principal's
/// minimal policy — not just the aggregate's distinct pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Replay {
    /// Every call checked was allowed.
    pub holds: bool,
    /// Calls checked (allowed, mapped calls of a principal in the report), and allowed.
    pub calls_checked: u64,
    pub calls_allowed: u64,
    /// Calls of principals the report does not hold (over the principal cap).
    pub calls_unchecked: u64,
    /// Requests given to the engine (a pair already allowed is not evaluated again).
    pub evaluations: u64,
    pub failures: Vec<ReplayFailure>,
    pub failure_count: u64,
    pub read: crate::reader::ReadSummary,
}

/// A call of the trail that the principal's minimal policy does not allow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReplayFailure {
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub decision: Decision,
}

/// At most this many allowed (principal, action, resource) triples are remembered, so a trail
/// of distinct objects cannot grow memory without bound; past it, calls are evaluated anew.
pub const MAX_REPLAY_CACHE: usize = 200_000;

struct Target {
    principal: Principal,
    policies: Policies,
    /// The account a request is in when its resource names none.
    home: String,
}

impl Target {
    /// The principal of `usage` holding `policy`: as its identity policy, or for a service as
    /// the resource policy that names it.
    fn new(usage: &PrincipalUsage, policy: &Value) -> Result<Target, TrailError> {
        let parsed = Policy::parse(policy, policy_kind(usage.kind))
            .map_err(|e| TrailError::Policy(e.to_string()))?;
        let principal =
            Principal::parse(&usage.principal).map_err(|message| TrailError::Principal {
                principal: usage.principal.clone(),
                message,
            })?;
        let policies = match usage.kind {
            PrincipalKind::Service => Policies {
                resource: Some(parsed),
                ..Policies::default()
            },
            _ => Policies {
                identity: vec![parsed],
                ..Policies::default()
            },
        };
        let home = usage
            .account
            .clone()
            .or_else(|| principal.account().map(str::to_string))
            .unwrap_or_default();
        Ok(Target {
            principal,
            policies,
            home,
        })
    }
}

/// Reads the trail at `path` again with the same `options` and checks every call against the
/// minimal policies of `report`; the answer is stored in `report.replay`, and `report.proven`
/// is false when a call is not allowed.
pub fn replay(
    path: &std::path::Path,
    options: crate::Options,
    report: &mut crate::TrailReport,
) -> Result<(), TrailError> {
    let index = crate::mapping::index().map_err(TrailError::Catalogue)?;
    let mut targets: std::collections::HashMap<String, Target> = std::collections::HashMap::new();
    for lp in &report.principals {
        targets.insert(
            lp.usage.principal.clone(),
            Target::new(&lp.usage, &lp.policy)?,
        );
    }
    let mut selector = crate::Aggregator::new(index, options);
    let mut out = Replay {
        holds: true,
        ..Replay::default()
    };
    let mut allowed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut key = String::new();
    let read = crate::reader::read_trail(path, &mut |event| {
        let Ok(caller) = selector.select(event) else {
            return;
        };
        let Some(action) = selector.action_of(event) else {
            return;
        };
        if crate::aggregate::is_denied(event) {
            return;
        }
        let Some(target) = targets.get(caller.principal.as_ref()) else {
            out.calls_unchecked += 1;
            return;
        };
        out.calls_checked += 1;
        let resource = crate::resource::derive(event, action, caller.partition);
        let text = resource.request_text();
        key.clear();
        key.push_str(&caller.principal);
        key.push('\0');
        key.push_str(action.name);
        key.push('\0');
        key.push_str(&text);
        if allowed.contains(key.as_str()) {
            out.calls_allowed += 1;
            return;
        }
        out.evaluations += 1;
        let request = Request {
            principal: target.principal.clone(),
            action: action.name.to_string(),
            resource: text,
            resource_account: resource.account().unwrap_or(&target.home).to_string(),
            context: Context::default(),
        };
        let decision = evaluate(&request, &target.policies).decision;
        if decision == Decision::Allowed {
            out.calls_allowed += 1;
            if allowed.len() < MAX_REPLAY_CACHE {
                allowed.insert(key.clone());
            }
        } else {
            out.holds = false;
            out.failure_count += 1;
            if out.failures.len() < MAX_FAILURES_LISTED {
                out.failures.push(ReplayFailure {
                    principal: caller.principal.to_string(),
                    action: action.name.to_string(),
                    resource: request.resource,
                    decision,
                });
            }
        }
    });
    out.read = read;
    report.proven &= out.holds;
    report.replay = Some(out);
    Ok(())
}
