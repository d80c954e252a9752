//! AWS's policy evaluation logic for one request, as its documentation lays it out:
//!
//! 1. an explicit `Deny` in any policy that applies ends it (`explicitly_denied`);
//! 2. resource control policies: at every level, root first, some statement must allow;
//! 3. service control policies likewise, for IAM principals of the organization;
//! 4. a VPC endpoint policy, when the request goes through one, must allow;
//! 5. same account: a resource policy that names the exact IAM user or role session grants on
//!    its own; one that names the caller more broadly (`*`, the session's role) grants within
//!    the permission boundary and session policy; otherwise the identity policies must allow,
//!    within the boundary and session policy. Naming only the account delegates to identity
//!    policies;
//! 6. across accounts: the identity side (within boundary and session policy) and the
//!    resource policy must both allow.
//!
//! Anything else is `implicitly_denied`. The evaluator reads no files and never fails: every
//! input was checked when it was parsed.

use crate::context::Context;
use crate::pattern::{self};
use crate::policy::{Effect, Policy, Scope, Statement};
use crate::principal::{IamKind, Naming, Principal};
use serde::Serialize;

/// A request to decide.
#[derive(Clone, Debug)]
pub struct Request {
    pub principal: Principal,
    /// `service:Action`.
    pub action: String,
    pub resource: String,
    /// The account that owns the resource.
    pub resource_account: String,
    pub context: Context,
}

/// The policies that apply to a request.
#[derive(Clone, Debug, Default)]
pub struct Policies {
    pub identity: Vec<Policy>,
    pub permission_boundary: Option<Policy>,
    pub session: Option<Policy>,
    pub resource: Option<Policy>,
    pub vpc_endpoint: Option<Policy>,
    /// Per organization level, root first; empty when the account is in no organization.
    pub scps: Vec<Vec<Policy>>,
    pub rcps: Vec<Vec<Policy>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allowed,
    ImplicitlyDenied,
    ExplicitlyDenied,
}

/// A statement that decided, named by the request field its policy came in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatementRef {
    pub policy: String,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    pub effect: Effect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub decision: Decision,
    /// For a deny, every matching Deny; for an allow, the allows each layer needed.
    pub statements: Vec<StatementRef>,
    /// The decision in words, one step per line.
    pub reasons: Vec<String>,
}

/// A policy with the name of the request field it came in.
struct Labelled<'a> {
    label: String,
    policy: &'a Policy,
}

struct Evaluator<'a> {
    request: &'a Request,
    context: Context,
    has_boundary: bool,
    action: String,
}

/// Decides `request` against `policies`.
pub fn evaluate(request: &Request, policies: &Policies) -> Evaluation {
    let evaluator = Evaluator {
        request,
        context: derived_context(request),
        has_boundary: policies.permission_boundary.is_some(),
        action: request.action.to_lowercase(),
    };
    evaluator.run(policies)
}

/// The request's context with the keys AWS sets from the principal and resource, unless the
/// caller set them.
fn derived_context(request: &Request) -> Context {
    let mut context = request.context.clone();
    context.insert_default("aws:ResourceAccount", &request.resource_account);
    match &request.principal {
        Principal::Iam(p) => {
            context.insert_default("aws:PrincipalArn", &p.principal_arn());
            context.insert_default("aws:PrincipalAccount", &p.account);
            context.insert_default("aws:PrincipalType", p.principal_type());
            context.insert_default("aws:PrincipalIsAWSService", "false");
            if let IamKind::User { name } = &p.kind {
                context.insert_default("aws:username", name);
            }
        }
        Principal::Service(_) => context.insert_default("aws:PrincipalIsAWSService", "true"),
        Principal::Anonymous | Principal::CanonicalUser(_) => {}
    }
    context
}

impl Evaluator<'_> {
    fn run(&self, policies: &Policies) -> Evaluation {
        let iam = self.request.principal.as_iam().is_some();
        let mut all: Vec<Labelled<'_>> = Vec::new();
        for (i, p) in policies.identity.iter().enumerate() {
            all.push(labelled(format!("identity_policies[{i}]"), p));
        }
        let single = [
            ("permission_boundary", &policies.permission_boundary),
            ("session_policy", &policies.session),
            ("resource_policy", &policies.resource),
            ("vpc_endpoint_policy", &policies.vpc_endpoint),
        ];
        for (label, policy) in single {
            if let Some(p) = policy {
                all.push(labelled(label.to_string(), p));
            }
        }
        // SCPs restrict only principals of the organization's accounts
        let scps = if iam {
            levels("scps", &policies.scps)
        } else {
            Vec::new()
        };
        let rcps = levels("rcps", &policies.rcps);
        let everything = all
            .iter()
            .chain(scps.iter().flatten())
            .chain(rcps.iter().flatten());

        let denies: Vec<StatementRef> = everything
            .flat_map(|p| self.matching(p, Effect::Deny))
            .map(|(s, _)| s)
            .collect();
        if !denies.is_empty() {
            let reasons = denies
                .iter()
                .map(|s| {
                    format!(
                        "{} denies it explicitly; an explicit deny overrides every allow",
                        describe(s)
                    )
                })
                .collect();
            return Evaluation {
                decision: Decision::ExplicitlyDenied,
                statements: denies,
                reasons,
            };
        }

        let mut allowed = Vec::new();
        let mut reasons = Vec::new();
        for (kind, set) in [
            ("resource control policies (rcps)", &rcps),
            ("service control policies (scps)", &scps),
        ] {
            for (level, docs) in set.iter().enumerate() {
                let allows: Vec<_> = docs
                    .iter()
                    .flat_map(|p| self.matching(p, Effect::Allow))
                    .map(|(s, _)| s)
                    .collect();
                if allows.is_empty() {
                    return implicit(
                        reasons,
                        format!(
                            "no statement of the {kind} at organization level {level} allows it; every level must"
                        ),
                    );
                }
                reasons.push(format!("{} at level {level} allow it", kind));
                allowed.extend(allows);
            }
        }
        if let Some(p) = &policies.vpc_endpoint {
            let allows = self.allows(&labelled("vpc_endpoint_policy".into(), p));
            if allows.is_empty() {
                return implicit(reasons, "the VPC endpoint policy does not allow it; a request through an endpoint needs its allow".into());
            }
            reasons.push("the VPC endpoint policy allows it".into());
            allowed.extend(allows.into_iter().map(|(s, _)| s));
        }

        let identity: Vec<StatementRef> = all
            .iter()
            .filter(|p| p.label.starts_with("identity_policies"))
            .flat_map(|p| self.matching(p, Effect::Allow))
            .map(|(s, _)| s)
            .collect();
        let limit = |label: &str, policy: &Option<Policy>| -> Option<Vec<StatementRef>> {
            policy.as_ref().map(|p| {
                self.allows(&labelled(label.into(), p))
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect()
            })
        };
        let boundary = limit("permission_boundary", &policies.permission_boundary);
        let session = limit("session_policy", &policies.session);
        let within_limits = boundary.as_ref().is_none_or(|b| !b.is_empty())
            && session.as_ref().is_none_or(|s| !s.is_empty());
        let limits: Vec<StatementRef> = boundary
            .iter()
            .chain(session.iter())
            .flatten()
            .cloned()
            .collect();
        let resource: Vec<(StatementRef, Naming)> = policies
            .resource
            .as_ref()
            .map(|p| self.allows(&labelled("resource_policy".into(), p)))
            .unwrap_or_default();
        let root = matches!(&self.request.principal, Principal::Iam(p) if p.kind == IamKind::Root);
        let identity_side = iam && (root || !identity.is_empty()) && within_limits;
        let limits_word = limit_reason(&boundary, &session);
        let same_account =
            self.request.principal.account() == Some(self.request.resource_account.as_str());

        if same_account {
            let exact: Vec<_> = resource
                .iter()
                .filter(|(_, n)| *n == Naming::Exact)
                .map(|(s, _)| s.clone())
                .collect();
            if !exact.is_empty() {
                reasons.push("the resource policy names this exact user or role session, which grants within the account even where a permission boundary or session policy does not allow".into());
                allowed.extend(exact);
                return allow(allowed, reasons);
            }
            let broad: Vec<_> = resource
                .iter()
                .filter(|(_, n)| *n == Naming::Broad)
                .map(|(s, _)| s.clone())
                .collect();
            if !broad.is_empty() && within_limits {
                reasons.push(format!(
                    "the resource policy allows it for this principal within the account{}",
                    limits_word
                ));
                allowed.extend(broad);
                allowed.extend(limits);
                return allow(allowed, reasons);
            }
            if identity_side {
                reasons.push(identity_reason(root, &limits_word));
                allowed.extend(identity);
                allowed.extend(limits);
                return allow(allowed, reasons);
            }
            if !broad.is_empty() {
                return implicit(
                    reasons,
                    format!(
                        "the resource policy allows this principal by its role or a wildcard, not by its exact ARN, so the {} still limits it, and it does not allow",
                        limit_names(&boundary, &session)
                    ),
                );
            }
            return implicit(
                reasons,
                self.identity_failure(
                    iam,
                    root,
                    &identity,
                    &boundary,
                    &session,
                    policies.resource.is_some(),
                ),
            );
        }

        let resource_allows: Vec<StatementRef> = resource.into_iter().map(|(s, _)| s).collect();
        if !iam {
            if resource_allows.is_empty() {
                return implicit(reasons, "a caller outside any account (anonymous or an AWS service) needs the resource policy to allow, and it does not".into());
            }
            reasons.push(
                "the resource policy allows this caller, which has no identity policies of its own"
                    .into(),
            );
            allowed.extend(resource_allows);
            return allow(allowed, reasons);
        }
        if !identity_side {
            return implicit(
                reasons,
                format!(
                    "cross-account: {}",
                    self.identity_failure(iam, root, &identity, &boundary, &session, true)
                ),
            );
        }
        if resource_allows.is_empty() {
            return implicit(
                reasons,
                format!(
                    "cross-account: the identity side allows it, but the resource in account {} has {} that allows this principal",
                    self.request.resource_account,
                    if policies.resource.is_some() {
                        "no resource policy statement"
                    } else {
                        "no resource policy"
                    }
                ),
            );
        }
        reasons.push(format!(
            "cross-account: {} and the resource policy allows this principal",
            identity_reason(root, &limits_word)
        ));
        allowed.extend(identity);
        allowed.extend(limits);
        allowed.extend(resource_allows);
        allow(allowed, reasons)
    }

    fn identity_failure(
        &self,
        iam: bool,
        root: bool,
        identity: &[StatementRef],
        boundary: &Option<Vec<StatementRef>>,
        session: &Option<Vec<StatementRef>>,
        has_resource_policy: bool,
    ) -> String {
        if !iam {
            return "no policy allows it".into();
        }
        let resource = if has_resource_policy {
            "no resource policy statement allows it and "
        } else {
            ""
        };
        if !root && identity.is_empty() {
            return format!("{resource}no identity policy allows it");
        }
        if boundary.as_ref().is_some_and(|b| b.is_empty()) {
            return format!(
                "{resource}an identity policy allows it, but the permission boundary does not"
            );
        }
        if session.as_ref().is_some_and(|s| s.is_empty()) {
            return format!(
                "{resource}an identity policy allows it, but the session policy does not"
            );
        }
        "no policy allows it".into()
    }

    fn allows<'p>(&self, policy: &Labelled<'p>) -> Vec<(StatementRef, Naming)> {
        self.matching(policy, Effect::Allow)
    }

    /// The statements of `policy` with `effect` that apply to the request, with how each
    /// named the principal (identity-kind statements name nobody: `Broad`).
    fn matching(&self, policy: &Labelled<'_>, effect: Effect) -> Vec<(StatementRef, Naming)> {
        policy
            .policy
            .statements
            .iter()
            .filter(|s| s.effect == effect)
            .filter_map(|s| {
                let naming = self.applies(s)?;
                Some((
                    StatementRef {
                        policy: policy.label.clone(),
                        index: s.index,
                        sid: s.sid.clone(),
                        effect,
                    },
                    naming,
                ))
            })
            .collect()
    }

    fn applies(&self, statement: &Statement) -> Option<Naming> {
        let action_hit = |patterns: &Vec<Vec<pattern::Piece>>| {
            patterns
                .iter()
                .any(|p| pattern::matches(p, &self.action, false))
        };
        let action = match &statement.actions {
            Scope::Only(p) => action_hit(p),
            Scope::Except(p) => !action_hit(p),
        };
        if !action {
            return None;
        }
        let resource = match &statement.resources {
            None => true,
            Some(Scope::Only(templates)) => templates.iter().any(|t| {
                t.resolve(&self.context)
                    .is_some_and(|p| pattern::arn_matches(&p, &self.request.resource))
            }),
            Some(Scope::Except(templates)) => {
                // a variable without a value makes the element not match at all
                let resolved: Option<Vec<_>> =
                    templates.iter().map(|t| t.resolve(&self.context)).collect();
                resolved.is_some_and(|all| {
                    !all.iter()
                        .any(|p| pattern::arn_matches(p, &self.request.resource))
                })
            }
        };
        if !resource {
            return None;
        }
        let naming = match &statement.principals {
            None => Naming::Broad,
            Some(Scope::Only(set)) => set.naming(&self.request.principal)?,
            Some(Scope::Except(set)) => {
                // AWS: a Deny with NotPrincipal always applies to a principal with a
                // permission boundary, whatever NotPrincipal lists
                let bounded = self.has_boundary && statement.effect == Effect::Deny;
                if set.exempts(&self.request.principal) && !bounded {
                    return None;
                }
                Naming::Broad
            }
        };
        statement
            .conditions
            .iter()
            .all(|c| c.holds(&self.context))
            .then_some(naming)
    }
}

fn labelled(label: String, policy: &Policy) -> Labelled<'_> {
    Labelled { label, policy }
}

fn levels<'a>(name: &str, levels: &'a [Vec<Policy>]) -> Vec<Vec<Labelled<'a>>> {
    levels
        .iter()
        .enumerate()
        .map(|(l, docs)| {
            docs.iter()
                .enumerate()
                .map(|(i, p)| labelled(format!("{name}[{l}][{i}]"), p))
                .collect()
        })
        .collect()
}

fn describe(s: &StatementRef) -> String {
    match &s.sid {
        Some(sid) => format!("{} statement {} (Sid `{sid}`)", s.policy, s.index),
        None => format!("{} statement {}", s.policy, s.index),
    }
}

fn identity_reason(root: bool, limits: &str) -> String {
    if root {
        format!("the account's root user may act in its own account{limits}")
    } else {
        format!("an identity policy allows it{limits}")
    }
}

fn limit_reason(
    boundary: &Option<Vec<StatementRef>>,
    session: &Option<Vec<StatementRef>>,
) -> String {
    match (boundary.is_some(), session.is_some()) {
        (true, true) => ", and the permission boundary and session policy allow it too".into(),
        (true, false) => ", and the permission boundary allows it too".into(),
        (false, true) => ", and the session policy allows it too".into(),
        (false, false) => String::new(),
    }
}

fn limit_names(
    boundary: &Option<Vec<StatementRef>>,
    session: &Option<Vec<StatementRef>>,
) -> &'static str {
    match (
        boundary.as_ref().is_some_and(|b| b.is_empty()),
        session.as_ref().is_some_and(|s| s.is_empty()),
    ) {
        (true, true) => "permission boundary and session policy",
        (true, false) => "permission boundary",
        _ => "session policy",
    }
}

fn implicit(mut reasons: Vec<String>, why: String) -> Evaluation {
    reasons.push(why);
    Evaluation {
        decision: Decision::ImplicitlyDenied,
        statements: Vec::new(),
        reasons,
    }
}

fn allow(statements: Vec<StatementRef>, reasons: Vec<String>) -> Evaluation {
    Evaluation {
        decision: Decision::Allowed,
        statements,
        reasons,
    }
}
