//! The effective permissions of an IAM principal declared in code, for the rules that ask what
//! a principal can do (privilege escalation, data exfiltration, resource and credentials
//! exposure). The policies that apply are gathered from the module — a role's, user's or
//! group's inline policies (blocks and `aws_iam_*_policy` resources), attached managed policies
//! (`aws_iam_*_policy_attachment`, `aws_iam_policy_attachment`, `managed_policy_arns`) and the
//! permissions boundary — and decided by `rampart_iam::escalation`, which asks the evaluator.
//!
//! Parts the code does not say (an unknown value, a policy attached by an ARN from outside the
//! module) make two sets of policies: the *certain* one, where unknown grants grant nothing
//! and unknown denies deny everything, and the *possible* one, the other way round. A rule
//! reports what the certain policies allow and leaves undecided what only the possible ones
//! allow, noting the unknown parts; it never reports a permission it cannot prove.
//!
//! Must never: read an unknown as known, or panic on any policy.

use super::iam::{Document, Effect, Patterns, Statement, identity_policies, policy_at};
use rampart_iam::escalation::{self, Method, RiskGroup};
use rampart_iam::{Policies, Policy, PolicyKind, Principal};
use rampart_model::{ResourceRef, Value, undecided};
use serde_json::{Value as Json, json};

/// Where the policies of a principal came from.
enum Source {
    /// A policy document read from the code, with the attribute path it was read at.
    Known { document: Document, path: String },
    /// A policy whose text the code does not hold (an ARN from outside the module).
    Opaque {
        path: String,
        because: String,
        /// Whether it may hold Deny statements (AWS-managed policies do not, but those named
        /// `…Deny…`; a customer policy may).
        may_deny: bool,
    },
}

/// The policies of one principal, gathered from the module.
pub struct PrincipalPolicies {
    identity: Vec<Source>,
    boundary: Option<Source>,
    principal: Principal,
}

/// What a principal certainly and possibly can do.
pub struct Effective {
    pub certain: Vec<String>,
    pub possible: Vec<String>,
}

impl PrincipalPolicies {
    /// The policies of an `aws_iam_role`, `aws_iam_user`, `aws_iam_group` or a standalone
    /// `aws_iam_policy`; None for other kinds.
    pub fn of(r: &ResourceRef<'_>) -> Option<PrincipalPolicies> {
        let (policy_kinds, attachment, label): (&[&str], &str, &str) = match r.kind.as_str() {
            "aws_iam_role" => (
                &["aws_iam_role_policy"],
                "aws_iam_role_policy_attachment",
                "role",
            ),
            "aws_iam_user" => (
                &["aws_iam_user_policy"],
                "aws_iam_user_policy_attachment",
                "user",
            ),
            "aws_iam_group" => (
                &["aws_iam_group_policy"],
                "aws_iam_group_policy_attachment",
                "user",
            ),
            "aws_iam_policy" => {
                return Some(PrincipalPolicies {
                    identity: vec![Source::Known {
                        document: policy_at(r, "policy"),
                        path: "policy".into(),
                    }],
                    boundary: None,
                    principal: placeholder("role", r),
                });
            }
            _ => return None,
        };
        let mut identity: Vec<Source> = Vec::new();
        if r.kind == "aws_iam_role" {
            for (i, document) in identity_policies(r).into_iter().enumerate() {
                identity.push(Source::Known {
                    document,
                    path: format!("inline_policy.{i}.policy"),
                });
            }
        }
        for kind in policy_kinds {
            for p in r.related(kind) {
                identity.push(Source::Known {
                    document: policy_at(&p, "policy"),
                    path: format!("{}.policy", p.address),
                });
            }
        }
        for kind in [attachment, "aws_iam_policy_attachment"] {
            for a in r.related(kind) {
                identity.push(attached(&a, &format!("{}.policy_arn", a.address)));
            }
        }
        // a policy or attachment whose pointer joined no principal may be this one's, when
        // either name is not known statically: it may grant (it is not read as denying, or
        // every principal next to an attachment to a role managed elsewhere would be undecided)
        let (pointer, pointers) = match r.kind.as_str() {
            "aws_iam_role" => ("role", "roles"),
            "aws_iam_user" => ("user", "users"),
            _ => ("group", "groups"),
        };
        // read without noting: the name matters only when the answer turns on it
        let own_name_known = r.attributes.get("name").and_then(Value::as_str).is_some();
        for kind in policy_kinds
            .iter()
            .copied()
            .chain([attachment, "aws_iam_policy_attachment"])
        {
            // references never cross scopes (roots, templates): neither do these
            for other in r.inventory.of_kind(kind).filter(|o| o.scope == r.scope) {
                let pointed: Vec<&Value> = [pointer, pointers]
                    .into_iter()
                    .filter_map(|attribute| other.attributes.get(attribute))
                    .collect();
                let joined = other.uses(r.kind.as_str()).next().is_some();
                if pointed.is_empty() || joined {
                    continue;
                }
                let unknown_pointer = pointed
                    .iter()
                    .any(|v| v.is_unknown() || v.items().iter().any(|i| i.is_unknown()));
                if !own_name_known || unknown_pointer {
                    identity.push(Source::Opaque {
                        path: "name".into(),
                        because: format!(
                            "`{}` names its principal by a value not known statically",
                            other.address
                        ),
                        may_deny: false,
                    });
                }
            }
        }
        // read without noting: a reference to a policy of the module is resolved, and what
        // stays unknown is noted when an answer turns on it
        if let Some(arns) = r.attributes.get("managed_policy_arns") {
            for (i, arn) in arns.items().into_iter().enumerate() {
                identity.push(by_arn(r, arn, &format!("managed_policy_arns.{i}")));
            }
        }
        let boundary = match r.attributes.get("permissions_boundary") {
            None | Some(Value::Null) => None,
            Some(arn) => Some(by_arn(r, arn, "permissions_boundary")),
        };
        Some(PrincipalPolicies {
            identity,
            boundary,
            principal: placeholder(label, r),
        })
    }

    /// Whether a known policy grants `*` on `*` without conditions (AWS-IAM-001's finding),
    /// with no boundary to limit it: every method is then open, and the admin finding says so.
    pub fn is_full_admin(&self) -> bool {
        self.boundary.is_none()
            && self.identity.iter().any(|s| match s {
                Source::Known { document, .. } => document.statements().iter().any(|st| {
                    st.is_allow()
                        && st.conditions.is_empty()
                        && !st.conditions_unknown
                        && st.allows_every_action().is_true()
                        && st.on_every_resource().is_true()
                }),
                Source::Opaque { .. } => false,
            })
    }

    fn policies(&self, bound: Bound) -> Policies {
        Policies {
            identity: self
                .identity
                .iter()
                .map(|s| source_policy(s, bound, PolicyKind::Identity))
                .collect(),
            permission_boundary: self
                .boundary
                .as_ref()
                .map(|s| source_policy(s, bound, PolicyKind::PermissionBoundary)),
            ..Policies::default()
        }
    }

    /// Whether the two bounds differ: some policy or statement is not known statically. Most
    /// principals are fully known, and then the possible answer is the certain one, so the
    /// engine is asked once instead of twice.
    fn has_unknowns(&self) -> bool {
        self.identity
            .iter()
            .chain(self.boundary.iter())
            .any(|source| match source {
                Source::Opaque { .. } => true,
                Source::Known {
                    document: Document::Known(statements),
                    ..
                } => statements.iter().any(|s| {
                    statement_json(s, Bound::Certain) != statement_json(s, Bound::Possible)
                }),
                Source::Known {
                    document: Document::Unknown,
                    ..
                } => true,
                Source::Known {
                    document: Document::Invalid(_),
                    ..
                } => false,
            })
    }

    /// The escalation methods open to the principal, by certainty (ids and actions).
    pub fn escalation(&self) -> (Vec<Method>, Vec<Method>) {
        let certain =
            escalation::escalation_methods(&self.policies(Bound::Certain), &self.principal);
        let possible = match self.has_unknowns() {
            true => {
                escalation::escalation_methods(&self.policies(Bound::Possible), &self.principal)
            }
            false => certain.clone(),
        };
        (certain, possible)
    }

    /// The actions of `group` open to the principal, by certainty.
    pub fn risky(&self, group: &RiskGroup) -> Effective {
        let pick = |bound| -> Vec<String> {
            escalation::risky_actions(&self.policies(bound), &self.principal, group)
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        let certain = pick(Bound::Certain);
        let possible = match self.has_unknowns() {
            true => pick(Bound::Possible),
            false => certain.clone(),
        };
        Effective { certain, possible }
    }

    /// Notes every unknown part of the gathered policies for the undecided-check report: the
    /// rule's answer turned on them.
    pub fn note_unknowns(&self) {
        for source in self.identity.iter().chain(self.boundary.iter()) {
            match source {
                Source::Known {
                    document: Document::Unknown,
                    path,
                } => undecided::note_depends(path, "the policy document is not known statically"),
                Source::Known { document, .. } => {
                    for s in document.statements() {
                        s.note_unknown_parts();
                    }
                }
                Source::Opaque { path, because, .. } => undecided::note_depends(path, because),
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Bound {
    /// Unknown grants grant nothing, unknown denies deny everything.
    Certain,
    /// Unknown grants grant everything, unknown denies deny nothing.
    Possible,
}

fn placeholder(kind: &str, r: &ResourceRef<'_>) -> Principal {
    // the name only labels the request: no resource policy is asked, so any name will do
    let name: String = r
        .attributes
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("rampart")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c))
        .collect();
    let name = if name.is_empty() {
        "rampart".into()
    } else {
        name
    };
    Principal::parse(&format!("arn:aws:iam::000000000000:{kind}/{name}"))
        .unwrap_or(Principal::Anonymous)
}

/// The policy an attachment points at: the `aws_iam_policy` of the module it joined, or the
/// ARN it names.
fn attached(a: &ResourceRef<'_>, path: &str) -> Source {
    match a.uses("aws_iam_policy").next() {
        Some(p) => Source::Known {
            document: policy_at(&p, "policy"),
            path: format!("{}.policy", p.address),
        },
        None => match a.attributes.get("policy_arn") {
            Some(arn) => by_arn(a, arn, path),
            None => Source::Opaque {
                path: path.to_string(),
                because: "the attachment names no policy".into(),
                may_deny: true,
            },
        },
    }
}

/// A policy named by ARN: a reference to a policy of the module, a known AWS-managed policy,
/// or a policy whose text the code does not hold.
fn by_arn(r: &ResourceRef<'_>, arn: &Value, path: &str) -> Source {
    if let Value::Unknown(u) = arn
        && let Some(address) = u.refers_to.as_deref()
    {
        let target = address
            .strip_suffix(".arn")
            .or_else(|| address.strip_suffix(".id"))
            .unwrap_or(address);
        if let Some(p) = r.resolve(target).filter(|p| p.kind == "aws_iam_policy") {
            return Source::Known {
                document: policy_at(&p, "policy"),
                path: format!("{}.policy", p.address),
            };
        }
    }
    match arn.as_str() {
        Some(text) if let Some(document) = rampart_iam::managed::document(text) => Source::Known {
            document: super::iam::parse_policy_json(document, path),
            path: path.to_string(),
        },
        Some(text) if text.contains(":iam::aws:policy/") => Source::Opaque {
            path: path.to_string(),
            because: format!("the AWS-managed policy `{text}` is not in the code"),
            may_deny: text.contains("Deny"),
        },
        Some(text) => Source::Opaque {
            path: path.to_string(),
            because: format!("the policy `{text}` is not defined in this module"),
            may_deny: true,
        },
        None => Source::Opaque {
            path: path.to_string(),
            because: "the policy ARN is not known statically".into(),
            may_deny: true,
        },
    }
}

fn source_policy(source: &Source, bound: Bound, kind: PolicyKind) -> Policy {
    let statements: Vec<Json> = match (source, bound) {
        (Source::Known { document, .. }, _) => match document {
            Document::Known(statements) => statements
                .iter()
                .filter_map(|s| statement_json(s, bound))
                .collect(),
            Document::Unknown => unknown_policy(bound, true),
            // AWS refuses a document that is not a policy: it grants and denies nothing
            Document::Invalid(_) => Vec::new(),
        },
        (Source::Opaque { may_deny, .. }, bound) => unknown_policy(bound, *may_deny),
    };
    parse_each(statements, kind)
}

/// A policy of unknown content: in the certain bound it grants nothing (and denies everything
/// when it may deny); in the possible bound it grants everything.
fn unknown_policy(bound: Bound, may_deny: bool) -> Vec<Json> {
    match bound {
        Bound::Certain if may_deny => {
            vec![json!({"Effect": "Deny", "Action": "*", "Resource": "*"})]
        }
        Bound::Certain => Vec::new(),
        Bound::Possible => vec![json!({"Effect": "Allow", "Action": "*", "Resource": "*"})],
    }
}

/// Parses each statement on its own, keeping those the engine accepts: one malformed
/// statement (an action without a service prefix) must not hide the others.
fn parse_each(statements: Vec<Json>, kind: PolicyKind) -> Policy {
    let mut policy = Policy {
        kind,
        statements: Vec::new(),
    };
    for statement in statements {
        let document = json!({"Version": "2012-10-17", "Statement": [statement]});
        if let Ok(parsed) = Policy::parse(&document, kind) {
            for mut s in parsed.statements {
                s.index = policy.statements.len();
                policy.statements.push(s);
            }
        }
    }
    policy
}

/// One statement for one bound, or None when it grants or denies nothing in that bound.
/// Conditions are left out: the escalation analysis reads an Allow's conditions as
/// satisfiable and a conditional Deny as escapable, so a Deny with conditions is dropped here
/// (unless its conditions are unknown and the bound is the certain one).
fn statement_json(s: &Statement, bound: Bound) -> Option<Json> {
    let effect = match (s.effect, bound) {
        (Some(e), _) => e,
        // an effect the code does not say is the worse one for the bound
        (None, Bound::Certain) => Effect::Deny,
        (None, Bound::Possible) => Effect::Allow,
    };
    // wide: covers as much as the unknown parts could; narrow: as little
    let wide = (effect == Effect::Allow) == (bound == Bound::Possible);
    if effect == Effect::Deny {
        let conditional = !s.conditions.is_empty() || s.conditions_unknown;
        let could_be_unconditional = s.conditions_unknown && s.conditions.is_empty();
        if conditional && !(could_be_unconditional && wide) {
            return None;
        }
    }
    let mut out = serde_json::Map::new();
    out.insert(
        "Effect".into(),
        json!(if effect == Effect::Allow {
            "Allow"
        } else {
            "Deny"
        }),
    );
    let (name, list) = element(s.action.as_ref(), s.not_action.as_ref(), wide, "Action")?;
    out.insert(name, list);
    let (name, list) = element(
        s.resource.as_ref(),
        s.not_resource.as_ref(),
        wide,
        "Resource",
    )?;
    out.insert(name, list);
    Some(Json::Object(out))
}

/// `Action`/`NotAction` (or `Resource`/`NotResource`) for one bound.
fn element(
    positive: Option<&Patterns>,
    negative: Option<&Patterns>,
    wide: bool,
    name: &str,
) -> Option<(String, Json)> {
    let all = || Some((name.to_string(), json!(["*"])));
    match (positive, negative) {
        (Some(p), _) => {
            let mut items = p.known.clone();
            if p.unknown && wide {
                items.push("*".into());
            }
            (!items.is_empty()).then(|| (name.to_string(), json!(items)))
        }
        (None, Some(n)) => {
            // unknown exclusions could exclude everything (narrow) or nothing more (wide)
            if n.unknown && !wide {
                return None;
            }
            if n.known.is_empty() {
                return if wide { all() } else { None };
            }
            Some((format!("Not{name}"), json!(n.known)))
        }
        // AWS refuses an identity statement without either; the wide bound reads it as all
        (None, None) => {
            if wide {
                all()
            } else {
                None
            }
        }
    }
}

/// Whether a managed policy is attached, in this module, to a role, user or group: that
/// principal's check then reports what the policy opens, within its boundary.
fn attached_in_module(r: &ResourceRef<'_>) -> bool {
    [
        "aws_iam_role_policy_attachment",
        "aws_iam_user_policy_attachment",
        "aws_iam_group_policy_attachment",
        "aws_iam_policy_attachment",
    ]
    .into_iter()
    .any(|kind| {
        r.related(kind).any(|a| {
            ["aws_iam_role", "aws_iam_user", "aws_iam_group"]
                .into_iter()
                .any(|principal| a.uses(principal).next().is_some())
        })
    })
}

/// Whether a managed policy is the permissions boundary of a role or user of the module: a
/// boundary only limits, so what it "allows" is no grant.
fn is_boundary_in_module(r: &ResourceRef<'_>) -> bool {
    ["aws_iam_role", "aws_iam_user"].into_iter().any(|kind| {
        r.inventory.of_kind(kind).filter(|p| p.scope == r.scope).any(|p| {
            matches!(
                p.attributes.get("permissions_boundary"),
                Some(Value::Unknown(u)) if u.refers_to.as_deref().is_some_and(|a| {
                    a == r.address || a.strip_prefix(r.address.as_str()).is_some_and(|rest| rest.starts_with('.'))
                })
            )
        })
    })
}

/// The policies a rule judges for `r`, or None when another check covers it: a data source,
/// a policy attached to a principal of the module (judged there), or full administrator
/// access (AWS-IAM-001).
pub fn judged(r: &ResourceRef<'_>) -> Option<PrincipalPolicies> {
    if r.mode != rampart_model::Mode::Managed {
        return None;
    }
    if r.kind == "aws_iam_policy" && (attached_in_module(r) || is_boundary_in_module(r)) {
        return None;
    }
    PrincipalPolicies::of(r).filter(|p| !p.is_full_admin())
}

/// Where a finding about `r`'s permissions points: the policy text of a managed policy, the
/// resource block of a principal.
pub fn hit(r: &ResourceRef<'_>, message: String) -> crate::rule::Hit {
    if r.kind == "aws_iam_policy" {
        crate::rule::Hit::at("policy", message)
    } else {
        crate::rule::Hit::resource(message)
    }
}

/// The hits of a privilege-escalation check: the methods the certain policies open, or
/// nothing (and the unknown parts noted) when only the possible ones do.
pub fn escalation_hits(r: &ResourceRef<'_>) -> Vec<crate::rule::Hit> {
    let Some(p) = judged(r) else {
        return Vec::new();
    };
    let (certain, possible) = p.escalation();
    if certain.is_empty() {
        if !possible.is_empty() {
            p.note_unknowns();
        }
        return Vec::new();
    }
    let methods: Vec<String> = certain
        .iter()
        .map(|m| format!("{} ({})", m.id, m.actions.join(" + ")))
        .collect();
    vec![hit(
        r,
        format!(
            "`{}` can escalate its privileges, by {} known method{}: {}",
            r.address,
            methods.len(),
            if methods.len() == 1 { "" } else { "s" },
            methods.join(", ")
        ),
    )]
}

/// The hits of a check on one group of risky actions; `what` completes "`<address>` …".
pub fn risk_hits(r: &ResourceRef<'_>, group: &RiskGroup, what: &str) -> Vec<crate::rule::Hit> {
    let Some(p) = judged(r) else {
        return Vec::new();
    };
    let found = p.risky(group);
    if found.certain.is_empty() {
        if !found.possible.is_empty() {
            p.note_unknowns();
        }
        return Vec::new();
    }
    let actions: Vec<String> = found.certain.iter().map(|a| format!("`{a}`")).collect();
    vec![hit(
        r,
        format!(
            "`{}` {what} on every resource: {}",
            r.address,
            actions.join(", ")
        ),
    )]
}
