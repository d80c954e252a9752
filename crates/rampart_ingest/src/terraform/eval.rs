//! Expression evaluation as Terraform does it: references (variables, locals, resources, data
//! sources, module outputs, `path.*`, `count.index`, `each.*`), operators, conditionals, `for`
//! expressions, splats, templates with `%{if}`/`%{for}` and strip markers, and function calls.
//! Block bodies become attribute maps (nested blocks = lists of maps, `dynamic` blocks expanded)
//! with the span of every attribute and, for direct references, where the value was written.
//!
//! Must never: panic, recurse without bound (see [`MAX_DEPTH`]), or turn something it cannot
//! know into a known value — that is `Value::Unknown`, carrying the address of the resource it
//! comes from when it is a computed attribute.

use super::instance::{CallResult, Evaluated, Expansion, Instance, Origined};
use super::json_holes::{self, Holes};
use super::parse::ParsedFile;
use super::session::{Refused, Session, Size};
use hcl_edit::Span as _;
use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, FuncCall, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::template::{Directive, Element, Template};
use rampart_model::value::format_number;
use rampart_model::{Span, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::rc::Rc;

/// Hidden key of a resource instance object: its address, so that an attribute not set in
/// configuration (`.id`, `.arn`) reads as `Unknown` referring to that resource. Stripped from
/// the attributes handed to rules.
pub const ADDRESS_KEY: &str = "\u{1}address";

/// Deepest nesting of evaluations (expressions within expressions, references followed).
pub const MAX_DEPTH: u32 = 400;

/// Meta-arguments of a resource that are not attributes.
const META_ATTRIBUTES: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

/// Names bound by `for`, `count`, `for_each`, `dynamic` and `templatefile`.
pub struct Scope<'a> {
    pub name: &'a str,
    pub value: Value,
    pub parent: Option<&'a Scope<'a>>,
}

impl<'a> Scope<'a> {
    fn lookup(&self, name: &str) -> Option<&Value> {
        let mut s = Some(self);
        while let Some(scope) = s {
            if scope.name == name {
                return Some(&scope.value);
            }
            s = scope.parent;
        }
        None
    }
}

/// Everything an expression needs: the session (warnings, limits), the module instance whose
/// names it sees, the file it is written in, and local bindings.
#[derive(Clone)]
pub struct Ctx<'a> {
    pub session: &'a Session<'a>,
    pub inst: &'a Instance,
    pub file: &'a ParsedFile,
    pub scope: Option<&'a Scope<'a>>,
    /// When set, problems are reported at this range of `file` (expressions of a template file
    /// have ranges in another text).
    pub site: Option<Range<usize>>,
}

impl<'a> Ctx<'a> {
    pub fn new(session: &'a Session<'a>, inst: &'a Instance, file: &'a ParsedFile) -> Self {
        Ctx {
            session,
            inst,
            file,
            scope: None,
            site: None,
        }
    }
    fn with_scope<'b>(&self, scope: &'b Scope<'b>) -> Ctx<'b>
    where
        'a: 'b,
    {
        Ctx {
            session: self.session,
            inst: self.inst,
            file: self.file,
            scope: Some(scope),
            site: self.site.clone(),
        }
    }
    fn lookup(&self, name: &str) -> Option<&'a Value> {
        self.scope.and_then(|s| s.lookup(name))
    }
    /// Records an evaluation problem; a warning unless inside `try`/`can`.
    pub fn warn(&self, range: Option<Range<usize>>, message: impl Into<String>) {
        let range = self.site.clone().or(range);
        self.session.warn(self.file, range, message.into());
    }
    /// Records an evaluation error that Terraform would also report but that usually means our
    /// model of a value is incomplete (no provider schema): counted for `try`/`can`, not shown.
    pub fn fail(&self) -> Value {
        self.session.fail();
        Value::unknown()
    }
    /// Reports an exceeded evaluation budget (an error, shown even inside `try`/`can`).
    pub fn budget_error(&self, range: Option<Range<usize>>, message: impl Into<String>) {
        let range = self.site.clone().or(range);
        self.session.budget_error(self.file, range, message.into());
    }
}

/// `value` when it is within the size budget (its size is charged to the step budget), else
/// Unknown with an error at `range`.
pub fn bounded(ctx: &Ctx<'_>, value: Value, range: Option<Range<usize>>) -> Value {
    let limits = ctx.session.limits;
    let size = Size::of(&value, &limits);
    ctx.session.charge(size);
    if size.bytes > limits.value_bytes {
        ctx.budget_error(range, too_much_text(limits.value_bytes));
        return Value::unknown();
    }
    if size.items > limits.value_items {
        ctx.budget_error(
            range,
            format!(
                "this value has more than {} elements; Rampart evaluates values of up to {} elements, so it is treated as unknown",
                limits.value_items, limits.value_items
            ),
        );
        return Value::unknown();
    }
    value
}

fn too_much_text(bytes: usize) -> String {
    format!(
        "this value holds more than {} MiB of text; Rampart evaluates values of up to {} MiB, so it is treated as unknown",
        bytes >> 20,
        bytes >> 20
    )
}

/// Evaluates an expression; anything that cannot be known is `Unknown`.
pub fn eval(ctx: &Ctx<'_>, expr: &Expression) -> Value {
    let _guard = match ctx.session.enter() {
        Ok(guard) => guard,
        Err(Refused::TooDeep) => {
            ctx.warn(
                expr.span(),
                "expression nests too deeply to evaluate; treated as unknown",
            );
            return Value::unknown();
        }
        Err(Refused::OutOfSteps { first }) => {
            if first {
                ctx.budget_error(
                    expr.span(),
                    format!(
                        "evaluating this root module takes more than {} steps, the most Rampart spends on one; it stops here and every value not evaluated yet is unknown (an exponential construct such as strings doubling through locals or nested `for` over large ranges is the usual cause)",
                        ctx.session.limits.steps
                    ),
                );
            }
            return Value::unknown();
        }
    };
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => n
            .value()
            .as_f64()
            .map(Value::Number)
            .unwrap_or_else(Value::unknown),
        Expression::String(s) => Value::String(s.value().clone()),
        Expression::Array(a) => bounded(
            ctx,
            Value::List(a.iter().map(|e| eval(ctx, e)).collect()),
            expr.span(),
        ),
        Expression::Object(o) => {
            let mut m = BTreeMap::new();
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => i.value().as_str().to_string(),
                    ObjectKey::Expression(e) => match eval(ctx, e) {
                        Value::String(s) => s,
                        Value::Number(n) => format_number(n),
                        Value::Bool(b) => b.to_string(),
                        Value::Unknown(_) => return Value::unknown(),
                        _ => return ctx.fail(),
                    },
                };
                m.insert(key, eval(ctx, v.expr()));
            }
            bounded(ctx, Value::Map(m), expr.span())
        }
        Expression::StringTemplate(t) => eval_template_indented(ctx, t, None, expr.span()),
        Expression::HeredocTemplate(h) => {
            eval_template_indented(ctx, &h.template, h.indent(), expr.span())
        }
        Expression::Parenthesis(p) => eval(ctx, p.inner()),
        Expression::Variable(v) => match ctx.lookup(v.value().as_str()) {
            Some(value) => value.clone(),
            None => Value::unknown(),
        },
        Expression::Conditional(c) => {
            let cond = eval(ctx, &c.cond_expr);
            match to_bool(&cond) {
                Some(true) => eval(ctx, &c.true_expr),
                Some(false) => eval(ctx, &c.false_expr),
                None if cond.is_unknown() => {
                    // both branches are evaluated only to see whether they agree
                    let _quiet = ctx.session.quiet();
                    let before = ctx.session.errors();
                    let t = eval(ctx, &c.true_expr);
                    let f = eval(ctx, &c.false_expr);
                    ctx.session.restore_errors(before);
                    if t == f && !t.contains_unknown() {
                        t
                    } else {
                        Value::unknown()
                    }
                }
                None => {
                    ctx.warn(c.cond_expr.span(), "condition is not a boolean");
                    Value::unknown()
                }
            }
        }
        Expression::FuncCall(f) => eval_call(ctx, f, expr.span()),
        Expression::Traversal(t) => {
            let ops = eval_ops(ctx, &t.operators);
            eval_reference(ctx, &t.expr, &ops)
        }
        Expression::UnaryOp(u) => {
            let v = eval(ctx, &u.expr);
            match (u.operator.value(), v) {
                (_, Value::Unknown(_)) => Value::unknown(),
                (UnaryOperator::Neg, v) => match to_number(&v) {
                    Some(n) => Value::Number(-n),
                    None => ctx.fail(),
                },
                (UnaryOperator::Not, v) => match to_bool(&v) {
                    Some(b) => Value::Bool(!b),
                    None => ctx.fail(),
                },
            }
        }
        Expression::BinaryOp(b) => {
            let l = eval(ctx, &b.lhs_expr);
            let r = eval(ctx, &b.rhs_expr);
            binary(ctx, *b.operator.value(), l, r)
        }
        Expression::ForExpr(f) => {
            let v = eval_for(ctx, f);
            bounded(ctx, v, expr.span())
        }
    }
}

/// Evaluates an attribute value and, when it is a direct reference to a variable or local
/// whose value is written elsewhere, where that is.
pub fn eval_with_origin(ctx: &Ctx<'_>, expr: &Expression) -> (Value, Option<Span>) {
    let value = eval(ctx, expr);
    (value, direct_origin(ctx, expr))
}

fn direct_origin(ctx: &Ctx<'_>, expr: &Expression) -> Option<Span> {
    match expr {
        Expression::Parenthesis(p) => direct_origin(ctx, p.inner()),
        Expression::StringTemplate(t) => match t.get(0) {
            Some(Element::Interpolation(i)) if t.len() == 1 => direct_origin(ctx, &i.expr),
            _ => None,
        },
        Expression::Traversal(t) => {
            let Expression::Variable(root) = &t.expr else {
                return None;
            };
            let [op] = t.operators.as_slice() else {
                return None;
            };
            let TraversalOperator::GetAttr(name) = op.value() else {
                return None;
            };
            if ctx.lookup(root.value().as_str()).is_some() {
                return None;
            }
            match root.value().as_str() {
                "var" => ctx.inst.vars.get(name.value().as_str())?.origin.clone(),
                "local" => ctx
                    .inst
                    .local(ctx.session, name.value().as_str())?
                    .origin
                    .clone(),
                _ => None,
            }
        }
        _ => None,
    }
}

/// One traversal step with its index already evaluated.
pub enum Op<'e> {
    Attr(&'e str),
    Index(Value),
    AttrSplat,
    FullSplat,
}

fn eval_ops<'e>(ctx: &Ctx<'_>, ops: &'e [hcl_edit::Decorated<TraversalOperator>]) -> Vec<Op<'e>> {
    ops.iter()
        .map(|op| match op.value() {
            TraversalOperator::GetAttr(a) => Op::Attr(a.value().as_str()),
            TraversalOperator::Index(e) => Op::Index(eval(ctx, e)),
            TraversalOperator::LegacyIndex(n) => Op::Index(Value::Number(*n.value() as f64)),
            TraversalOperator::AttrSplat(_) => Op::AttrSplat,
            TraversalOperator::FullSplat(_) => Op::FullSplat,
        })
        .collect()
}

/// Resolves `root` followed by `ops`, borrowing stored values so that only the result is
/// cloned.
fn eval_reference(ctx: &Ctx<'_>, root: &Expression, ops: &[Op<'_>]) -> Value {
    let Expression::Variable(name) = root else {
        let v = eval(ctx, root);
        return walk(ctx.session, &v, ops);
    };
    let name = name.value().as_str();
    if let Some(bound) = ctx.lookup(name) {
        return walk(ctx.session, bound, ops);
    }
    let rest = ops.get(1..).unwrap_or_default();
    let attr = match ops.first() {
        Some(Op::Attr(a)) => Some(*a),
        _ => None,
    };
    match (name, attr) {
        ("var", Some(v)) => match ctx.inst.vars.get(v) {
            Some(o) => {
                if o.from_file {
                    ctx.session.file_value_read();
                }
                walk(ctx.session, &o.value, rest)
            }
            None => {
                ctx.warn(
                    None,
                    format!("reference to undeclared input variable `{v}`"),
                );
                Value::unknown()
            }
        },
        ("local", Some(l)) => match ctx.inst.local(ctx.session, l) {
            Some(o) => walk(ctx.session, &o.value, rest),
            None => Value::unknown(),
        },
        ("path", Some("module")) => Value::String(ctx.inst.path_module.clone()),
        ("path", Some("root")) => Value::String(".".into()),
        ("path", Some("cwd")) => Value::String(".".into()),
        ("terraform", Some("workspace")) => Value::String("default".into()),
        ("module", Some(m)) => module_reference(ctx, m, rest),
        ("data", Some(kind)) => match rest.first() {
            Some(Op::Attr(n)) => {
                let key = format!("data.{kind}.{n}");
                resource_reference(ctx, &key, rest.get(1..).unwrap_or_default())
            }
            _ => Value::unknown(),
        },
        (_, Some(n)) => {
            let key = format!("{name}.{n}");
            resource_reference(ctx, &key, rest)
        }
        _ => Value::unknown(),
    }
}

fn resource_reference(ctx: &Ctx<'_>, key: &str, ops: &[Op<'_>]) -> Value {
    let Some(&idx) = ctx.inst.src.resource_index.get(key) else {
        return Value::unknown();
    };
    let address = format!("{}{key}", ctx.inst.prefix_dot());
    let Some(ev) = ctx.inst.resource(ctx.session, idx) else {
        // evaluated while its own evaluation is under way (a cycle)
        return Value::unknown_ref(&address);
    };
    walk_expanded(ctx, &ev, ops, &address)
}

fn walk_expanded(ctx: &Ctx<'_>, ev: &Rc<Evaluated>, ops: &[Op<'_>], address: &str) -> Value {
    let s = ctx.session;
    let attribute = ops.iter().find_map(|o| match o {
        Op::Attr(a) => Some(*a),
        _ => None,
    });
    if ev.reads_file_value(attribute) {
        s.file_value_read();
    }
    let rest = ops.get(1..).unwrap_or_default();
    match ev.expansion {
        Expansion::Single => match ev.instances.first() {
            Some(i) => walk(s, &i.value, ops),
            None => Value::unknown_ref(address),
        },
        Expansion::Unknown => match (ops.first(), ev.instances.first()) {
            (Some(Op::Index(_)), Some(i)) => walk(s, &i.value, rest),
            (Some(Op::Attr(_)), Some(i)) => walk(s, &i.value, ops),
            _ => Value::unknown_ref(address),
        },
        Expansion::Count => match ops.first() {
            Some(Op::Index(Value::Unknown(_))) => Value::unknown_ref(address),
            Some(Op::Index(k)) => match k.as_i64().and_then(|i| usize::try_from(i).ok()) {
                Some(i) => match ev.instances.get(i) {
                    Some(inst) => walk(s, &inst.value, rest),
                    None => ctx.fail(),
                },
                None => ctx.fail(),
            },
            _ => {
                let all = Value::List(ev.instances.iter().map(|i| i.value.clone()).collect());
                walk(s, &all, ops)
            }
        },
        Expansion::ForEach => match ops.first() {
            Some(Op::Index(Value::Unknown(_))) => Value::unknown_ref(address),
            Some(Op::Index(k)) => {
                let key = key_string(k);
                match key.and_then(|k| ev.instance_by_key(&k)) {
                    Some(inst) => walk(s, &inst.value, rest),
                    None => ctx.fail(),
                }
            }
            _ => {
                let all = Value::Map(
                    ev.instances
                        .iter()
                        .map(|i| (i.key.clone().unwrap_or_default(), i.value.clone()))
                        .collect(),
                );
                walk(s, &all, ops)
            }
        },
    }
}

fn module_reference(ctx: &Ctx<'_>, name: &str, ops: &[Op<'_>]) -> Value {
    let s = ctx.session;
    let Some(&idx) = ctx.inst.src.call_index.get(name) else {
        return Value::unknown();
    };
    let Some(result) = ctx.inst.call(s, idx) else {
        return Value::unknown();
    };
    let CallResult::Instances {
        expansion,
        instances,
    } = &*result
    else {
        return Value::unknown();
    };
    let output_of = |child: &Instance, ops: &[Op<'_>]| -> Value {
        match ops.first() {
            Some(Op::Attr(out)) => match child.output(s, out) {
                Some(v) => walk(s, &v, ops.get(1..).unwrap_or_default()),
                None => Value::unknown(),
            },
            _ => walk(s, &child.all_outputs(s), ops),
        }
    };
    let rest = ops.get(1..).unwrap_or_default();
    match expansion {
        Expansion::Single => match instances.first() {
            Some((_, c)) => output_of(c, ops),
            None => Value::unknown(),
        },
        Expansion::Unknown => match (ops.first(), instances.first()) {
            (Some(Op::Index(_)), Some((_, c))) => output_of(c, rest),
            (Some(Op::Attr(_)), Some((_, c))) => output_of(c, ops),
            _ => Value::unknown(),
        },
        Expansion::Count => match ops.first() {
            Some(Op::Index(k)) => match k
                .as_i64()
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| instances.get(i))
            {
                Some((_, c)) => output_of(c, rest),
                None => Value::unknown(),
            },
            _ => {
                let all = Value::List(instances.iter().map(|(_, c)| c.all_outputs(s)).collect());
                walk(s, &all, ops)
            }
        },
        Expansion::ForEach => match ops.first() {
            Some(Op::Index(k)) => {
                let key = key_string(k);
                match instances.iter().find(|(ik, _)| ik.is_some() && *ik == key) {
                    Some((_, c)) => output_of(c, rest),
                    None => Value::unknown(),
                }
            }
            _ => {
                let all = Value::Map(
                    instances
                        .iter()
                        .map(|(k, c)| (k.clone().unwrap_or_default(), c.all_outputs(s)))
                        .collect(),
                );
                walk(s, &all, ops)
            }
        },
    }
}

fn key_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(format_number(*n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Applies traversal steps to a value, cloning only the result.
pub fn walk(s: &Session<'_>, v: &Value, ops: &[Op<'_>]) -> Value {
    let mut cur = v;
    let mut i = 0;
    while let Some(op) = ops.get(i) {
        let rest = ops.get(i + 1..).unwrap_or_default();
        match op {
            Op::Attr(name) => match get_attr(s, cur, name) {
                Ok(next) => cur = next,
                Err(v) => return v,
            },
            Op::Index(k) => match get_index(s, cur, k) {
                Ok(next) => cur = next,
                Err(v) => return v,
            },
            Op::FullSplat => return splat(s, cur, rest),
            Op::AttrSplat => {
                let n = rest
                    .iter()
                    .position(|o| !matches!(o, Op::Attr(_)))
                    .unwrap_or(rest.len());
                let (attrs, after) = rest.split_at(n);
                let v = splat(s, cur, attrs);
                return walk(s, &v, after);
            }
        }
        i += 1;
    }
    // a reference copies the value: a large one referenced many times costs its size each time
    s.charge(Size::of(cur, &s.limits));
    cur.clone()
}

fn splat(s: &Session<'_>, v: &Value, ops: &[Op<'_>]) -> Value {
    match v {
        Value::Unknown(_) => v.clone(),
        Value::Null => Value::List(Vec::new()),
        Value::List(items) => Value::List(items.iter().map(|i| walk(s, i, ops)).collect()),
        other => Value::List(vec![walk(s, other, ops)]),
    }
}

fn get_attr<'v>(s: &Session<'_>, v: &'v Value, name: &str) -> Result<&'v Value, Value> {
    match v {
        Value::Map(m) => match m.get(name) {
            Some(x) => Ok(x),
            None => match m.get(ADDRESS_KEY) {
                Some(Value::String(address)) => Err(Value::unknown_ref(address)),
                _ => {
                    s.fail();
                    Err(Value::unknown())
                }
            },
        },
        Value::Unknown(_) => Err(v.clone()),
        _ => {
            s.fail();
            Err(Value::unknown())
        }
    }
}

fn get_index<'v>(s: &Session<'_>, v: &'v Value, key: &Value) -> Result<&'v Value, Value> {
    if let Value::Unknown(_) = v {
        return Err(v.clone());
    }
    if let Value::Unknown(_) = key {
        return Err(Value::unknown());
    }
    let found = match v {
        Value::List(items) => key
            .as_i64()
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| items.get(i)),
        Value::Map(m) => match key_string(key) {
            Some(k) => match m.get(&k) {
                Some(x) => Some(x),
                None => {
                    if let Some(Value::String(address)) = m.get(ADDRESS_KEY) {
                        return Err(Value::unknown_ref(address));
                    }
                    None
                }
            },
            None => None,
        },
        _ => None,
    };
    found.ok_or_else(|| {
        s.fail();
        Value::unknown()
    })
}

pub fn to_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => Some(*n),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

pub fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn binary(ctx: &Ctx<'_>, op: BinaryOperator, l: Value, r: Value) -> Value {
    use BinaryOperator as B;
    match op {
        B::And | B::Or => {
            let lb = if l.is_unknown() { None } else { to_bool(&l) };
            let rb = if r.is_unknown() { None } else { to_bool(&r) };
            if (!l.is_unknown() && lb.is_none()) || (!r.is_unknown() && rb.is_none()) {
                return ctx.fail();
            }
            let (lt, rt) = (truth(lb), truth(rb));
            let t = if op == B::And { lt.and(rt) } else { lt.or(rt) };
            match t {
                rampart_model::Truth::True => Value::Bool(true),
                rampart_model::Truth::False => Value::Bool(false),
                rampart_model::Truth::Unknown => Value::unknown(),
            }
        }
        B::Eq | B::NotEq => {
            if l.contains_unknown() || r.contains_unknown() {
                return Value::unknown();
            }
            let eq = match (&l, &r) {
                (Value::Number(a), Value::Number(b)) => a == b,
                _ => l == r,
            };
            Value::Bool(if op == B::Eq { eq } else { !eq })
        }
        _ => {
            if l.is_unknown() || r.is_unknown() {
                return Value::unknown();
            }
            let (Some(a), Some(b)) = (to_number(&l), to_number(&r)) else {
                return ctx.fail();
            };
            match op {
                B::Less => Value::Bool(a < b),
                B::LessEq => Value::Bool(a <= b),
                B::Greater => Value::Bool(a > b),
                B::GreaterEq => Value::Bool(a >= b),
                B::Plus => Value::Number(a + b),
                B::Minus => Value::Number(a - b),
                B::Mul => Value::Number(a * b),
                B::Div if b == 0.0 => ctx.fail(),
                B::Div => Value::Number(a / b),
                B::Mod if b == 0.0 => ctx.fail(),
                B::Mod => Value::Number(a % b),
                _ => ctx.fail(),
            }
        }
    }
}

fn truth(b: Option<bool>) -> rampart_model::Truth {
    match b {
        Some(b) => rampart_model::Truth::from_bool(b),
        None => rampart_model::Truth::Unknown,
    }
}

fn eval_for(ctx: &Ctx<'_>, f: &ForExpr) -> Value {
    let collection = eval(ctx, &f.intro.collection_expr);
    let items: Vec<(Value, Value)> = match collection {
        Value::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::Number(i as f64), v))
            .collect(),
        Value::Map(m) => m
            .into_iter()
            .filter(|(k, _)| k != ADDRESS_KEY)
            .map(|(k, v)| (Value::String(k), v))
            .collect(),
        Value::Unknown(_) => return Value::unknown(),
        _ => return ctx.fail(),
    };
    let key_var = f.intro.key_var.as_ref().map(|k| k.value().as_str());
    let value_var = f.intro.value_var.value().as_str();
    let mut list = Vec::new();
    let mut object: BTreeMap<String, Value> = BTreeMap::new();
    for (k, v) in items {
        let key_scope;
        let parent = match key_var {
            Some(name) => {
                key_scope = Scope {
                    name,
                    value: k,
                    parent: ctx.scope,
                };
                Some(&key_scope)
            }
            None => ctx.scope,
        };
        let value_scope = Scope {
            name: value_var,
            value: v,
            parent,
        };
        let inner = ctx.with_scope(&value_scope);
        if let Some(cond) = &f.cond {
            match eval(&inner, &cond.expr) {
                Value::Bool(true) => {}
                Value::Bool(false) => continue,
                Value::Unknown(_) => return Value::unknown(),
                other => match to_bool(&other) {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return ctx.fail(),
                },
            }
        }
        match &f.key_expr {
            Some(key_expr) => {
                let key = match eval(&inner, key_expr) {
                    Value::Unknown(_) => return Value::unknown(),
                    other => match key_string(&other) {
                        Some(k) => k,
                        None => return ctx.fail(),
                    },
                };
                let value = eval(&inner, &f.value_expr);
                if f.grouping {
                    match object.entry(key).or_insert_with(|| Value::List(Vec::new())) {
                        Value::List(group) => group.push(value),
                        _ => return ctx.fail(),
                    }
                } else if object.insert(key, value).is_some() {
                    ctx.warn(
                        f.value_expr.span(),
                        "duplicate key in `for` expression; use `...` to group values",
                    );
                    return Value::unknown();
                }
            }
            None => list.push(eval(&inner, &f.value_expr)),
        }
    }
    if f.key_expr.is_some() {
        Value::Map(object)
    } else {
        Value::List(list)
    }
}

/// Evaluates a whole template (e.g. read by `templatefile`) with the names of `ctx`.
pub fn eval_template(ctx: &Ctx<'_>, template: &Template) -> Value {
    eval_template_indented(ctx, template, None, None)
}

/// Builds a template's string; a template that is one interpolation yields its value as is.
/// `indent`: what `<<-` stripped from the heredoc's top-level lines; hcl-edit leaves the lines
/// inside `%{if}`/`%{for}` untouched, so they are stripped while rendering.
fn eval_template_indented(
    ctx: &Ctx<'_>,
    template: &Template,
    indent: Option<usize>,
    range: Option<Range<usize>>,
) -> Value {
    if template.len() == 1
        && let Some(Element::Interpolation(i)) = template.get(0)
    {
        return eval(ctx, &i.expr);
    }
    let mut out = TemplateOut {
        indent: indent.unwrap_or(0),
        max_bytes: ctx.session.limits.value_bytes,
        ..Default::default()
    };
    render_elements(ctx, template.iter(), &mut out);
    ctx.session.charge(Size {
        bytes: out.text.len(),
        items: 0,
    });
    if out.too_long {
        ctx.budget_error(range, too_much_text(out.max_bytes));
        return Value::unknown();
    }
    if out.failed {
        Value::unknown()
    } else if out.unknown {
        // a JSON text with unknown interpolations (a heredoc policy whose `Resource` is a
        // reference) is read as a document with unknown leaves; anything else stays opaque
        match out.opaque {
            false => out.holes.parse(&out.text).unwrap_or_else(Value::unknown),
            true => Value::unknown(),
        }
    } else {
        Value::String(out.text)
    }
}

#[derive(Default)]
struct TemplateOut {
    text: String,
    unknown: bool,
    failed: bool,
    /// The unknown interpolations, each written into `text` as a marker.
    holes: Holes,
    /// Some unknown decides the text's shape (an `%{if}` or `%{for}` over an unknown), or the
    /// text holds marker characters of its own: it cannot be read with holes.
    opaque: bool,
    /// Start of the literal just written, so `~` can trim its trailing spaces.
    last_literal: Option<usize>,
    /// Trim the leading spaces of the next literal.
    strip_next: bool,
    /// Heredoc indentation to remove from lines inside directives.
    indent: usize,
    /// How many directives deep the renderer is.
    nesting: u32,
    /// The longest text allowed; past it nothing more is written and `too_long` is set.
    max_bytes: usize,
    too_long: bool,
}

impl TemplateOut {
    fn push_literal(&mut self, text: &str) {
        let dedented;
        let text = if self.nesting > 0 && self.indent > 0 && text.contains('\n') {
            dedented = dedent_lines(text, self.indent);
            dedented.as_str()
        } else {
            text
        };
        let text = if self.strip_next {
            self.strip_next = false;
            text.trim_start()
        } else {
            text
        };
        self.last_literal = Some(self.text.len());
        self.opaque |= json_holes::holds_marker_chars(text);
        self.push_str(text);
    }
    /// Appends unless the text would pass its limit (checked before allocating).
    fn push_str(&mut self, text: &str) {
        if self.text.len().saturating_add(text.len()) > self.max_bytes {
            self.too_long = true;
            return;
        }
        self.text.push_str(text);
    }
    fn strip_before(&mut self) {
        if let Some(start) = self.last_literal {
            let keep = self
                .text
                .get(start..)
                .map(|t| t.trim_end().len())
                .unwrap_or(0);
            self.text.truncate(start + keep);
        }
    }
    fn push_value(&mut self, ctx: &Ctx<'_>, v: Value) {
        self.last_literal = None;
        let partly_unknown = matches!(v, Value::List(_) | Value::Map(_)) && v.contains_unknown();
        match v {
            Value::String(s) => {
                self.opaque |= json_holes::holds_marker_chars(&s);
                self.push_str(&s)
            }
            Value::Number(n) => self.push_str(&format_number(n)),
            Value::Bool(b) => self.push_str(if b { "true" } else { "false" }),
            Value::Unknown(u) => {
                self.unknown = true;
                let marker = self.holes.mark(u);
                self.push_str(&marker);
            }
            // what `jsonencode` keeps structured because part of it is unknown: its text is
            // not known, so neither is this one's
            Value::List(_) | Value::Map(_) if partly_unknown => {
                self.unknown = true;
                self.opaque = true;
            }
            Value::Null | Value::List(_) | Value::Map(_) => {
                ctx.fail();
                self.failed = true;
            }
        }
    }
}

/// Removes up to `indent` spaces after every newline of a literal inside a directive.
fn dedent_lines(text: &str, indent: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        out.push_str(first);
    }
    for line in lines {
        out.push('\n');
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(line.get(spaces.min(indent)..).unwrap_or(line));
    }
    out
}

fn render<'t>(ctx: &Ctx<'_>, elements: impl Iterator<Item = &'t Element>, out: &mut TemplateOut) {
    out.nesting += 1;
    render_elements(ctx, elements, out);
    out.nesting -= 1;
}

fn render_elements<'t>(
    ctx: &Ctx<'_>,
    elements: impl Iterator<Item = &'t Element>,
    out: &mut TemplateOut,
) {
    for e in elements {
        if out.too_long {
            return;
        }
        match e {
            Element::Literal(l) => out.push_literal(l.value()),
            Element::Interpolation(i) => {
                if i.strip.strip_start() {
                    out.strip_before();
                }
                let v = eval(ctx, &i.expr);
                out.push_value(ctx, v);
                out.strip_next = i.strip.strip_end();
            }
            Element::Directive(d) => match &**d {
                Directive::If(d) => {
                    if d.if_expr.strip.strip_start() {
                        out.strip_before();
                    }
                    let cond = eval(ctx, &d.if_expr.cond_expr);
                    out.last_literal = None;
                    match to_bool(&cond) {
                        Some(true) => {
                            out.strip_next = d.if_expr.strip.strip_end();
                            render(ctx, d.if_expr.template.iter(), out);
                            let closing = d
                                .else_expr
                                .as_ref()
                                .map(|e| e.strip)
                                .unwrap_or(d.endif_expr.strip);
                            if closing.strip_start() {
                                out.strip_before();
                            }
                        }
                        Some(false) => {
                            if let Some(else_expr) = &d.else_expr {
                                out.strip_next = else_expr.strip.strip_end();
                                render(ctx, else_expr.template.iter(), out);
                            }
                            if d.endif_expr.strip.strip_start() {
                                out.strip_before();
                            }
                        }
                        None if cond.is_unknown() => {
                            out.unknown = true;
                            out.opaque = true;
                        }
                        None => {
                            ctx.fail();
                            out.failed = true;
                        }
                    }
                    out.last_literal = None;
                    out.strip_next = d.endif_expr.strip.strip_end();
                }
                Directive::For(d) => {
                    let f = &d.for_expr;
                    if f.strip.strip_start() {
                        out.strip_before();
                    }
                    let items: Vec<(Value, Value)> = match eval(ctx, &f.collection_expr) {
                        Value::List(items) => items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| (Value::Number(i as f64), v))
                            .collect(),
                        Value::Map(m) => {
                            m.into_iter().map(|(k, v)| (Value::String(k), v)).collect()
                        }
                        Value::Unknown(_) => {
                            out.unknown = true;
                            out.opaque = true;
                            Vec::new()
                        }
                        _ => {
                            ctx.fail();
                            out.failed = true;
                            Vec::new()
                        }
                    };
                    out.last_literal = None;
                    for (k, v) in items {
                        let key_scope;
                        let parent = match &f.key_var {
                            Some(name) => {
                                key_scope = Scope {
                                    name: name.value().as_str(),
                                    value: k,
                                    parent: ctx.scope,
                                };
                                Some(&key_scope)
                            }
                            None => ctx.scope,
                        };
                        let value_scope = Scope {
                            name: f.value_var.value().as_str(),
                            value: v,
                            parent,
                        };
                        let inner = ctx.with_scope(&value_scope);
                        out.strip_next = f.strip.strip_end();
                        render(&inner, f.template.iter(), out);
                        if d.endfor_expr.strip.strip_start() {
                            out.strip_before();
                        }
                    }
                    out.last_literal = None;
                    out.strip_next = d.endfor_expr.strip.strip_end();
                }
            },
        }
    }
}

fn eval_call(ctx: &Ctx<'_>, f: &FuncCall, range: Option<Range<usize>>) -> Value {
    if f.name.is_namespaced() {
        // provider-defined functions need the provider
        return Value::unknown();
    }
    let name = f.name.name.value().as_str();
    match name {
        "try" => {
            for arg in f.args.iter() {
                let before = ctx.session.errors();
                let hits = ctx.session.budget_hits();
                let v = {
                    let _quiet = ctx.session.quiet();
                    eval(ctx, arg)
                };
                if ctx.session.budget_hits() != hits {
                    // cut off by a budget, not an error Terraform would see: no fallback
                    return Value::unknown();
                }
                if ctx.session.errors() == before {
                    return v;
                }
            }
            ctx.warn(range, "no expression given to `try` could be evaluated");
            Value::unknown()
        }
        "can" => {
            let Some(arg) = f.args.iter().next() else {
                ctx.warn(range, "`can` needs one argument");
                return Value::unknown();
            };
            let before = ctx.session.errors();
            let hits = ctx.session.budget_hits();
            let v = {
                let _quiet = ctx.session.quiet();
                eval(ctx, arg)
            };
            if ctx.session.budget_hits() != hits {
                Value::unknown()
            } else if ctx.session.errors() != before {
                Value::Bool(false)
            } else if v.contains_unknown() {
                Value::unknown()
            } else {
                Value::Bool(true)
            }
        }
        _ => {
            let mut args: Vec<Value> = f.args.iter().map(|a| eval(ctx, a)).collect();
            if f.args.expand_final() {
                match args.pop() {
                    Some(Value::List(items)) => args.extend(items),
                    Some(Value::Unknown(_)) => return Value::unknown(),
                    _ => return ctx.fail(),
                }
            }
            match super::builtin::call(ctx, name, args, range.clone()) {
                Ok(v) => bounded(ctx, v, range),
                Err(message) if super::functions::is_too_large(&message) => {
                    ctx.budget_error(range, format!("`{name}(…)`: {message}, more than Rampart evaluates; the value is treated as unknown"));
                    Value::unknown()
                }
                Err(message) => {
                    ctx.warn(range, format!("`{name}(…)` could not be evaluated: {message}; the value is treated as unknown"));
                    Value::unknown()
                }
            }
        }
    }
}

/// The parts joined, in one allocation (span keys are built for every attribute; `format!`
/// costs more than the copy itself).
fn concat(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 8);
    for p in parts {
        s.push_str(p);
    }
    s
}

fn push_index(s: &mut String, index: usize) {
    use std::fmt::Write;
    if index < 10 {
        s.push(char::from(b'0' + index as u8));
    } else {
        let _ = write!(s, "{index}");
    }
}

/// Where attribute values and spans of a body are collected.
pub struct BodyOut<'o> {
    pub spans: &'o mut BTreeMap<String, Span>,
    pub origins: &'o mut BTreeMap<String, Span>,
    /// Paths of the attributes computed from a file's contents.
    pub from_file: &'o mut BTreeSet<String>,
}

/// Converts a resource (or nested block) body: attributes to values, nested blocks to lists of
/// maps, `dynamic` blocks expanded. `top` skips meta-arguments.
pub fn eval_body(
    ctx: &Ctx<'_>,
    body: &Body,
    prefix: &str,
    top: bool,
    out: &mut BodyOut<'_>,
) -> BTreeMap<String, Value> {
    let mut map = BTreeMap::new();
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => {
                let key = a.key.value().as_str();
                if top && META_ATTRIBUTES.contains(&key) {
                    continue;
                }
                let path = concat(&[prefix, key]);
                let mark = ctx.session.file_mark();
                let (value, origin) = eval_with_origin(ctx, &a.value);
                ctx.session.charge_kept(&value);
                if ctx.session.read_file_since(mark) {
                    out.from_file.insert(path.clone());
                }
                if let Some(o) = origin {
                    out.origins.insert(path.clone(), o);
                }
                if let Some(sp) = ctx.file.span(a.span()) {
                    out.spans.insert(path, sp);
                }
                map.insert(key.to_string(), value);
            }
            Structure::Block(b) => {
                let ident = b.ident.value().as_str();
                if top && META_BLOCKS.contains(&ident) {
                    continue;
                }
                if ident == "dynamic" {
                    if let Some(label) = b.labels.first() {
                        eval_dynamic(ctx, label.as_str(), &b.body, prefix, &mut map, out);
                    }
                    continue;
                }
                push_block(ctx, ident, b.span(), &b.body, prefix, &mut map, out);
            }
        }
    }
    map
}

fn push_block(
    ctx: &Ctx<'_>,
    ident: &str,
    range: Option<Range<usize>>,
    body: &Body,
    prefix: &str,
    map: &mut BTreeMap<String, Value>,
    out: &mut BodyOut<'_>,
) {
    let index = match map.get(ident) {
        Some(Value::List(items)) => items.len(),
        Some(_) => return, // already unknown (an unknown dynamic block of the same type)
        None => 0,
    };
    let mut path = concat(&[prefix, ident, "."]);
    // the nested prefix `ident.index.` first, then the block's own key without the last dot
    push_index(&mut path, index);
    path.push('.');
    let inner = eval_body(ctx, body, &path, false, out);
    path.pop();
    if let Some(sp) = ctx.file.span(range) {
        out.spans.insert(path, sp);
    }
    if let Value::List(items) = map
        .entry(ident.to_string())
        .or_insert_with(|| Value::List(Vec::new()))
    {
        items.push(Value::Map(inner));
    }
}

fn eval_dynamic(
    ctx: &Ctx<'_>,
    ident: &str,
    body: &Body,
    prefix: &str,
    map: &mut BTreeMap<String, Value>,
    out: &mut BodyOut<'_>,
) {
    let Some(for_each) = body.get_attribute("for_each") else {
        return;
    };
    let iterator = body
        .get_attribute("iterator")
        .and_then(|a| match &a.value {
            Expression::Variable(v) => Some(v.value().as_str().to_string()),
            _ => None,
        })
        .unwrap_or_else(|| ident.to_string());
    let Some(content) = body.get_blocks("content").next() else {
        return;
    };
    let mark = ctx.session.file_mark();
    let collection = eval(ctx, &for_each.value);
    // blocks made from a file's contents carry them in the iterator
    let _from_file = ctx
        .session
        .read_file_since(mark)
        .then(|| ctx.session.all_from_file());
    let items: Vec<(Value, Value)> = match collection {
        Value::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::Number(i as f64), v))
            .collect(),
        Value::Map(m) => m
            .into_iter()
            .filter(|(k, _)| k != ADDRESS_KEY)
            .map(|(k, v)| (Value::String(k), v))
            .collect(),
        Value::Null => Vec::new(),
        Value::Unknown(_) => {
            map.insert(ident.to_string(), Value::unknown());
            return;
        }
        _ => {
            ctx.warn(
                for_each.value.span(),
                "`for_each` of a dynamic block must be a list, set or map",
            );
            map.insert(ident.to_string(), Value::unknown());
            return;
        }
    };
    let max = ctx.session.limits.instances_per_block;
    if items.len() > max {
        ctx.budget_error(
            for_each.value.span(),
            format!(
                "dynamic \"{ident}\" over {} elements: more than {max} blocks; Rampart builds at most {max} from one dynamic block, so the blocks are unknown",
                items.len()
            ),
        );
        map.insert(ident.to_string(), Value::unknown());
        return;
    }
    for (k, v) in items {
        // a set of strings iterates with key == value, as Terraform's `toset` would
        let key = match (&k, &v) {
            (Value::Number(_), Value::String(s)) if is_set_like(&for_each.value) => {
                Value::String(s.clone())
            }
            _ => k,
        };
        let scope = Scope {
            name: &iterator,
            value: Value::Map(BTreeMap::from([
                ("key".to_string(), key),
                ("value".to_string(), v),
            ])),
            parent: ctx.scope,
        };
        let inner = ctx.with_scope(&scope);
        push_block(
            &inner,
            ident,
            content.span(),
            &content.body,
            prefix,
            map,
            out,
        );
    }
}

fn is_set_like(expr: &Expression) -> bool {
    matches!(expr, Expression::FuncCall(f) if f.name.name.value().as_str() == "toset")
}

/// The value of a local, evaluated once per module instance.
pub fn eval_local(session: &Session<'_>, inst: &Instance, name: &str) -> Option<Origined> {
    let (file, attr) = inst.src.local(name)?;
    let ctx = Ctx::new(session, inst, file);
    let mark = session.file_mark();
    let (value, origin) = eval_with_origin(&ctx, &attr.value);
    session.charge_kept(&value);
    let origin = origin.or_else(|| file.span(attr.value.span()));
    Some(Origined {
        value,
        origin,
        from_file: session.read_file_since(mark),
    })
}

/// Removes the hidden address keys from a value handed to rules.
pub fn strip_addresses(v: &mut Value) {
    match v {
        Value::Map(m) => {
            m.remove(ADDRESS_KEY);
            m.values_mut().for_each(strip_addresses);
        }
        Value::List(items) => items.iter_mut().for_each(strip_addresses),
        _ => {}
    }
}
