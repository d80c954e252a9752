//! IAM policy documents as statements, parsed once for every rule that reads a policy: the JSON
//! strings of `aws_iam_policy`, role/user/group inline policies, trust policies, bucket and
//! queue policies, and the `statement` blocks of `data.aws_iam_policy_document`. Action,
//! Resource and Principal may be a string or a list, Principal may be `"*"` or a map, and any
//! part may be unknown. Answers about a statement are three-valued, so a rule never reports
//! what an unknown part could make false.
//!
//! Must never: panic on any input (malformed JSON is [`Document::Invalid`]), or treat an
//! unknown value as a known one.

use rampart_iam::condition::{self as iam_condition, Operator, PolicyValues, SetOperator};
use rampart_iam::pattern::{matches as iam_matches, wildcard_pieces};
use rampart_iam::public;
use rampart_model::{Resource, ResourceRef, Truth, Unknown, Value, undecided};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// A parsed policy: its statements, or why they cannot be known.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    Known(Vec<Statement>),
    /// Not known statically (a reference, an interpolated template, an override document).
    Unknown,
    /// Not a policy document; the reason says why.
    Invalid(String),
}

impl Document {
    /// The statements when known; none otherwise (so rules report nothing they cannot prove).
    pub fn statements(&self) -> &[Statement] {
        match self {
            Document::Known(s) => s,
            _ => &[],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

/// A list of patterns (actions, resources, principal ids, condition values) whose known entries
/// are kept and whose unknown entries are only counted.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Patterns {
    pub known: Vec<String>,
    /// Some entry (or the whole list) is not known statically.
    pub unknown: bool,
    /// Where the first unknown entry was read (`policy.Statement.0.Resource`), for the
    /// undecided-check record when an answer turns on it.
    unknown_at: Option<Box<UnknownAt>>,
}

/// An unknown part of a document: its path and what it is computed from.
#[derive(Clone, Debug, PartialEq)]
struct UnknownAt {
    path: String,
    unknown: Unknown,
}

impl UnknownAt {
    fn new(path: String, v: &Value) -> Box<UnknownAt> {
        let unknown = match v {
            Value::Unknown(u) => u.clone(),
            _ => Unknown::default(),
        };
        Box::new(UnknownAt { path, unknown })
    }
    /// Records this part for the undecided-check report and answers Unknown. A document is
    /// read once for many questions, so the read is noted when an answer turns on the unknown
    /// part, not when the document is parsed.
    fn unsure(at: Option<&UnknownAt>) -> Truth {
        if let Some(at) = at {
            undecided::note(&at.path, Some(&Value::Unknown(at.unknown.clone())));
        }
        Truth::Unknown
    }
}

impl Patterns {
    fn from_value(v: &Value, path: &str) -> Patterns {
        let mut p = Patterns::default();
        for item in v.items() {
            match item {
                Value::String(s) => p.known.push(s.clone()),
                Value::Number(_) | Value::Bool(_) => p.known.push(item.to_display_string()),
                Value::Null => {}
                other => {
                    p.unknown = true;
                    if p.unknown_at.is_none() {
                        p.unknown_at = Some(UnknownAt::new(path.to_string(), other));
                    }
                }
            }
        }
        p
    }
    /// Known patterns only.
    pub fn known(known: Vec<String>) -> Patterns {
        Patterns {
            known,
            ..Patterns::default()
        }
    }
    /// Answers Unknown because of the unknown entries, noting them for the undecided-check
    /// report (for rules that judge the entries themselves).
    pub fn unsure(&self) -> Truth {
        UnknownAt::unsure(self.unknown_at.as_deref())
    }
    /// Whether some entry, matched as an IAM wildcard pattern, covers `text`.
    pub fn covers(&self, text: &str) -> Truth {
        if self.known.iter().any(|p| wildcard_match(p, text)) {
            Truth::True
        } else if self.unknown {
            self.unsure()
        } else {
            Truth::False
        }
    }
    /// Whether some entry is exactly `value` (case-insensitive).
    pub fn contains(&self, value: &str) -> Truth {
        if self.known.iter().any(|p| p.eq_ignore_ascii_case(value)) {
            Truth::True
        } else if self.unknown {
            self.unsure()
        } else {
            Truth::False
        }
    }
}

/// Who a statement applies to.
#[derive(Clone, Debug, PartialEq)]
pub enum Principals {
    /// `"Principal": "*"`.
    Everyone,
    /// `{"AWS": [...], "Service": [...], "Federated": [...], "CanonicalUser": [...]}`.
    Listed(BTreeMap<String, Patterns>),
    /// Not known statically; the path it was read at.
    Unknown(String),
}

impl Principals {
    fn from_value(v: &Value, path: &str) -> Principals {
        match v {
            Value::String(s) if s.trim() == "*" => Principals::Everyone,
            // not valid IAM, but read as an AWS principal rather than dropped
            Value::String(s) => Principals::Listed(BTreeMap::from([(
                "AWS".to_string(),
                Patterns::known(vec![s.clone()]),
            )])),
            Value::Map(m) => Principals::Listed(
                m.iter()
                    .map(|(k, v)| (k.clone(), Patterns::from_value(v, &format!("{path}.{k}"))))
                    .collect(),
            ),
            _ => Principals::Unknown(path.to_string()),
        }
    }
    /// The identifiers of one principal type (`AWS`, `Service`…), case-insensitive.
    pub fn of_type(&self, kind: &str) -> Option<&Patterns> {
        match self {
            Principals::Listed(m) => m
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(kind))
                .map(|(_, v)| v),
            _ => None,
        }
    }
    /// Whether this names every principal: `"*"`, `{"AWS": "*"}`, or an AWS principal whose
    /// account is a wildcard (`arn:aws:iam::*:root`), as `rampart_iam::public` reads them.
    pub fn is_everyone(&self) -> Truth {
        match self {
            Principals::Everyone => Truth::True,
            Principals::Unknown(path) => {
                undecided::note(path, Some(&Value::unknown()));
                Truth::Unknown
            }
            Principals::Listed(m) => {
                let mut any_unknown = None;
                for (kind, ids) in m {
                    let wild = ids.known.iter().any(|id| {
                        id.trim() == "*"
                            || (kind.eq_ignore_ascii_case("AWS")
                                && public::is_wildcard_principal(id))
                    });
                    if wild && (kind.eq_ignore_ascii_case("AWS") || kind == "*") {
                        return Truth::True;
                    }
                    if ids.unknown && (kind.eq_ignore_ascii_case("AWS") || kind == "*") {
                        any_unknown = any_unknown.or(Some(ids));
                    }
                }
                match any_unknown {
                    Some(ids) => ids.unsure(),
                    None => Truth::False,
                }
            }
        }
    }
}

impl Principals {
    /// Whether this names a principal of an account other than `own`: everyone, or an `AWS`
    /// entry (account id, root, user, role or session ARN) of another account, read by the
    /// engine's principal parser. Services and identity providers belong to no account.
    pub fn names_other_account(&self, own: &str) -> Truth {
        match self {
            Principals::Everyone => Truth::True,
            Principals::Unknown(path) => {
                undecided::note(path, Some(&Value::unknown()));
                Truth::Unknown
            }
            Principals::Listed(_) => {
                let Some(ids) = self.of_type("AWS") else {
                    return Truth::False;
                };
                let other = ids.known.iter().any(|id| {
                    public::is_wildcard_principal(id)
                        || rampart_iam::Principal::parse(id)
                            .ok()
                            .and_then(|p| p.account().map(|a| a != own))
                            .unwrap_or(false)
                });
                if other {
                    Truth::True
                } else if ids.unknown {
                    ids.unsure()
                } else {
                    Truth::False
                }
            }
        }
    }
}

/// One `Condition` entry: operator, key and values.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Patterns,
}

impl Condition {
    /// Whether this condition limits who can use the statement to fixed callers, as
    /// `rampart_iam::public` defines it (the S3 documentation's "meaning of public"): a listed
    /// key under a positive operator (not negated, `...IfExists`, `ForAllValues:` or `Null`),
    /// every value fixed (no wildcard, no policy variable, no address block wider than a /8).
    /// The engine decides the known values; an unknown value leaves the answer Unknown unless a
    /// known one already opens the condition.
    pub fn narrows(&self) -> Truth {
        let Some((set, operator, if_exists)) = operator_parts(&self.operator) else {
            // not an operator AWS knows: it narrows nothing (AWS would refuse the policy)
            return Truth::False;
        };
        if !public::narrowing_form(set, operator, if_exists, &self.key) {
            return Truth::False;
        }
        self.fixed_values(operator)
    }

    /// Whether every value is fixed for `operator`, as the engine reads values: no wildcard,
    /// no policy variable, no address block wider than a /8. Unknown when a value is unknown
    /// and no known one is open. For keys outside the engine's list whose fixed values also
    /// pin the caller (`kms:CallerAccount`).
    pub fn fixed_values(&self, operator: Operator) -> Truth {
        let every_known_fixed = self.values.known.iter().all(|v| {
            match iam_condition::parse_values(operator, std::slice::from_ref(v), true) {
                Ok(PolicyValues::Text(ts)) => ts
                    .iter()
                    .all(|t| public::fixed_value(&public::Value::Text(t), operator)),
                Ok(PolicyValues::Ip(nets)) => nets
                    .iter()
                    .all(|n| public::fixed_value(&public::Value::Ip(n), operator)),
                // a value the operator cannot read (`10.0.0.0/33`) pins nothing
                _ => false,
            }
        });
        if !every_known_fixed {
            Truth::False
        } else if self.values.unknown {
            self.values.unsure()
        } else {
            Truth::from_bool(!self.values.known.is_empty())
        }
    }

    /// The engine's operator for this condition's operator name, with its set operator and
    /// `IfExists`; None for a name that is no operator.
    pub fn operator_parts(&self) -> Option<(Option<SetOperator>, Operator, bool)> {
        operator_parts(&self.operator)
    }
}

/// `ForAnyValue:StringEqualsIfExists` (in any letter case, as Terraform users write it) split
/// into the engine's parts; None for a name that is no condition operator.
fn operator_parts(name: &str) -> Option<(Option<SetOperator>, Operator, bool)> {
    let name = name.trim();
    let lower = name.to_ascii_lowercase();
    let (set, rest) = if lower.starts_with("foranyvalue:") {
        ("ForAnyValue:", name.get("foranyvalue:".len()..)?)
    } else if lower.starts_with("forallvalues:") {
        ("ForAllValues:", name.get("forallvalues:".len()..)?)
    } else {
        ("", name)
    };
    let (base, suffix) = match rest.len().checked_sub("ifexists".len()) {
        Some(cut) if rest.to_ascii_lowercase().ends_with("ifexists") => {
            (rest.get(..cut)?, "IfExists")
        }
        _ => (rest, ""),
    };
    let base = Operator::ALL
        .iter()
        .find(|op| op.name().eq_ignore_ascii_case(base))?
        .name();
    iam_condition::parse_operator_name(&format!("{set}{base}{suffix}")).ok()
}

/// One statement, with where it was written so findings point at it.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: Option<String>,
    /// `None` when the effect is missing or not known statically.
    pub effect: Option<Effect>,
    pub action: Option<Patterns>,
    pub not_action: Option<Patterns>,
    pub resource: Option<Patterns>,
    pub not_resource: Option<Patterns>,
    pub principal: Option<Principals>,
    pub not_principal: Option<Principals>,
    pub conditions: Vec<Condition>,
    /// Conditions exist that could not be read (unknown block or value shape).
    pub conditions_unknown: bool,
    /// Attribute path of the statement: `policy`, `statement.2`, `inline_policy.0.policy`.
    pub path: String,
    /// Zero-based position in its document.
    pub index: usize,
}

impl Statement {
    fn empty(path: &str, index: usize) -> Statement {
        Statement {
            sid: None,
            effect: None,
            action: None,
            not_action: None,
            resource: None,
            not_resource: None,
            principal: None,
            not_principal: None,
            conditions: Vec::new(),
            conditions_unknown: false,
            path: path.to_string(),
            index,
        }
    }
    /// `statement 2 ("AllowAdmin")` — for messages.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(sid) if !sid.is_empty() => format!("statement {} (\"{sid}\")", self.index + 1),
            _ => format!("statement {}", self.index + 1),
        }
    }
    pub fn is_allow(&self) -> bool {
        self.effect == Some(Effect::Allow)
    }
    /// Whether the statement applies to `action` (through `Action`, or as not excluded by
    /// `NotAction`).
    pub fn covers_action(&self, action: &str) -> Truth {
        match (&self.action, &self.not_action) {
            (Some(a), _) => a.covers(action),
            (None, Some(na)) => na.covers(action).not(),
            (None, None) => Truth::False,
        }
    }
    /// `Action` holds `*` (or `*:*`): every action of every service.
    pub fn allows_every_action(&self) -> Truth {
        match &self.action {
            Some(a) => a.contains("*").or(a.contains("*:*")),
            None => Truth::False,
        }
    }
    /// `Resource` holds `*`.
    pub fn on_every_resource(&self) -> Truth {
        match &self.resource {
            Some(r) => r.contains("*"),
            None => Truth::False,
        }
    }
    /// Whether some condition limits the statement to fixed callers.
    pub fn is_narrowed(&self) -> Truth {
        let t = self
            .conditions
            .iter()
            .map(Condition::narrows)
            .fold(Truth::False, Truth::or);
        if self.conditions_unknown && !t.is_true() {
            undecided::note(&format!("{}.Condition", self.path), Some(&Value::unknown()));
            Truth::Unknown
        } else {
            t
        }
    }
    /// Notes the parts of this statement the code does not say, for the undecided-check
    /// report, when an answer about the whole policy turned on them.
    pub fn note_unknown_parts(&self) {
        for p in [
            &self.action,
            &self.not_action,
            &self.resource,
            &self.not_resource,
        ]
        .into_iter()
        .flatten()
        {
            if p.unknown {
                let _ = p.unsure();
            }
        }
        if self.effect.is_none() {
            undecided::note_depends(
                &format!("{}.Statement.{}.Effect", self.path, self.index),
                "the effect is not known statically",
            );
        }
        if self.conditions_unknown {
            undecided::note(&format!("{}.Condition", self.path), Some(&Value::unknown()));
        }
    }
    /// Allows any principal (`*`, `{"AWS":"*"}`, or `NotPrincipal` with Allow) with no
    /// condition that narrows it to fixed callers.
    pub fn allows_anyone(&self) -> Truth {
        if !self.is_allow() {
            return Truth::False;
        }
        let everyone = match (&self.principal, &self.not_principal) {
            (Some(p), _) => p.is_everyone(),
            // Allow + NotPrincipal grants everyone except the listed principals
            (None, Some(_)) => Truth::True,
            (None, None) => Truth::False,
        };
        // conditions are read only when the principal leaves it open, so an unknown condition
        // of a statement for named principals is not noted as what the answer turned on
        if everyone == Truth::False {
            return Truth::False;
        }
        everyone.and(self.is_narrowed().not())
    }
}

impl Statement {
    /// Allows a principal of another account than `own` (cross-account access; a public
    /// statement is cross-account too).
    pub fn grants_other_account(&self, own: &str) -> Truth {
        if !self.is_allow() {
            return Truth::False;
        }
        match (&self.principal, &self.not_principal) {
            (Some(p), _) => p.names_other_account(own),
            (None, Some(_)) => Truth::True,
            (None, None) => Truth::False,
        }
    }
}

/// Splits the account out of an ARN (`arn:aws:iam::123456789012:root` → `123456789012`).
pub fn arn_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    (parts.next()? == "arn").then_some(())?;
    parts.nth(3)
}

/// IAM wildcard match: `*` any run, `?` one character, case-insensitive (IAM actions are
/// case-insensitive; resources are matched the same way here, which only widens matches). The
/// engine's matcher does the work.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    iam_matches(&wildcard_pieces(pattern.trim()), text, true)
}

/// Parses a policy JSON text. `path` is the attribute it was read from.
pub fn parse_policy_json(text: &str, path: &str) -> Document {
    match serde_json::from_str::<Json>(text) {
        Ok(json) => document_from_value(&Value::from_json(&json), path),
        Err(e) => Document::Invalid(format!("policy at `{path}` is not valid JSON: {e}")),
    }
}

/// Reads the policy held by an attribute: a JSON string, or an object (what `jsonencode(...)`
/// was given, when the evaluator keeps it as a value because parts of it are unknown — the
/// known parts can still prove a statement public). Absent or empty means no statements.
pub fn policy_at(resource: &Resource, path: &str) -> Document {
    match resource.get(path) {
        None | Some(Value::Null) => Document::Known(Vec::new()),
        Some(Value::String(s)) if s.trim().is_empty() => Document::Known(Vec::new()),
        Some(Value::String(s)) => parse_policy_json(s, path),
        Some(v @ Value::Map(_)) => document_from_value(v, path),
        Some(Value::Unknown(_)) => Document::Unknown,
        Some(_) => Document::Invalid(format!("policy at `{path}` is not a JSON document")),
    }
}

fn document_from_value(doc: &Value, path: &str) -> Document {
    let statements: Vec<&Value> = match doc {
        Value::Map(m) => match field(m, "Statement") {
            Some(Value::List(items)) => items.iter().collect(),
            Some(obj @ Value::Map(_)) => vec![obj],
            Some(Value::Unknown(_)) => return Document::Unknown,
            Some(_) => {
                return Document::Invalid(format!(
                    "policy at `{path}` has a `Statement` that is neither an object nor a list"
                ));
            }
            None => Vec::new(),
        },
        Value::List(items) => items.iter().collect(),
        Value::Unknown(_) => return Document::Unknown,
        _ => return Document::Invalid(format!("policy at `{path}` is not a JSON object")),
    };
    Document::Known(
        statements
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Value::Map(m) => Some(statement_from_map(m, path, i)),
                // a statement not known statically may grant anything: what turns on it is
                // undecided, what the known statements prove stands
                unknown @ Value::Unknown(_) => {
                    undecided::note(&format!("{path}.Statement.{i}"), Some(unknown));
                    None
                }
                _ => None,
            })
            .collect(),
    )
}

fn field<'a>(m: &'a BTreeMap<String, Value>, name: &str) -> Option<&'a Value> {
    m.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

fn statement_from_map(m: &BTreeMap<String, Value>, path: &str, index: usize) -> Statement {
    let mut s = Statement::empty(path, index);
    s.sid = field(m, "Sid").and_then(Value::as_str).map(str::to_string);
    s.effect = field(m, "Effect")
        .and_then(Value::as_str)
        .and_then(parse_effect);
    let at = |name: &str| format!("{path}.Statement.{index}.{name}");
    let patterns = |name: &str| field(m, name).map(|v| Patterns::from_value(v, &at(name)));
    s.action = patterns("Action");
    s.not_action = patterns("NotAction");
    s.resource = patterns("Resource");
    s.not_resource = patterns("NotResource");
    let principals = |name: &str| field(m, name).map(|v| Principals::from_value(v, &at(name)));
    s.principal = principals("Principal");
    s.not_principal = principals("NotPrincipal");
    match field(m, "Condition") {
        None | Some(Value::Null) => {}
        Some(Value::Map(ops)) => {
            for (op, keys) in ops {
                match keys {
                    Value::Map(keys) => s.conditions.extend(keys.iter().map(|(k, v)| Condition {
                        operator: op.clone(),
                        key: k.clone(),
                        values: Patterns::from_value(v, &at(&format!("Condition.{op}.{k}"))),
                    })),
                    _ => s.conditions_unknown = true,
                }
            }
        }
        Some(_) => s.conditions_unknown = true,
    }
    s
}

fn parse_effect(s: &str) -> Option<Effect> {
    if s.trim().eq_ignore_ascii_case("allow") {
        Some(Effect::Allow)
    } else if s.trim().eq_ignore_ascii_case("deny") {
        Some(Effect::Deny)
    } else {
        None
    }
}

/// The statements of a `data "aws_iam_policy_document"` block. Statements merged in from
/// `source_policy_documents` only add to these; `override_policy_documents` can replace them,
/// so a document with overrides is Unknown.
pub fn policy_document_data(resource: &Resource) -> Document {
    for overriding in ["override_policy_documents", "override_json"] {
        match resource.get(overriding) {
            None | Some(Value::Null) => {}
            Some(Value::List(items)) if items.is_empty() => {}
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(_) => return Document::Unknown,
        }
    }
    let blocks = match resource.get("statement") {
        None | Some(Value::Null) => return Document::Known(Vec::new()),
        Some(Value::List(items)) => items,
        Some(_) => return Document::Unknown,
    };
    Document::Known(
        blocks
            .iter()
            .enumerate()
            .map(|(i, b)| statement_from_block(b, i))
            .collect(),
    )
}

fn statement_from_block(block: &Value, index: usize) -> Statement {
    let path = format!("statement.{index}");
    let mut s = Statement::empty(&path, index);
    // read without noting Unknowns: what an answer turns on is noted when it is asked
    let empty = BTreeMap::new();
    let block = block.as_map().unwrap_or(&empty);
    s.sid = block.get("sid").and_then(Value::as_str).map(str::to_string);
    s.effect = match block.get("effect") {
        None | Some(Value::Null) => Some(Effect::Allow),
        Some(Value::String(e)) => parse_effect(e),
        Some(_) => None,
    };
    let list = |name: &str| {
        block
            .get(name)
            .filter(|v| !v.is_null())
            .map(|v| Patterns::from_value(v, &format!("{path}.{name}")))
    };
    s.action = list("actions");
    s.not_action = list("not_actions");
    s.resource = list("resources");
    s.not_resource = list("not_resources");
    s.principal = principals_from_blocks(block.get("principals"), &format!("{path}.principals"));
    s.not_principal = principals_from_blocks(
        block.get("not_principals"),
        &format!("{path}.not_principals"),
    );
    if let Some(conds) = block.get("condition") {
        for (ci, c) in conds.items().into_iter().enumerate() {
            let c = c.as_map().unwrap_or(&empty);
            match (c.get("test"), c.get("variable")) {
                (Some(Value::String(op)), Some(Value::String(key))) => {
                    s.conditions.push(Condition {
                        operator: op.clone(),
                        key: key.clone(),
                        values: c
                            .get("values")
                            .map(|v| {
                                Patterns::from_value(v, &format!("{path}.condition.{ci}.values"))
                            })
                            .unwrap_or_default(),
                    })
                }
                _ => s.conditions_unknown = true,
            }
        }
    }
    s
}

fn principals_from_blocks(blocks: Option<&Value>, path: &str) -> Option<Principals> {
    let blocks = blocks?;
    if blocks.is_unknown() {
        return Some(Principals::Unknown(path.to_string()));
    }
    let items = blocks.items();
    if items.is_empty() {
        return None;
    }
    let mut listed: BTreeMap<String, Patterns> = BTreeMap::new();
    let empty = BTreeMap::new();
    for (i, b) in items.into_iter().enumerate() {
        let b = match b {
            Value::Map(m) => m,
            Value::Unknown(_) => return Some(Principals::Unknown(format!("{path}.{i}"))),
            _ => &empty,
        };
        let ids = b
            .get("identifiers")
            .map(|v| Patterns::from_value(v, &format!("{path}.{i}.identifiers")))
            .unwrap_or_default();
        match b.get("type") {
            Some(Value::String(t)) if t == "*" && ids.known.iter().any(|i| i == "*") => {
                return Some(Principals::Everyone);
            }
            Some(Value::String(t)) => {
                let entry = listed.entry(t.clone()).or_default();
                entry.known.extend(ids.known);
                entry.unknown |= ids.unknown;
                if entry.unknown_at.is_none() {
                    entry.unknown_at = ids.unknown_at;
                }
            }
            _ => return Some(Principals::Unknown(format!("{path}.{i}.type"))),
        }
    }
    Some(Principals::Listed(listed))
}

/// The statement an `aws_lambda_permission` adds to its function's policy, as Lambda writes
/// it: `principal` as the principal (`*` or an account: AWS; a service otherwise), and
/// `source_arn`, `source_account` and `principal_org_id` as `ArnLike aws:SourceArn`,
/// `StringEquals aws:SourceAccount` and `StringEquals aws:PrincipalOrgID` conditions. Unknown
/// attributes stay unknown, at their own path.
pub fn lambda_permission_statement(r: &Resource) -> Statement {
    let mut s = Statement::empty("principal", 0);
    s.sid = r.str("statement_id").map(str::to_string);
    s.effect = Some(Effect::Allow);
    s.action = r.get("action").map(|v| Patterns::from_value(v, "action"));
    s.principal = r.get("principal").map(|v| match v {
        Value::String(p) if p.trim() == "*" => Principals::Everyone,
        Value::String(p) => {
            let kind = if p.contains(".amazonaws.com") {
                "Service"
            } else {
                "AWS"
            };
            Principals::Listed(BTreeMap::from([(
                kind.to_string(),
                Patterns::known(vec![p.clone()]),
            )]))
        }
        _ => Principals::Unknown("principal".into()),
    });
    for (attribute, operator, key) in [
        ("source_arn", "ArnLike", "aws:SourceArn"),
        ("source_account", "StringEquals", "aws:SourceAccount"),
        ("principal_org_id", "StringEquals", "aws:PrincipalOrgID"),
    ] {
        match r.get(attribute) {
            None | Some(Value::Null) => {}
            Some(v) => s.conditions.push(Condition {
                operator: operator.into(),
                key: key.into(),
                values: Patterns::from_value(v, attribute),
            }),
        }
    }
    s
}

/// Every identity policy a resource carries, with its attribute path: the `policy` of
/// `aws_iam_*policy`, the `inline_policy` blocks of `aws_iam_role`, and the statements of
/// `data.aws_iam_policy_document`. Trust policies are read with [`policy_at`] directly.
pub fn identity_policies(r: &ResourceRef<'_>) -> Vec<Document> {
    match r.kind.as_str() {
        "aws_iam_policy_document" => vec![policy_document_data(r)],
        "aws_iam_role" => {
            let count = r.get("inline_policy").map(|v| v.items().len()).unwrap_or(0);
            (0..count)
                .map(|i| policy_at(r, &format!("inline_policy.{i}.policy")))
                .collect()
        }
        _ => vec![policy_at(r, "policy")],
    }
}

/// Groups statement problems by the attribute path they are reported at, so one policy string
/// yields one finding that names every offending statement.
pub fn group_by_path(problems: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut grouped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, message) in problems {
        grouped.entry(path).or_default().push(message);
    }
    grouped
        .into_iter()
        .map(|(path, messages)| (path, messages.join("; ")))
        .collect()
}

/// The labels of the statements of the policy at `path` that certainly let anyone in (a
/// public principal with no narrowing condition), for a resource-policy rule's message.
pub fn public_statement_labels(resource: &Resource, path: &str) -> Vec<String> {
    policy_at(resource, path)
        .statements()
        .iter()
        .filter(|s| s.allows_anyone().is_true())
        .map(|s| s.label())
        .collect()
}

/// The settings of an `aws_iam_account_password_policy`, with AWS's defaults when unset.
pub struct PasswordPolicy<'a> {
    r: ResourceRef<'a>,
}

impl<'a> PasswordPolicy<'a> {
    pub fn new(r: ResourceRef<'a>) -> Self {
        PasswordPolicy { r }
    }
    fn number(&self, path: &str) -> Result<Option<i64>, ()> {
        match self.r.get(path) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or(()),
        }
    }
    /// `minimum_password_length` ≥ `n` (AWS's default when unset is 6).
    pub fn min_length_at_least(&self, n: i64) -> Truth {
        match self.number("minimum_password_length") {
            Ok(v) => Truth::from_bool(v.unwrap_or(6) >= n),
            Err(()) => Truth::Unknown,
        }
    }
    /// `password_reuse_prevention` ≥ `n` (unset: reuse is allowed).
    pub fn reuse_prevention_at_least(&self, n: i64) -> Truth {
        match self.number("password_reuse_prevention") {
            Ok(v) => Truth::from_bool(v.unwrap_or(0) >= n),
            Err(()) => Truth::Unknown,
        }
    }
    /// `max_password_age` set and ≤ `n` days (unset or 0: passwords never expire).
    pub fn max_age_at_most(&self, n: i64) -> Truth {
        match self.number("max_password_age") {
            Ok(Some(v)) => Truth::from_bool(v > 0 && v <= n),
            Ok(None) => Truth::False,
            Err(()) => Truth::Unknown,
        }
    }
    /// A `require_*` flag (unset: not required).
    pub fn requires(&self, path: &str) -> Truth {
        crate::util::flag(&self.r, path, false)
    }
}

/// The hit of a password-policy rule: the managed policy certainly fails `meets`, reported at
/// `attribute`; `what` completes "`<address>` …".
pub fn password_policy_hits(
    r: ResourceRef<'_>,
    attribute: &str,
    meets: impl FnOnce(&PasswordPolicy<'_>) -> Truth,
    what: &str,
) -> Vec<crate::rule::Hit> {
    let met = meets(&PasswordPolicy::new(r));
    crate::views::aws_services::hit_if_false(&r, met, attribute, what)
}

/// The fix of a password-policy rule that only tightens what new passwords must be: safe,
/// because existing passwords keep working until they are next changed.
pub fn tighten_password_policy(
    r: &ResourceRef<'_>,
    attribute: &str,
    value: Value,
    summary: &str,
) -> crate::rule::Fix {
    crate::util::set_attribute_fix(
        r,
        attribute,
        value,
        summary,
        rampart_model::Applicability::Safe,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Inventory, Origin, Position, Span};
    use std::sync::Arc;

    fn doc(text: &str) -> Vec<Statement> {
        match parse_policy_json(text, "policy") {
            Document::Known(s) => s,
            other => panic!("expected statements, got {other:?}"),
        }
    }

    #[test]
    fn action_and_resource_may_be_string_or_list() {
        let s = doc(r#"{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":["*"]}}"#);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].covers_action("s3:GetObject"), Truth::True);
        assert_eq!(s[0].covers_action("iam:PassRole"), Truth::False);
        assert_eq!(s[0].on_every_resource(), Truth::True);
        let s = doc(
            r#"{"Statement":[{"Effect":"Allow","Action":["ec2:Describe*","S3:getobject"],"Resource":"arn:aws:s3:::b/*"}]}"#,
        );
        assert_eq!(s[0].covers_action("s3:GetObject"), Truth::True);
        assert_eq!(s[0].covers_action("ec2:DescribeInstances"), Truth::True);
        assert_eq!(s[0].on_every_resource(), Truth::False);
        assert_eq!(s[0].allows_every_action(), Truth::False);
    }

    #[test]
    fn not_action_inverts_coverage() {
        let s = doc(r#"{"Statement":[{"Effect":"Allow","NotAction":["iam:*"],"Resource":"*"}]}"#);
        assert_eq!(s[0].covers_action("iam:CreateUser"), Truth::False);
        assert_eq!(s[0].covers_action("s3:PutObject"), Truth::True);
        assert_eq!(s[0].allows_every_action(), Truth::False);
    }

    #[test]
    fn principal_shapes() {
        let everyone =
            doc(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}"#);
        assert_eq!(everyone[0].allows_anyone(), Truth::True);
        let aws_star = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole"}]}"#,
        );
        assert_eq!(aws_star[0].allows_anyone(), Truth::True);
        let any_account = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::*:root"},"Action":"sts:AssumeRole"}]}"#,
        );
        assert_eq!(any_account[0].allows_anyone(), Truth::True);
        let service = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        );
        assert_eq!(service[0].allows_anyone(), Truth::False);
        let account = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#,
        );
        assert_eq!(account[0].allows_anyone(), Truth::False);
        let not_principal = doc(
            r#"{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:*"}]}"#,
        );
        assert_eq!(not_principal[0].allows_anyone(), Truth::True);
        let deny = doc(r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]}"#);
        assert_eq!(deny[0].allows_anyone(), Truth::False);
    }

    #[test]
    fn conditions_narrow_only_with_fixed_values() {
        let vpce = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b"}}}]}"#,
        );
        assert_eq!(vpce[0].allows_anyone(), Truth::False);
        let if_exists = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1a2b"}}}]}"#,
        );
        assert_eq!(if_exists[0].allows_anyone(), Truth::True);
        let wildcard = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringLike":{"aws:PrincipalOrgID":"*"}}}]}"#,
        );
        assert_eq!(wildcard[0].allows_anyone(), Truth::True);
        let open_ip = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"IpAddress":{"aws:SourceIp":["0.0.0.0/0"]}}}]}"#,
        );
        assert_eq!(open_ip[0].allows_anyone(), Truth::True);
        let secure_transport = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"Bool":{"aws:SecureTransport":true}}}]}"#,
        );
        assert_eq!(secure_transport[0].allows_anyone(), Truth::True);
        let odd = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":"weird"}]}"#,
        );
        assert_eq!(odd[0].allows_anyone(), Truth::Unknown);
    }

    fn public_with(condition: &str) -> Truth {
        let text = format!(
            r#"{{"Statement":[{{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}]}}"#
        );
        doc(&text)[0].allows_anyone()
    }

    #[test]
    fn conditions_that_narrow_make_a_wildcard_principal_private() {
        for condition in [
            r#"{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#,
            r#"{"stringequals":{"AWS:SOURCEVPCE":["vpce-1","vpce-2"]}}"#,
            r#"{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/16"}}"#,
            r#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/Reader"}}"#,
            r#"{"ForAnyValue:StringEquals":{"aws:SourceAccount":"111122223333"}}"#,
        ] {
            assert_eq!(public_with(condition), Truth::False, "{condition} narrows");
        }
    }

    #[test]
    fn conditions_that_only_look_narrowing_leave_it_public() {
        for condition in [
            r#"{"StringNotEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}"#,
            r#"{"StringLike":{"aws:PrincipalOrgID":"*"}}"#,
            r#"{"StringLike":{"aws:SourceVpce":["vpce-1","vpce-*"]}}"#,
            r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*"}}"#,
            r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Reader"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/1"}}"#,
            r#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}"#,
            r#"{"StringEqualsIfExists":{"aws:SourceVpce":"vpce-1"}}"#,
            r#"{"ForAllValues:StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}"#,
            r#"{"StringEquals":{"aws:PrincipalAccount":"${aws:SourceAccount}"}}"#,
            r#"{"Null":{"aws:SourceVpce":"false"}}"#,
            r#"{"StringEqual":{"aws:SourceVpce":"vpce-1"}}"#,
            r#"{"Bool":{"aws:SecureTransport":"true"}}"#,
        ] {
            assert_eq!(
                public_with(condition),
                Truth::True,
                "{condition} does not narrow"
            );
        }
    }

    #[test]
    fn an_unknown_condition_value_is_undecided_unless_a_known_one_opens_it() {
        let condition = |values: Vec<Value>, operator: &str| Condition {
            operator: operator.into(),
            key: "aws:SourceVpce".into(),
            values: Patterns::from_value(&Value::List(values), "policy.Statement.0.Condition"),
        };
        assert_eq!(
            condition(vec![Value::unknown()], "StringEquals").narrows(),
            Truth::Unknown
        );
        assert_eq!(
            condition(
                vec![Value::from("vpce-1"), Value::unknown()],
                "StringEquals"
            )
            .narrows(),
            Truth::Unknown
        );
        assert_eq!(
            condition(vec![Value::from("vpce-*"), Value::unknown()], "StringLike").narrows(),
            Truth::False,
            "a known wildcard opens the condition whatever the unknown value is"
        );
        assert_eq!(
            condition(vec![Value::unknown()], "StringNotEquals").narrows(),
            Truth::False,
            "a negated operator never narrows, whatever its values"
        );
    }

    #[test]
    fn cross_account_principals() {
        let other = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:GetObject"}]}"#,
        );
        assert_eq!(
            other[0].allows_anyone(),
            Truth::False,
            "named, so not public"
        );
        assert_eq!(other[0].grants_other_account("111122223333"), Truth::True);
        assert_eq!(other[0].grants_other_account("444455556666"), Truth::False);
        let own = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:sts::111122223333:assumed-role/r/s"]},"Action":"s3:GetObject"}]}"#,
        );
        assert_eq!(own[0].grants_other_account("111122223333"), Truth::False);
        let service = doc(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"logs.amazonaws.com"},"Action":"s3:PutObject"}]}"#,
        );
        assert_eq!(
            service[0].grants_other_account("111122223333"),
            Truth::False
        );
        let everyone = doc(r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*"}]}"#);
        assert_eq!(
            everyone[0].grants_other_account("111122223333"),
            Truth::True
        );
    }

    #[test]
    fn malformed_json_and_odd_shapes_never_panic() {
        assert!(matches!(
            parse_policy_json("{not json", "policy"),
            Document::Invalid(_)
        ));
        assert!(matches!(
            parse_policy_json("42", "policy"),
            Document::Invalid(_)
        ));
        assert!(matches!(
            parse_policy_json(r#"{"Statement": 7}"#, "policy"),
            Document::Invalid(_)
        ));
        let s = doc(r#"{"Statement":[7, {"Effect":"Maybe","Action":{"x":1},"Principal":[1]}]}"#);
        assert_eq!(s.len(), 1, "a non-object statement is skipped");
        assert_eq!(s[0].effect, None);
        assert_eq!(s[0].covers_action("s3:GetObject"), Truth::Unknown);
        assert_eq!(
            s[0].allows_anyone(),
            Truth::False,
            "an unknown effect never proves Allow"
        );
        assert_eq!(doc("{}").len(), 0);
    }

    #[test]
    fn wildcards_follow_iam_matching() {
        assert!(wildcard_match("s3:Get*", "s3:GetObject"));
        assert!(wildcard_match("*", "anything"));
        assert!(wildcard_match("sts:AssumeRole*", "sts:AssumeRoleWithSAML"));
        assert!(wildcard_match("iam:?etUser", "iam:GetUser"));
        assert!(!wildcard_match("s3:Get*", "s3:PutObject"));
        assert!(!wildcard_match("s3:GetObject", "s3:GetObjectAcl"));
        assert!(wildcard_match("*:*", "ec2:RunInstances"));
    }

    fn data_source(attrs: serde_json::Value) -> Resource {
        let span = Span {
            file: Arc::from("main.tf"),
            start_byte: 0,
            end_byte: 1,
            start: Position::default(),
            end: Position::default(),
        };
        let mut r = Resource::new(
            "aws_iam_policy_document",
            "data.aws_iam_policy_document.d",
            Origin::Code { span },
        );
        if let Value::Map(m) = Value::from_json(&attrs) {
            r.attributes = m;
        }
        r
    }

    #[test]
    fn policy_document_blocks_become_statements() {
        let r = data_source(serde_json::json!({
            "statement": [
                {"actions": ["*"], "resources": ["*"]},
                {"effect": "Allow", "actions": ["sts:AssumeRole"],
                 "principals": [{"type": "AWS", "identifiers": ["*"]}],
                 "condition": [{"test": "StringEquals", "variable": "aws:PrincipalOrgID", "values": ["o-abc"]}]},
                {"effect": "Deny", "not_actions": ["s3:*"], "resources": ["*"]}
            ]
        }));
        let d = policy_document_data(&r);
        let s = d.statements();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].effect, Some(Effect::Allow), "effect defaults to Allow");
        assert_eq!(s[0].allows_every_action(), Truth::True);
        assert_eq!(s[0].path, "statement.0");
        assert_eq!(
            s[1].allows_anyone(),
            Truth::False,
            "narrowed to an organisation"
        );
        assert_eq!(s[2].effect, Some(Effect::Deny));
        assert_eq!(s[2].covers_action("s3:GetObject"), Truth::False);
    }

    #[test]
    fn unknown_parts_stay_unknown() {
        let mut r = data_source(serde_json::json!({
            "statement": [{"actions": ["s3:GetObject"], "principals": [{"type": "AWS", "identifiers": []}]}]
        }));
        if let Some(Value::List(blocks)) = r.attributes.get_mut("statement")
            && let Some(Value::Map(b)) = blocks.get_mut(0)
        {
            b.insert("resources".into(), Value::List(vec![Value::unknown()]));
            b.insert(
                "principals".into(),
                Value::List(vec![Value::from_json(&serde_json::json!({"type": "AWS"}))]),
            );
            if let Some(Value::List(p)) = b.get_mut("principals")
                && let Some(Value::Map(p0)) = p.get_mut(0)
            {
                p0.insert("identifiers".into(), Value::List(vec![Value::unknown()]));
            }
        }
        let d = policy_document_data(&r);
        let s = &d.statements()[0];
        assert_eq!(s.on_every_resource(), Truth::Unknown);
        assert_eq!(s.allows_anyone(), Truth::Unknown);
        r.attributes.insert(
            "override_policy_documents".into(),
            Value::List(vec![Value::unknown()]),
        );
        assert_eq!(policy_document_data(&r), Document::Unknown);
        let inv = Inventory::new(vec![r]);
        let rr = inv.resource_ref(0).expect("resource 0");
        assert_eq!(identity_policies(&rr), vec![Document::Unknown]);
    }

    #[test]
    fn a_decoded_object_with_unknown_leaves_keeps_its_known_parts() {
        // what `jsonencode({...})` may hand over when `Resource` is a computed ARN
        let mut r = data_source(serde_json::json!({}));
        r.kind = "aws_s3_bucket_policy".into();
        let mut statement = Value::from_json(&serde_json::json!({
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"
        }));
        if let Value::Map(m) = &mut statement {
            m.insert("Resource".into(), Value::unknown());
        }
        let policy = Value::Map(BTreeMap::from([
            ("Version".to_string(), Value::from("2012-10-17")),
            ("Statement".to_string(), Value::List(vec![statement])),
        ]));
        r.attributes.insert("policy".into(), policy);
        let d = policy_at(&r, "policy");
        assert_eq!(d.statements().len(), 1);
        assert_eq!(d.statements()[0].allows_anyone(), Truth::True);
        assert_eq!(d.statements()[0].on_every_resource(), Truth::Unknown);
        r.attributes.insert("policy".into(), Value::unknown());
        assert_eq!(policy_at(&r, "policy"), Document::Unknown);
    }

    #[test]
    fn arn_account_is_the_fifth_field() {
        assert_eq!(
            arn_account("arn:aws:iam::123456789012:root"),
            Some("123456789012")
        );
        assert_eq!(arn_account("arn:aws:iam::*:role/x"), Some("*"));
        assert_eq!(arn_account("not-an-arn"), None);
    }
}
