//! The `rampart iam simulate` request and answer: a JSON request naming the caller, the call
//! and every policy that applies, checked field by field; the answer as JSON
//! (`{"decision", "statements"}`) or as sentences.

use crate::context::Context;
use crate::evaluate::{Decision, Evaluation, Policies, Request, StatementRef, evaluate};
use crate::policy::{Policy, PolicyKind};
use crate::principal::{Principal, is_account_id};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt::Write as _;

const FIELDS: [&str; 12] = [
    "principal",
    "action",
    "resource",
    "resource_account",
    "context",
    "identity_policies",
    "permission_boundary",
    "session_policy",
    "resource_policy",
    "vpc_endpoint_policy",
    "scps",
    "rcps",
];

/// A request read from REQUEST.json.
#[derive(Clone, Debug)]
pub struct Simulation {
    pub request: Request,
    pub policies: Policies,
}

/// What `--format json` prints.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Answer {
    pub decision: Decision,
    pub statements: Vec<StatementRef>,
}

impl Simulation {
    /// Reads and checks a request; errors name the field (`identity_policies[1]: statement 0 …`).
    pub fn from_json_text(text: &str) -> Result<Simulation, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("request is not valid JSON: {e}"))?;
        let Value::Object(fields) = value else {
            return Err(
                "request is a JSON object with principal, action, resource and the policies".into(),
            );
        };
        Simulation::from_fields(&fields)
    }

    pub fn from_fields(fields: &Map<String, Value>) -> Result<Simulation, String> {
        if let Some(unknown) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(format!(
                "request field `{unknown}` is unknown; the fields are {}",
                FIELDS.join(", ")
            ));
        }
        let text = |name: &str| -> Result<Option<&str>, String> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(format!("request field `{name}` must be a string")),
            }
        };
        let required = |name: &str| -> Result<&str, String> {
            text(name)?.ok_or_else(|| format!("request field `{name}` is missing"))
        };
        let principal = Principal::parse(required("principal")?)
            .map_err(|e| format!("request field `principal`: {e}"))?;
        let action = required("action")?.trim().to_string();
        let valid_action = action.split_once(':').is_some_and(|(service, name)| {
            !service.is_empty() && !name.is_empty() && !action.contains(['*', '?'])
        });
        if !valid_action {
            return Err(format!(
                "request field `action`: `{action}` is not one action `service:Name` (a request makes one call, without wildcards)"
            ));
        }
        let resource = required("resource")?.to_string();
        if resource != "*" && resource.splitn(6, ':').count() < 6 {
            return Err(format!(
                "request field `resource`: `{resource}` is not an ARN (`arn:aws:s3:::bucket/key`) or `*`"
            ));
        }
        let resource_account = match text("resource_account")? {
            Some(a) if is_account_id(a) => a.to_string(),
            Some(a) => {
                return Err(format!(
                    "request field `resource_account`: `{a}` is not a twelve-digit account id"
                ));
            }
            None => match resource.split(':').nth(4) {
                Some(a) if is_account_id(a) => a.to_string(),
                _ => {
                    return Err(format!(
                        "request field `resource_account` is missing, and the resource ARN `{resource}` names no account (S3 ARNs do not); give the account that owns the resource"
                    ));
                }
            },
        };
        let context = match fields.get("context") {
            None | Some(Value::Null) => Context::default(),
            Some(Value::Object(map)) => {
                Context::from_json(map).map_err(|e| format!("request field `context`: {e}"))?
            }
            Some(_) => {
                return Err(
                    "request field `context` must be an object of condition keys to values".into(),
                );
            }
        };

        let identity = match fields.get("identity_policies") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(docs)) => docs
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    parse_doc(&format!("identity_policies[{i}]"), d, PolicyKind::Identity)
                })
                .collect::<Result<_, _>>()?,
            Some(_) => {
                return Err(
                    "request field `identity_policies` must be an array of policy documents".into(),
                );
            }
        };
        let optional = |name: &str, kind: PolicyKind| -> Result<Option<Policy>, String> {
            match fields.get(name) {
                None | Some(Value::Null) => Ok(None),
                Some(doc) => parse_doc(name, doc, kind).map(Some),
            }
        };
        let policies = Policies {
            identity,
            permission_boundary: optional("permission_boundary", PolicyKind::PermissionBoundary)?,
            session: optional("session_policy", PolicyKind::Session)?,
            resource: optional("resource_policy", PolicyKind::Resource)?,
            vpc_endpoint: optional("vpc_endpoint_policy", PolicyKind::VpcEndpoint)?,
            scps: parse_levels(fields, "scps", PolicyKind::Scp)?,
            rcps: parse_levels(fields, "rcps", PolicyKind::Rcp)?,
        };
        let has_identity_side = !policies.identity.is_empty()
            || policies.permission_boundary.is_some()
            || policies.session.is_some();
        if principal.as_iam().is_none() && has_identity_side {
            return Err("request: an anonymous caller, service or canonical user has no identity policies, permission boundary or session policy; leave them out".into());
        }
        Ok(Simulation {
            request: Request {
                principal,
                action,
                resource,
                resource_account,
                context,
            },
            policies,
        })
    }

    pub fn evaluate(&self) -> Evaluation {
        evaluate(&self.request, &self.policies)
    }
}

fn parse_doc(field: &str, doc: &Value, kind: PolicyKind) -> Result<Policy, String> {
    Policy::parse(doc, kind).map_err(|e| format!("request field `{field}`: {e}"))
}

fn parse_levels(
    fields: &Map<String, Value>,
    name: &str,
    kind: PolicyKind,
) -> Result<Vec<Vec<Policy>>, String> {
    let levels = match fields.get(name) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(levels)) => levels,
        Some(_) => {
            return Err(format!(
                "request field `{name}` must be an array of levels (root first), each an array of documents"
            ));
        }
    };
    levels
        .iter()
        .enumerate()
        .map(|(l, level)| match level {
            Value::Array(docs) if docs.is_empty() => Err(format!(
                "request field `{name}[{l}]` is empty; every organization level has at least one policy (FullAWSAccess by default)"
            )),
            Value::Array(docs) => docs
                .iter()
                .enumerate()
                .map(|(i, d)| parse_doc(&format!("{name}[{l}][{i}]"), d, kind))
                .collect(),
            _ => Err(format!("request field `{name}[{l}]` must be an array of documents")),
        })
        .collect()
}

impl Answer {
    pub fn from_evaluation(evaluation: &Evaluation) -> Answer {
        Answer {
            decision: evaluation.decision,
            statements: evaluation.statements.clone(),
        }
    }
}

/// The answer in sentences, for `--format text`.
pub fn explain(simulation: &Simulation, evaluation: &Evaluation) -> String {
    let request = &simulation.request;
    let who = match &request.principal {
        Principal::Anonymous => "an anonymous caller".to_string(),
        Principal::Service(s) => format!("the service {s}"),
        Principal::CanonicalUser(c) => format!("canonical user {c}"),
        Principal::Iam(p) => p.arn.clone(),
    };
    let verdict = match evaluation.decision {
        Decision::Allowed => "ALLOWED",
        Decision::ImplicitlyDenied => "IMPLICITLY DENIED (no policy allows it)",
        Decision::ExplicitlyDenied => "EXPLICITLY DENIED",
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{verdict}: {who} calling {} on {}",
        request.action, request.resource
    );
    let _ = writeln!(out, "\nwhy:");
    for reason in &evaluation.reasons {
        let _ = writeln!(out, "  - {reason}");
    }
    if !evaluation.statements.is_empty() {
        let _ = writeln!(out, "\ndeciding statements:");
        for s in &evaluation.statements {
            let sid = s
                .sid
                .as_deref()
                .map(|sid| format!(" (Sid `{sid}`)"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  - {} statement {}{sid}: {:?}",
                s.policy, s.index, s.effect
            );
        }
    }
    out
}
