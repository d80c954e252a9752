//! Identity and data access: which workload runs as which role (instance profile → role,
//! Lambda → role), what each role can effectively read (the IAM evaluator of `rampart_iam`
//! decides, so an Allow cancelled by a Deny, a permissions boundary or a resource policy does
//! not count), who can assume each role (its trust policy), which roles are administrators,
//! which can escalate, and which buckets anyone can read.
//!
//! Unknown parts of policies are read in two worlds ([`crate::policy_worlds`]): an edge whose
//! answer turns on an unknown is `Unknown`, never dropped and never asserted.
//!
//! Must never: evaluate every role against every data store (candidates come from the
//! resource patterns of the role's own Allow statements), or read a managed policy it does not
//! know as granting nothing (an unknown managed policy is an unknown document).

use crate::build::{Ctx, Target};
use crate::graph::{EdgeKind, Graph, NodeId, NodeKind, RoleFacts};
use crate::policy_worlds::Worlds;
use rampart_iam::policy::Scope;
use rampart_iam::{Context, Decision, Policies, Policy, PolicyKind, Principal, Request, evaluate};
use rampart_model::{Resource, ResourceId, Truth, Unknown, Value};
use std::collections::{HashMap, HashSet};

/// The escalation methods come from `rampart_iam::escalation::METHODS` (one catalogue for
/// the rules and the graph); each action of a method is probed on the resource it most needs.
pub use rampart_iam::escalation::Method as Technique;

/// The resource an action is probed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// Any role of the account (`arn:aws:iam::ACCOUNT:role/rampart-probe`).
    AnyRole,
    /// The role itself.
    SelfRole,
    /// Any customer managed policy of the account.
    AnyPolicy,
    /// Any resource of the service in the account and region.
    Any,
}

/// Where an escalation method's action must be allowed: passing a role needs any role,
/// changing a role's own policies or trust needs the role itself, rewriting a managed policy
/// needs any policy, the rest any resource of the service.
fn probe_for(action: &str) -> Probe {
    let lower = action.to_ascii_lowercase();
    if lower == "iam:passrole" {
        Probe::AnyRole
    } else if lower.starts_with("iam:")
        && (lower.contains("rolepolicy")
            || lower.contains("assumerolepolicy")
            || lower.contains("rolepermissionsboundary"))
    {
        Probe::SelfRole
    } else if lower.starts_with("iam:") && lower.contains("policyversion") {
        Probe::AnyPolicy
    } else {
        Probe::Any
    }
}

/// A role is an administrator when it may do all of these on any resource: with them it can
/// grant itself anything (`*:*` and `iam:*` both qualify).
pub const ADMIN_ACTIONS: &[&str] = &[
    "iam:AttachRolePolicy",
    "iam:PutRolePolicy",
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "iam:CreatePolicyVersion",
];

/// How a data store is read: the action, the resource the request names, and its policy.
struct Store {
    node: NodeId,
    action: &'static str,
    request_arn: String,
    arn_known: bool,
    account: String,
    policy: Option<Worlds>,
    tag: u8,
}

struct Role {
    node: NodeId,
    rid: ResourceId,
    principal: Principal,
    arn: String,
    account: String,
    least: Policies,
    most: Policies,
    exact: bool,
    /// Per statement (both worlds, boundary included): its resource patterns resolved once,
    /// and whether they are a NotResource; `None` when some pattern holds a policy variable.
    sig: Option<Vec<(bool, Vec<ArnPattern>)>>,
}

/// A resolved resource pattern, with the shapes most policies use matched without the
/// general (allocating) matcher: equal to [`rampart_iam::pattern::arn_matches`] on every ARN.
enum ArnPattern {
    /// Only `*`: every ARN.
    Any,
    /// Literal text: the ARN itself.
    Exact(String),
    /// Literal text then one `*`: ARNs that start with it.
    Prefix(String),
    Other(Vec<rampart_iam::pattern::Piece>),
}

impl ArnPattern {
    fn new(pieces: Vec<rampart_iam::pattern::Piece>) -> ArnPattern {
        use rampart_iam::pattern::Piece;
        if pieces.iter().all(|p| *p == Piece::Star) {
            return ArnPattern::Any;
        }
        let literal = |ps: &[Piece]| -> Option<String> {
            ps.iter()
                .map(|p| match p {
                    Piece::Literal(c) => Some(*c),
                    _ => None,
                })
                .collect()
        };
        match pieces.split_last() {
            Some((Piece::Star, head)) if let Some(prefix) = literal(head) => {
                ArnPattern::Prefix(prefix)
            }
            _ => match literal(&pieces) {
                Some(text) => ArnPattern::Exact(text),
                None => ArnPattern::Other(pieces),
            },
        }
    }

    fn matches(&self, arn: &str) -> bool {
        match self {
            ArnPattern::Any => true,
            ArnPattern::Exact(t) => t == arn,
            ArnPattern::Prefix(p) => arn.starts_with(p.as_str()),
            ArnPattern::Other(pieces) => rampart_iam::pattern::arn_matches(pieces, arn),
        }
    }
}

impl Role {
    /// The most world's policies (the least world's when they are the same).
    fn most(&self) -> &Policies {
        if self.exact { &self.least } else { &self.most }
    }

    /// Whether some Allow statement of the most world names the action (or excludes others).
    fn could_allow(&self, action: &str) -> bool {
        let action = action.to_ascii_lowercase();
        self.most()
            .identity
            .iter()
            .flat_map(|p| &p.statements)
            .any(|s| {
                s.effect == rampart_iam::Effect::Allow
                    && match &s.actions {
                        Scope::Only(ps) => ps
                            .iter()
                            .any(|p| rampart_iam::pattern::matches(p, &action, false)),
                        Scope::Except(_) => true,
                    }
            })
    }

    fn decide(
        &self,
        action: &str,
        resource: &str,
        account: &str,
        resource_policy: Option<&Worlds>,
    ) -> Truth {
        // no identity statement could allow the action and no resource policy may grant it:
        // denied without running the evaluator (most roles, for most probes)
        if resource_policy.is_none() && !self.could_allow(action) {
            return Truth::False;
        }
        let req = Request {
            principal: self.principal.clone(),
            action: action.to_string(),
            resource: resource.to_string(),
            resource_account: account.to_string(),
            context: Context::default(),
        };
        let exact = self.exact && resource_policy.is_none_or(|w| w.exact);
        let with = |p: &Policies, rp: Option<&Policy>| match rp {
            None => evaluate(&req, p).decision == Decision::Allowed,
            Some(rp) => {
                let mut p = p.clone();
                p.resource = Some(rp.clone());
                evaluate(&req, &p).decision == Decision::Allowed
            }
        };
        if with(&self.least, resource_policy.and_then(|w| w.least.as_ref())) {
            return Truth::True;
        }
        if exact {
            return Truth::False;
        }
        // allowed only when the unknowns go the permissive way: undecided
        if with(&self.most, resource_policy.and_then(|w| w.most.as_ref())) {
            Truth::Unknown
        } else {
            Truth::False
        }
    }
}

/// The ARN of a resource: its known `arn`, else built from its name the way AWS builds it.
/// The flag says whether the name was known.
pub(crate) fn arn_of(ctx: &Ctx<'_>, r: &Resource) -> Option<(String, bool)> {
    if let Some(Value::String(a)) = r.attributes.get("arn")
        && a.starts_with("arn:")
    {
        return Some((a.clone(), true));
    }
    let acct = ctx.account_of(r);
    let region = ctx.region_of(r);
    let name = |attrs: &[&str]| -> (String, bool) {
        attrs
            .iter()
            .find_map(|a| {
                r.attributes
                    .get(*a)
                    .and_then(Value::as_str)
                    .map(|s| (s.to_string(), true))
            })
            .unwrap_or_else(|| (format!("rampart-unnamed-{}", r.address), false))
    };
    let (arn, known) = match r.kind.as_str() {
        "aws_s3_bucket" => {
            let (n, k) = name(&["bucket"]);
            (format!("arn:aws:s3:::{n}"), k)
        }
        "aws_iam_role" => {
            let (n, k) = name(&["name"]);
            let path = r
                .attributes
                .get("path")
                .and_then(Value::as_str)
                .unwrap_or("/");
            (format!("arn:aws:iam::{acct}:role{path}{n}"), k)
        }
        "aws_iam_user" => {
            let (n, k) = name(&["name"]);
            (format!("arn:aws:iam::{acct}:user/{n}"), k)
        }
        "aws_iam_policy" => {
            let (n, k) = name(&["name"]);
            (format!("arn:aws:iam::{acct}:policy/{n}"), k)
        }
        "aws_dynamodb_table" => {
            let (n, k) = name(&["name"]);
            (format!("arn:aws:dynamodb:{region}:{acct}:table/{n}"), k)
        }
        "aws_db_instance" => {
            let (n, k) = name(&["identifier"]);
            (format!("arn:aws:rds:{region}:{acct}:db:{n}"), k)
        }
        "aws_rds_cluster" => {
            let (n, k) = name(&["cluster_identifier"]);
            (format!("arn:aws:rds:{region}:{acct}:cluster:{n}"), k)
        }
        // the real ARN ends in six random characters: a fixed stand-in keeps patterns such as
        // `secret:NAME-*` matching and a bare `secret:NAME` not, as in AWS
        "aws_secretsmanager_secret" => {
            let (n, k) = name(&["name"]);
            (
                format!("arn:aws:secretsmanager:{region}:{acct}:secret:{n}-AbCdEf"),
                k,
            )
        }
        "aws_ssm_parameter" => {
            let (n, k) = name(&["name"]);
            (
                format!(
                    "arn:aws:ssm:{region}:{acct}:parameter/{}",
                    n.trim_start_matches('/')
                ),
                k,
            )
        }
        "aws_lambda_function" => {
            let (n, k) = name(&["function_name"]);
            (format!("arn:aws:lambda:{region}:{acct}:function:{n}"), k)
        }
        "aws_kms_key" => (
            format!("arn:aws:kms:{region}:{acct}:key/{}", r.address),
            false,
        ),
        _ => return None,
    };
    Some((arn, known))
}

/// What reading a store means, per kind.
fn read_request(ctx: &Ctx<'_>, r: &Resource, arn: &str) -> Option<(&'static str, String, u8)> {
    Some(match r.kind.as_str() {
        "aws_s3_bucket" => ("s3:GetObject", format!("{arn}/*"), 0),
        "aws_dynamodb_table" => ("dynamodb:GetItem", arn.to_string(), 1),
        "aws_db_instance" | "aws_rds_cluster" => {
            let id = arn.rsplit(':').next().unwrap_or_default();
            (
                "rds-db:connect",
                format!(
                    "arn:aws:rds-db:{}:{}:dbuser:{id}/*",
                    ctx.region_of(r),
                    ctx.account_of(r)
                ),
                2,
            )
        }
        "aws_secretsmanager_secret" => ("secretsmanager:GetSecretValue", arn.to_string(), 3),
        "aws_ssm_parameter" => ("ssm:GetParameter", arn.to_string(), 4),
        _ => return None,
    })
}

struct Ident<'a, 'c> {
    ctx: &'c Ctx<'a>,
}

impl Ident<'_, '_> {
    /// ARNs standing for an Unknown that refers to an inventory resource.
    fn subst(&self, scope: &str, u: &Unknown) -> Option<Vec<String>> {
        let address = u.refers_to.as_deref()?;
        let id = self.ctx.inv.id_in_scope(scope, address)?;
        let r = self.ctx.resource(id)?;
        let (arn, _) = arn_of(self.ctx, r)?;
        Some(if r.kind == "aws_s3_bucket" {
            vec![arn.clone(), format!("{arn}/*")]
        } else {
            vec![arn]
        })
    }

    fn worlds(
        &self,
        owner: &Resource,
        doc: &Value,
        kind: PolicyKind,
        notes: &mut Vec<String>,
        what: &str,
    ) -> Worlds {
        let scope = owner.scope.clone();
        Worlds::read(doc, kind, &|u| self.subst(&scope, u), None, notes, what)
    }

    /// The document of a policy pointer (`policy_arn`): a policy of the inventory, a known
    /// AWS managed policy, or an unknown document.
    fn pointed_policy(&self, from: &Resource, v: &Value, notes: &mut Vec<String>) -> Worlds {
        match self.ctx.resolve(from, v, &["aws_iam_policy"]) {
            Target::Found(p) => match self.ctx.resource(p) {
                Some(pr) => {
                    let doc = pr.attributes.get("policy").cloned().unwrap_or(Value::Null);
                    self.worlds(pr, &doc, PolicyKind::Identity, notes, &pr.address)
                }
                None => Worlds::default(),
            },
            _ => match v.as_str().and_then(rampart_iam::managed::document) {
                Some(text) => self.worlds(
                    from,
                    &Value::string(text),
                    PolicyKind::Identity,
                    notes,
                    "managed policy",
                ),
                None => {
                    if let Some(arn) = v.as_str() {
                        notes.push(format!(
                            "{}: policy `{arn}` is not in the inventory; read as unknown",
                            from.address
                        ));
                    }
                    self.worlds(
                        from,
                        &Value::unknown(),
                        PolicyKind::Identity,
                        notes,
                        &from.address,
                    )
                }
            },
        }
    }

    fn role(&self, id: ResourceId, node: NodeId, notes: &mut Vec<String>) -> Option<Role> {
        let ctx = self.ctx;
        let r = ctx.resource(id)?;
        let (arn, _) = arn_of(ctx, r)?;
        let account = ctx.account_of(r);
        let principal = Principal::parse(&arn).ok()?;
        let mut docs: Vec<Worlds> = Vec::new();
        if let Some(Value::List(blocks)) = r.attributes.get("inline_policy") {
            for (i, b) in blocks.iter().enumerate() {
                if let Some(doc) = b.get("policy") {
                    docs.push(self.worlds(
                        r,
                        doc,
                        PolicyKind::Identity,
                        notes,
                        &format!("{}.inline_policy.{i}", r.address),
                    ));
                }
            }
        } else if r
            .attributes
            .get("inline_policy")
            .is_some_and(Value::is_unknown)
        {
            docs.push(self.worlds(
                r,
                &Value::unknown(),
                PolicyKind::Identity,
                notes,
                &r.address,
            ));
        }
        let rref = ctx.inv.resource_ref(id)?;
        for p in rref.related("aws_iam_role_policy") {
            let doc = p.attributes.get("policy").cloned().unwrap_or(Value::Null);
            docs.push(self.worlds(&p, &doc, PolicyKind::Identity, notes, &p.address));
        }
        for kind in [
            "aws_iam_role_policy_attachment",
            "aws_iam_policy_attachment",
        ] {
            for a in rref.related(kind) {
                if let Some(v) = a.attributes.get("policy_arn") {
                    docs.push(self.pointed_policy(&a, v, notes));
                }
            }
        }
        if let Some(Value::List(arns)) = r.attributes.get("managed_policy_arns") {
            for v in arns {
                docs.push(self.pointed_policy(r, v, notes));
            }
        }
        let boundary = r
            .attributes
            .get("permissions_boundary")
            .filter(|v| !v.is_null())
            .map(|v| self.pointed_policy(r, v, notes));
        let exact = docs.iter().all(|w| w.exact) && boundary.as_ref().is_none_or(|b| b.exact);
        let pick = |least: bool| {
            let pol = |w: &Worlds| {
                if least {
                    w.least.clone()
                } else {
                    w.most.clone()
                }
            };
            Policies {
                identity: docs.iter().filter_map(pol).collect(),
                permission_boundary: boundary.as_ref().map(|b| {
                    pol(b).unwrap_or(Policy {
                        kind: PolicyKind::PermissionBoundary,
                        statements: Vec::new(),
                    })
                }),
                ..Policies::default()
            }
        };
        // one copy when nothing is unknown: both worlds are the same
        let least = pick(true);
        let most = if exact {
            Policies::default()
        } else {
            pick(false)
        };
        let sig = signature_patterns(&least, &most);
        Some(Role {
            node,
            rid: id,
            principal,
            arn,
            account,
            least,
            most,
            exact,
            sig,
        })
    }
}

/// Fixed texts of the resource patterns the role's Allow statements could grant on, `None`
/// when some statement grants on every resource but the excluded ones (NotResource) or
/// uses a policy variable.
/// The actions [`read_request`] asks for, lower-cased as policies hold them.
const READ_ACTIONS: [&str; 5] = [
    "s3:getobject",
    "dynamodb:getitem",
    "rds-db:connect",
    "secretsmanager:getsecretvalue",
    "ssm:getparameter",
];

fn allow_patterns(role: &Role) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for p in &role.most().identity {
        for s in p
            .statements
            .iter()
            .filter(|s| s.effect == rampart_iam::Effect::Allow)
        {
            // a statement that cannot allow reading any store names no candidate
            let reads = match &s.actions {
                Scope::Only(ps) => ps.iter().any(|p| {
                    READ_ACTIONS
                        .iter()
                        .any(|a| rampart_iam::pattern::matches(p, a, false))
                }),
                Scope::Except(_) => true,
            };
            if !reads {
                continue;
            }
            match &s.resources {
                Some(Scope::Only(templates)) => {
                    for t in templates {
                        out.push(t.fixed_text()?.to_string());
                    }
                }
                _ => return None,
            }
        }
    }
    Some(out)
}

/// A bitmask of which statements of the role name `arn`: two stores with the same mask (and
/// no resource policy, same account) get the same decision.
fn signature(role: &Role, arn: &str) -> Option<u64> {
    let sig = role.sig.as_ref()?;
    let mut mask = 0u64;
    for (bit, (except, patterns)) in sig.iter().enumerate() {
        let named = patterns.iter().any(|p| p.matches(arn));
        if named != *except {
            mask |= 1 << bit;
        }
    }
    Some(mask)
}

/// The resolved resource patterns of every statement of the role, for [`signature`].
fn signature_patterns(least: &Policies, most: &Policies) -> Option<Vec<(bool, Vec<ArnPattern>)>> {
    let ctx = Context::default();
    let all = least
        .identity
        .iter()
        .chain(least.permission_boundary.iter())
        .chain(most.identity.iter())
        .chain(most.permission_boundary.iter());
    let mut out = Vec::new();
    for p in all {
        for s in &p.statements {
            if out.len() >= 64 {
                return None;
            }
            let (except, templates): (bool, &[rampart_iam::pattern::Template]) = match &s.resources
            {
                None => (true, &[]),
                Some(Scope::Only(ts)) => (false, ts),
                Some(Scope::Except(ts)) => (true, ts),
            };
            let resolved: Option<Vec<_>> = templates
                .iter()
                .map(|t| t.fixed_text().and(t.resolve(&ctx)))
                .collect();
            out.push((except, resolved?.into_iter().map(ArnPattern::new).collect()));
        }
    }
    Some(out)
}

pub(crate) fn build(ctx: &Ctx<'_>, g: &mut Graph) {
    let inv = ctx.inv;
    let id = Ident { ctx };
    let mut notes = Vec::new();
    // workloads → identities
    for &i in inv.ids_of_kind("aws_instance") {
        let Some(r) = ctx.resource(i) else { continue };
        if let Some(t) = ctx.resolve_one(r, "iam_instance_profile", &["aws_iam_instance_profile"]) {
            link(g, i, t, "iam_instance_profile");
        }
    }
    for &i in inv.ids_of_kind("aws_launch_template") {
        let Some(r) = ctx.resource(i) else { continue };
        if let Some(Value::List(b)) = r.attributes.get("iam_instance_profile")
            && let Some(first) = b.first()
        {
            for attr in ["name", "arn"] {
                if let Some(v) = first.get(attr) {
                    let t = ctx.resolve(r, v, &["aws_iam_instance_profile"]);
                    link(g, i, t, "iam_instance_profile");
                }
            }
        }
    }
    for &i in inv.ids_of_kind("aws_iam_instance_profile") {
        let Some(r) = ctx.resource(i) else { continue };
        if let Some(t) = ctx.resolve_one(r, "role", &["aws_iam_role"]) {
            link(g, i, t, "role");
        }
    }
    for &i in inv.ids_of_kind("aws_lambda_function") {
        let Some(r) = ctx.resource(i) else { continue };
        if let Some(t) = ctx.resolve_one(r, "role", &["aws_iam_role"]) {
            link(g, i, t, "role");
        }
    }
    // roles with their policies
    let mut roles: Vec<Role> = Vec::new();
    for &i in inv.ids_of_kind("aws_iam_role") {
        let n = g.node_for(i);
        if let Some(role) = id.role(i, n, &mut notes) {
            roles.push(role);
        }
    }
    // data stores and secrets
    let mut secret_policies: HashMap<ResourceId, ResourceId> = HashMap::new();
    for &p in inv.ids_of_kind("aws_secretsmanager_secret_policy") {
        if let Some(pr) = ctx.resource(p)
            && let Some(Target::Found(secret)) =
                ctx.resolve_one(pr, "secret_arn", &["aws_secretsmanager_secret"])
        {
            secret_policies.insert(secret, p);
        }
    }
    let mut stores: Vec<Store> = Vec::new();
    for kind in [
        "aws_s3_bucket",
        "aws_dynamodb_table",
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_secretsmanager_secret",
        "aws_ssm_parameter",
    ] {
        for &i in inv.ids_of_kind(kind) {
            let Some(r) = ctx.resource(i) else { continue };
            let Some((arn, known)) = arn_of(ctx, r) else {
                continue;
            };
            let Some((action, request_arn, tag)) = read_request(ctx, r, &arn) else {
                continue;
            };
            let policy = store_policy(&id, i, r, &secret_policies, &mut notes);
            stores.push(Store {
                node: g.node_for(i),
                action,
                request_arn,
                arn_known: known,
                account: ctx.account_of(r),
                policy,
                tag,
            });
        }
    }
    stores.sort_by(|a, b| a.request_arn.cmp(&b.request_arn));
    public_buckets(&id, g, &stores, &mut notes);
    // who can read what: sensitive stores only, unless asked for every store (an estate's
    // administrators read every bucket: millions of edges no query needs)
    if !ctx.options.all_data_access {
        stores.retain(|s| g.sensitivity.contains_key(&s.node));
    }
    // resource policies that name a role exactly add it as a candidate reader
    let mut named: HashMap<String, Vec<usize>> = HashMap::new();
    for (si, s) in stores.iter().enumerate() {
        if let Some(p) = s.policy.as_ref().and_then(|w| w.most.as_ref()) {
            for st in &p.statements {
                if let Some(Scope::Only(set)) = &st.principals {
                    for a in &set.aws {
                        named.entry(a.clone()).or_default().push(si);
                    }
                }
            }
        }
    }
    // role → store edges, in parallel over roles
    use rayon::prelude::*;
    let edges: Vec<(NodeId, NodeId, Truth, &'static str)> = roles
        .par_iter()
        .flat_map_iter(|role| {
            let mut out = Vec::new();
            let mut candidates: Vec<usize> = match allow_patterns(role) {
                None => (0..stores.len()).collect(),
                Some(patterns) => {
                    let mut c = Vec::new();
                    for p in patterns {
                        let prefix = p.split(['*', '?']).next().unwrap_or("");
                        let lo = stores.partition_point(|s| s.request_arn.as_str() < prefix);
                        let hi = lo
                            + stores
                                .get(lo..)
                                .map(|rest| {
                                    rest.partition_point(|s| s.request_arn.starts_with(prefix))
                                })
                                .unwrap_or(0);
                        c.extend(lo..hi);
                    }
                    c
                }
            };
            candidates.extend(named.get(&role.arn).into_iter().flatten().copied());
            candidates.sort_unstable();
            candidates.dedup();
            let mut cache: HashMap<(u8, &str, u64), Truth> = HashMap::new();
            for si in candidates {
                let Some(s) = stores.get(si) else { continue };
                let sig = if s.policy.is_none() {
                    signature(role, &s.request_arn)
                } else {
                    None
                };
                let key = sig.map(|m| (s.tag, s.account.as_str(), m));
                let truth = match key.and_then(|k| cache.get(&k).copied()) {
                    Some(t) => t,
                    None => {
                        let t =
                            role.decide(s.action, &s.request_arn, &s.account, s.policy.as_ref());
                        if let Some(k) = key {
                            cache.insert(k, t);
                        }
                        t
                    }
                };
                // a store whose name is unknown may be the one a literal pattern names
                let truth = if truth == Truth::False && !s.arn_known {
                    Truth::Unknown
                } else {
                    truth
                };
                if truth != Truth::False {
                    out.push((role.node, s.node, truth, s.action));
                }
            }
            out
        })
        .collect();
    let mut details: HashMap<&str, u32> = HashMap::new();
    for (from, to, truth, action) in edges {
        let detail = *details.entry(action).or_insert_with(|| g.detail_id(action));
        g.add_edge_with(from, to, EdgeKind::CanRead, truth, detail);
    }
    // administrator rights and escalation techniques
    let facts: Vec<(NodeId, RoleFacts)> = roles
        .par_iter()
        .map(|role| {
            // probes are built only for actions some statement could allow
            let admin = ADMIN_ACTIONS.iter().fold(Truth::True, |t, a| {
                t.and_then(|| {
                    if role.could_allow(a) {
                        role.decide(a, &probe(role, Probe::Any, a), &role.account, None)
                    } else {
                        Truth::False
                    }
                })
            });
            let escalations = escalations_of(role);
            (
                role.node,
                RoleFacts {
                    admin: Some(admin),
                    escalations,
                    arn: role.arn.clone(),
                    account: role.account.clone(),
                },
            )
        })
        .collect();
    for (n, f) in facts {
        g.roles.insert(n, f);
    }
    trust(&id, g, &roles, &mut notes);
    g.notes.extend(notes);
}

fn link(g: &mut Graph, from: ResourceId, to: Target, via: &str) {
    match to {
        Target::Found(t) => {
            let (a, b) = (g.node_for(from), g.node_for(t));
            g.add_edge(a, b, EdgeKind::UsesIdentity, Truth::True, via);
        }
        Target::Unknown | Target::Outside => {}
    }
}

fn probe(role: &Role, p: Probe, action: &str) -> String {
    let acct = &role.account;
    match p {
        Probe::SelfRole => role.arn.clone(),
        Probe::AnyRole => format!("arn:aws:iam::{acct}:role/rampart-probe"),
        Probe::AnyPolicy => format!("arn:aws:iam::{acct}:policy/rampart-probe"),
        Probe::Any => {
            let service = action.split(':').next().unwrap_or("*");
            match service {
                "iam" => format!("arn:aws:iam::{acct}:role/rampart-probe"),
                "ec2" => format!("arn:aws:ec2:us-east-1:{acct}:instance/*"),
                "lambda" => format!("arn:aws:lambda:us-east-1:{acct}:function:rampart-probe"),
                s => format!("arn:aws:{s}:us-east-1:{acct}:rampart-probe"),
            }
        }
    }
}

/// The escalation methods the role's permissions allow (not `False`).
fn escalations_of(role: &Role) -> Vec<(&'static Technique, Truth)> {
    rampart_iam::escalation::METHODS
        .iter()
        .filter_map(|t| {
            let truth = t
                .actions
                .iter()
                .map(|action| {
                    if role.could_allow(action) {
                        role.decide(
                            action,
                            &probe(role, probe_for(action), action),
                            &role.account,
                            None,
                        )
                    } else {
                        Truth::False
                    }
                })
                .fold(Truth::True, Truth::and);
            (truth != Truth::False).then_some((t, truth))
        })
        .collect()
}

fn store_policy(
    id: &Ident<'_, '_>,
    i: ResourceId,
    r: &Resource,
    secret_policies: &HashMap<ResourceId, ResourceId>,
    notes: &mut Vec<String>,
) -> Option<Worlds> {
    let ctx = id.ctx;
    let rref = ctx.inv.resource_ref(i)?;
    let mut doc = r.attributes.get("policy").filter(|v| !v.is_null()).cloned();
    let mut owner: &Resource = r;
    if r.kind == "aws_s3_bucket"
        && let Some(p) = rref.related("aws_s3_bucket_policy").next()
    {
        doc = p.attributes.get("policy").cloned();
        owner = p.resource();
    }
    if let Some(pr) = secret_policies.get(&i).and_then(|&p| ctx.resource(p)) {
        doc = pr.attributes.get("policy").cloned();
        owner = pr;
    }
    let doc = doc?;
    // a bucket policy can only name its own bucket and objects: an unresolved Resource is them
    let own: Option<Vec<String>> = if r.kind == "aws_s3_bucket" {
        arn_of(ctx, r).map(|(arn, _)| vec![arn.clone(), format!("{arn}/*")])
    } else {
        None
    };
    let scope = owner.scope.clone();
    Some(Worlds::read(
        &doc,
        PolicyKind::Resource,
        &|u| id.subst(&scope, u),
        own.as_deref(),
        notes,
        &owner.address,
    ))
}

/// Whether a flag of the bucket's (or the account's) public access block is on.
fn block_flag(ctx: &Ctx<'_>, bucket: ResourceId, flag: &str) -> Truth {
    let mut t = Truth::False;
    if let Some(b) = ctx.inv.resource_ref(bucket) {
        for pab in b.related("aws_s3_bucket_public_access_block") {
            t = t.or(pab
                .attributes
                .get(flag)
                .map(Value::truth)
                .unwrap_or(Truth::False));
        }
    }
    for pab in ctx.inv.of_kind("aws_s3_account_public_access_block") {
        t = t.or(pab
            .attributes
            .get(flag)
            .map(Value::truth)
            .unwrap_or(Truth::False));
    }
    t
}

fn public_buckets(id: &Ident<'_, '_>, g: &mut Graph, stores: &[Store], _notes: &mut [String]) {
    let ctx = id.ctx;
    let by_node: HashMap<NodeId, &Store> = stores.iter().map(|s| (s.node, s)).collect();
    for &b in ctx.inv.ids_of_kind("aws_s3_bucket") {
        let Some(r) = ctx.resource(b) else { continue };
        let n = g.node_for(b);
        let Some(store) = by_node.get(&n) else {
            continue;
        };
        // the bucket policy: anonymous s3:GetObject allowed?
        let policy = match &store.policy {
            Some(w) => {
                let req = Request {
                    principal: Principal::Anonymous,
                    action: "s3:GetObject".into(),
                    resource: store.request_arn.clone(),
                    resource_account: store.account.clone(),
                    context: Context::default(),
                };
                let allowed = |p: &Option<Policy>| {
                    let pol = Policies {
                        resource: p.clone(),
                        ..Policies::default()
                    };
                    evaluate(&req, &pol).decision == Decision::Allowed
                };
                if allowed(&w.least) {
                    Truth::True
                } else if w.exact || !allowed(&w.most) {
                    Truth::False
                } else {
                    Truth::Unknown
                }
            }
            None => Truth::False,
        };
        let restricted = block_flag(ctx, b, "restrict_public_buckets").or(block_flag(
            ctx,
            b,
            "block_public_policy",
        ));
        let by_policy = policy.and(restricted.not());
        // the ACL: a canned public ACL, inline or in aws_s3_bucket_acl
        let mut acl = acl_truth(r.attributes.get("acl"));
        if let Some(rref) = ctx.inv.resource_ref(b) {
            for a in rref.related("aws_s3_bucket_acl") {
                acl = acl.or(acl_truth(a.attributes.get("acl")));
                if let Some(g) = a.get("access_control_policy.0.grant") {
                    for grant in g.items() {
                        let uri = grant
                            .get("grantee")
                            .and_then(|x| x.items().first().and_then(|y| y.get("uri")).cloned());
                        acl = acl.or(match uri {
                            Some(Value::String(u)) => Truth::from_bool(
                                u.ends_with("/AllUsers") || u.ends_with("/AuthenticatedUsers"),
                            ),
                            Some(Value::Unknown(_)) => Truth::Unknown,
                            _ => Truth::False,
                        });
                    }
                }
            }
        }
        let owner_enforced = ctx
            .inv
            .resource_ref(b)
            .map(|rref| {
                rref.related("aws_s3_bucket_ownership_controls").any(|o| {
                    o.get("rule.0.object_ownership").and_then(Value::as_str)
                        == Some("BucketOwnerEnforced")
                })
            })
            .unwrap_or(false);
        let acl_blocked = block_flag(ctx, b, "ignore_public_acls")
            .or(block_flag(ctx, b, "block_public_acls"))
            .or(Truth::from_bool(owner_enforced));
        let by_acl = acl.and(acl_blocked.not());
        let public = by_policy.or(by_acl);
        if public != Truth::False {
            let why = match (by_policy, by_acl) {
                (Truth::True, _) => {
                    "the bucket policy lets anyone call s3:GetObject, and no public access block restricts it"
                }
                (_, Truth::True) => {
                    "the bucket ACL grants AllUsers or AuthenticatedUsers read, and no public access block ignores it"
                }
                _ => "the bucket policy, ACL or public access block is not known statically",
            };
            g.public_buckets.insert(n, (public, why.to_string()));
        }
    }
}

fn acl_truth(v: Option<&Value>) -> Truth {
    match v {
        Some(Value::String(s)) => Truth::from_bool(matches!(
            s.as_str(),
            "public-read" | "public-read-write" | "authenticated-read"
        )),
        Some(Value::Unknown(_)) => Truth::Unknown,
        _ => Truth::False,
    }
}

/// Condition keys whose value the caller chooses: an outside account meets a condition on
/// them by sending the value the trust policy expects.
const CALLER_CHOSEN: [&str; 4] = [
    "sts:externalid",
    "aws:multifactorauthpresent",
    "sts:rolesessionname",
    "sts:sourceidentity",
];

fn caller_context(policy: &Policy) -> Context {
    let mut c = Context::default();
    for s in &policy.statements {
        for cond in &s.conditions {
            let key = cond.key.to_ascii_lowercase();
            if CALLER_CHOSEN.contains(&key.as_str())
                && let rampart_iam::condition::PolicyValues::Text(ts) = &cond.values
                && let Some(v) = ts.first().and_then(|t| t.fixed_text())
            {
                c.insert(&cond.key, vec![v.to_string()]);
            }
        }
    }
    c
}

/// Trust edges: for each principal a role's trust policy names, whether it may assume it.
fn trust(id: &Ident<'_, '_>, g: &mut Graph, roles: &[Role], notes: &mut Vec<String>) {
    let ctx = id.ctx;
    let by_arn: HashMap<&str, &Role> = roles.iter().map(|r| (r.arn.as_str(), r)).collect();
    let mut outside: HashMap<String, NodeId> = HashMap::new();
    let allow_all = Policy::parse_str(
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        PolicyKind::Identity,
    )
    .ok();
    for role in roles {
        let Some(r) = ctx.resource(role.rid) else {
            continue;
        };
        let Some(doc) = r.attributes.get("assume_role_policy") else {
            continue;
        };
        let w = id.worlds(
            r,
            doc,
            PolicyKind::Trust,
            notes,
            &format!("{}.assume_role_policy", r.address),
        );
        let Some(most) = &w.most else { continue };
        let mut names: HashSet<(String, bool)> = HashSet::new();
        for s in most
            .statements
            .iter()
            .filter(|s| s.effect == rampart_iam::Effect::Allow)
        {
            if let Some(Scope::Only(set)) = &s.principals {
                if set.everyone {
                    names.insert(("*".into(), false));
                }
                names.extend(set.aws.iter().map(|a| (a.clone(), false)));
                names.extend(set.service.iter().map(|a| (a.clone(), true)));
            }
        }
        let mut names: Vec<_> = names.into_iter().collect();
        names.sort();
        for (name, service) in names {
            let principal = if name == "*" {
                // anyone: stands for a principal of an account nobody knows
                Principal::parse("arn:aws:iam::999999999999:root").ok()
            } else {
                Principal::parse(&name).ok()
            };
            let Some(principal) = principal else { continue };
            let account = principal.account().map(str::to_string);
            let internal_role = by_arn.get(name.as_str());
            let is_outside = !service
                && (name == "*"
                    || account
                        .as_ref()
                        .is_some_and(|a| !ctx.known_accounts.contains(a)));
            // the outside account writes its own identity policies: they allow whatever it wants
            let identity = internal_role.copied();
            let context = w.least.as_ref().map(caller_context).unwrap_or_default();
            let decide = |trust_policy: &Option<Policy>, least: bool| {
                let req = Request {
                    principal: principal.clone(),
                    action: "sts:AssumeRole".into(),
                    resource: role.arn.clone(),
                    resource_account: role.account.clone(),
                    context: context.clone(),
                };
                let mut pol = match identity {
                    Some(other) => {
                        if least {
                            other.least.clone()
                        } else {
                            other.most().clone()
                        }
                    }
                    None => Policies {
                        identity: allow_all.iter().cloned().collect(),
                        ..Policies::default()
                    },
                };
                if service {
                    pol = Policies::default();
                }
                pol.resource = trust_policy.clone();
                evaluate(&req, &pol).decision == Decision::Allowed
            };
            let exact = w.exact && identity.is_none_or(|o| o.exact);
            let truth = if decide(&w.least, true) {
                Truth::True
            } else if exact || !decide(&w.most, false) {
                Truth::False
            } else {
                Truth::Unknown
            };
            if truth == Truth::False {
                continue;
            }
            let from = match internal_role {
                Some(other) => other.node,
                None if service => g.outside_node(&mut outside, NodeKind::Service, &name),
                None if is_outside => {
                    let acct = if name == "*" {
                        "*".to_string()
                    } else {
                        account.clone().unwrap_or_default()
                    };
                    g.outside_node(&mut outside, NodeKind::ExternalAccount, &acct)
                }
                // a principal of a known account that is not in the inventory
                None => continue,
            };
            g.add_edge(
                from,
                role.node,
                EdgeKind::CanAssume,
                truth,
                &format!("trusts `{name}`"),
            );
        }
    }
}
