//! One instance of a module (the root, or `module.site["a"]`): its input values, and lazily
//! evaluated, memoized locals, resources (expanded by `count`/`for_each`), module calls and
//! outputs. Everything is evaluated at most once, in whatever order references demand;
//! a reference back into something under evaluation is a cycle and reads as Unknown.
//!
//! Must never: evaluate a declaration twice (no quadratic work), hold a `RefCell` borrow while
//! evaluating, or load modules deeper than [`MAX_MODULE_DEPTH`] or in a cycle.

use super::eval::{self, ADDRESS_KEY, BodyOut, Ctx, Scope};
use super::module::{ModuleSource, ResourceDecl, is_local_source, literal_string};
use super::paths;
use super::session::Session;
use hcl_edit::Span as _;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Structure};
use rampart_model::{Mode, Origin, Resource, Span, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

pub const MAX_MODULE_DEPTH: usize = 20;

/// A value and where it was written (for fixes), when that is not the attribute itself.
#[derive(Clone, Debug)]
pub struct Origined {
    pub value: Value,
    pub origin: Option<Span>,
    /// Computed from a file's contents (see [`Session::file_value_read`]).
    pub from_file: bool,
}

enum Slot<T> {
    Pending,
    Busy,
    Done(T),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expansion {
    Single,
    Count,
    ForEach,
    /// `count`/`for_each` could not be known: one instance stands for all of them.
    Unknown,
}

/// One instance of a resource block.
pub struct Built {
    pub address: String,
    /// The `for_each` key.
    pub key: Option<String>,
    /// Attributes as a map carrying [`ADDRESS_KEY`].
    pub value: Value,
    pub spans: BTreeMap<String, Span>,
    pub origins: BTreeMap<String, Span>,
    /// Attribute paths computed from a file's contents.
    pub from_file: BTreeSet<String>,
}

impl Evaluated {
    /// True when reading attribute `first_attribute` of an instance (or a whole instance, for
    /// `None`) may read a value computed from a file's contents.
    pub fn reads_file_value(&self, first_attribute: Option<&str>) -> bool {
        match first_attribute {
            None => !self.from_file.is_empty(),
            Some(name) => self.from_file.iter().any(|p| {
                p == name
                    || p.strip_prefix(name)
                        .is_some_and(|rest| rest.starts_with('.'))
            }),
        }
    }
}

pub struct Evaluated {
    pub expansion: Expansion,
    /// In index order for `count`, key order for `for_each`.
    pub instances: Vec<Built>,
    /// Attribute paths computed from a file's contents, in any instance.
    pub from_file: BTreeSet<String>,
}

impl Evaluated {
    pub fn instance_by_key(&self, key: &str) -> Option<&Built> {
        self.instances
            .binary_search_by(|b| b.key.as_deref().unwrap_or("").cmp(key))
            .ok()
            .and_then(|i| self.instances.get(i))
    }
}

pub enum CallResult {
    Instances {
        expansion: Expansion,
        instances: Vec<(Option<String>, Rc<Instance>)>,
    },
    /// Remote, missing or refused (cycle, depth): its outputs are unknown.
    NotLoaded,
}

pub struct Instance {
    pub src: Arc<ModuleSource>,
    /// Module path of the instance (`module.site["a"]`), empty at the root.
    pub prefix: String,
    pub vars: HashMap<String, Origined>,
    pub path_module: String,
    pub depth: usize,
    /// Folders of the calling modules, to refuse cycles.
    pub ancestry: Vec<PathBuf>,
    locals: RefCell<HashMap<String, Slot<Rc<Origined>>>>,
    resources: RefCell<Vec<Slot<Rc<Evaluated>>>>,
    calls: RefCell<Vec<Slot<Rc<CallResult>>>>,
    outputs: RefCell<HashMap<String, Slot<Rc<Value>>>>,
    /// Outputs whose value was computed from a file's contents.
    file_outputs: RefCell<HashSet<String>>,
}

impl Instance {
    pub fn new(
        src: Arc<ModuleSource>,
        prefix: String,
        vars: HashMap<String, Origined>,
        path_module: String,
        depth: usize,
        ancestry: Vec<PathBuf>,
    ) -> Self {
        let resources = src.resources.iter().map(|_| Slot::Pending).collect();
        let calls = src.calls.iter().map(|_| Slot::Pending).collect();
        Instance {
            src,
            prefix,
            vars,
            path_module,
            depth,
            ancestry,
            locals: RefCell::new(HashMap::new()),
            resources: RefCell::new(resources),
            calls: RefCell::new(calls),
            outputs: RefCell::new(HashMap::new()),
            file_outputs: RefCell::new(HashSet::new()),
        }
    }

    /// `module.site.` (with the dot), or empty at the root.
    pub fn prefix_dot(&self) -> String {
        if self.prefix.is_empty() {
            String::new()
        } else {
            format!("{}.", self.prefix)
        }
    }

    pub fn local(&self, session: &Session<'_>, name: &str) -> Option<Rc<Origined>> {
        let found = self.local_uncounted(session, name);
        if found.as_ref().is_some_and(|o| o.from_file) {
            // every read of a value from a file marks what is evaluated with it
            session.file_value_read();
        }
        found
    }

    fn local_uncounted(&self, session: &Session<'_>, name: &str) -> Option<Rc<Origined>> {
        match self.locals.borrow().get(name) {
            Some(Slot::Done(v)) => return Some(v.clone()),
            Some(Slot::Busy) => {
                if let Some((file, attr)) = self.src.local(name) {
                    session.warn(
                        file,
                        attr.span(),
                        format!(
                            "local `{name}` depends on itself; its value is treated as unknown"
                        ),
                    );
                }
                return Some(Rc::new(Origined {
                    value: Value::unknown(),
                    origin: None,
                    from_file: false,
                }));
            }
            _ => {}
        }
        if !self.src.locals.contains_key(name) {
            return None;
        }
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let v = eval::eval_local(session, self, name).map(Rc::new);
        let stored = v.clone().unwrap_or_else(|| {
            Rc::new(Origined {
                value: Value::unknown(),
                origin: None,
                from_file: false,
            })
        });
        self.locals
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(stored));
        v
    }

    /// The evaluated instances of resource `idx`; `None` while it is being evaluated.
    pub fn resource(&self, session: &Session<'_>, idx: usize) -> Option<Rc<Evaluated>> {
        {
            let mut slots = self.resources.borrow_mut();
            let slot = slots.get_mut(idx)?;
            match slot {
                Slot::Done(v) => return Some(v.clone()),
                Slot::Busy => return None,
                Slot::Pending => *slot = Slot::Busy,
            }
        }
        let ev = Rc::new(self.evaluate_resource(session, idx));
        if let Some(slot) = self.resources.borrow_mut().get_mut(idx) {
            *slot = Slot::Done(ev.clone());
        }
        Some(ev)
    }

    fn evaluate_resource(&self, session: &Session<'_>, idx: usize) -> Evaluated {
        let empty = Evaluated {
            expansion: Expansion::Single,
            instances: Vec::new(),
            from_file: BTreeSet::new(),
        };
        let Some(decl) = self.src.resources.get(idx) else {
            return empty;
        };
        let Some((file, block)) = self.src.block(decl.at) else {
            return empty;
        };
        let ctx = Ctx::new(session, self, file);
        let base = match decl.mode {
            Mode::Data => format!("{}data.{}.{}", self.prefix_dot(), decl.kind, decl.name),
            Mode::Managed => format!("{}{}.{}", self.prefix_dot(), decl.kind, decl.name),
        };
        let build = |ctx: &Ctx<'_>, address: String, key: Option<String>| {
            build_instance(ctx, decl, block, address, key)
        };
        expand(&ctx, block, &base, build)
    }

    pub fn call(&self, session: &Session<'_>, idx: usize) -> Option<Rc<CallResult>> {
        {
            let mut slots = self.calls.borrow_mut();
            let slot = slots.get_mut(idx)?;
            match slot {
                Slot::Done(v) => return Some(v.clone()),
                Slot::Busy => return None,
                Slot::Pending => *slot = Slot::Busy,
            }
        }
        let result = Rc::new(self.evaluate_call(session, idx));
        if let Some(slot) = self.calls.borrow_mut().get_mut(idx) {
            *slot = Slot::Done(result.clone());
        }
        Some(result)
    }

    fn evaluate_call(&self, session: &Session<'_>, idx: usize) -> CallResult {
        let Some(decl) = self.src.calls.get(idx) else {
            return CallResult::NotLoaded;
        };
        let Some((file, block)) = self.src.block(decl.at) else {
            return CallResult::NotLoaded;
        };
        let name = decl.name.as_str();
        let source_attr = block.body.get_attribute("source");
        let Some(source) = source_attr.and_then(|a| literal_string(&a.value)) else {
            session.warn(
                file,
                block.span(),
                format!("module `{name}` has no literal `source`; its resources are not scanned"),
            );
            return CallResult::NotLoaded;
        };
        let at = source_attr.and_then(|a| a.span()).or_else(|| block.span());
        if !is_local_source(&source) {
            session.warn(
                file,
                at,
                format!("module `{name}` source `{source}` is remote and was not loaded; its resources are not scanned"),
            );
            return CallResult::NotLoaded;
        }
        let dir = paths::normalize(&self.src.dir.join(&source));
        if self.depth + 1 > MAX_MODULE_DEPTH {
            session.warn(
                file,
                at,
                format!("module `{name}` is nested more than {MAX_MODULE_DEPTH} levels deep and was not loaded"),
            );
            return CallResult::NotLoaded;
        }
        if dir == self.src.dir || self.ancestry.contains(&dir) {
            session.warn(
                file,
                at,
                format!(
                    "module `{name}` source `{source}` calls itself (a cycle) and was not loaded"
                ),
            );
            return CallResult::NotLoaded;
        }
        let Some(child_src) = session.cache.get(&dir) else {
            session.warn(
                file,
                at,
                format!("module `{name}` source `{source}` has no Terraform files at `{}`; its resources are not scanned", dir.display()),
            );
            return CallResult::NotLoaded;
        };
        let ctx = Ctx::new(session, self, file);
        let base = format!("{}module.{name}", self.prefix_dot());
        let mut ancestry = self.ancestry.clone();
        ancestry.push(self.src.dir.clone());
        let path_module = paths::relative(&session.root_dir, &dir);
        let build = |ctx: &Ctx<'_>, prefix: String, key: Option<String>| {
            let vars = module_inputs(ctx, block, &child_src);
            let child = Instance::new(
                child_src.clone(),
                prefix,
                vars,
                path_module.clone(),
                self.depth + 1,
                ancestry.clone(),
            );
            let defaults = variable_defaults(session, &child, &child.vars);
            let mut child = child;
            child.vars.extend(defaults);
            (key, Rc::new(child))
        };
        let (expansion, instances) = expand_generic(&ctx, block, &base, build);
        CallResult::Instances {
            expansion,
            instances,
        }
    }

    /// Output `name` of this instance; `None` when not declared.
    pub fn output(&self, session: &Session<'_>, name: &str) -> Option<Rc<Value>> {
        let found = self.output_uncounted(session, name);
        if self.file_outputs.borrow().contains(name) {
            session.file_value_read();
        }
        found
    }

    fn output_uncounted(&self, session: &Session<'_>, name: &str) -> Option<Rc<Value>> {
        match self.outputs.borrow().get(name) {
            Some(Slot::Done(v)) => return Some(v.clone()),
            Some(Slot::Busy) => return Some(Rc::new(Value::unknown())),
            _ => {}
        }
        let at = *self.src.outputs.get(name)?;
        self.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Busy);
        let mark = session.file_mark();
        let value = match self.src.block(at) {
            Some((file, block)) => match block.body.get_attribute("value") {
                Some(a) => eval::eval(&Ctx::new(session, self, file), &a.value),
                None => Value::unknown(),
            },
            None => Value::unknown(),
        };
        session.charge_kept(&value);
        if session.read_file_since(mark) {
            self.file_outputs.borrow_mut().insert(name.to_string());
        }
        let value = Rc::new(value);
        self.outputs
            .borrow_mut()
            .insert(name.to_string(), Slot::Done(value.clone()));
        Some(value)
    }

    /// All outputs as one object (`module.site` used whole).
    pub fn all_outputs(&self, session: &Session<'_>) -> Value {
        let mut names: Vec<&String> = self.src.outputs.keys().collect();
        names.sort();
        Value::Map(
            names
                .into_iter()
                .map(|n| {
                    let v = self
                        .output(session, n)
                        .map(|v| (*v).clone())
                        .unwrap_or_else(Value::unknown);
                    (n.clone(), v)
                })
                .collect(),
        )
    }

    /// Evaluates every resource and module call of this instance and its children.
    pub fn force(&self, session: &Session<'_>) {
        for i in 0..self.src.resources.len() {
            self.resource(session, i);
        }
        for i in 0..self.src.calls.len() {
            if let Some(result) = self.call(session, i)
                && let CallResult::Instances { instances, .. } = &*result
            {
                for (_, child) in instances {
                    child.force(session);
                }
            }
        }
    }

    /// Moves the evaluated resources of this instance and its children into `out`, attaching
    /// suppression comments file by file. Call after [`Instance::force`].
    pub fn collect(&self, out: &mut Vec<Resource>) {
        let slots = std::mem::take(&mut *self.resources.borrow_mut());
        // one entry per block: its file and its instances
        let mut blocks: Vec<(usize, Vec<Resource>)> = Vec::new();
        for (idx, slot) in slots.into_iter().enumerate() {
            let Slot::Done(ev) = slot else { continue };
            let Some(decl) = self.src.resources.get(idx) else {
                continue;
            };
            let Some((file, block)) = self.src.block(decl.at) else {
                continue;
            };
            let span = file.block_span(block.span(), &[decl.kind.as_str(), decl.name.as_str()]);
            let ev = Rc::try_unwrap(ev).unwrap_or_else(|rc| Evaluated {
                expansion: rc.expansion,
                from_file: rc.from_file.clone(),
                instances: rc
                    .instances
                    .iter()
                    .map(|b| Built {
                        address: b.address.clone(),
                        key: b.key.clone(),
                        value: b.value.clone(),
                        spans: b.spans.clone(),
                        origins: b.origins.clone(),
                        from_file: b.from_file.clone(),
                    })
                    .collect(),
            });
            let mut instances = Vec::with_capacity(ev.instances.len());
            for built in ev.instances {
                let mut r = Resource::new(
                    decl.kind.clone(),
                    built.address,
                    Origin::Code { span: span.clone() },
                );
                r.name = decl.name.clone();
                r.mode = decl.mode;
                r.module = self.prefix.clone();
                if let Value::Map(mut attrs) = built.value {
                    attrs.remove(ADDRESS_KEY);
                    attrs.values_mut().for_each(eval::strip_addresses);
                    r.attributes = attrs;
                }
                r.attribute_spans = built.spans;
                r.value_origins = built.origins;
                r.file_derived = built.from_file;
                instances.push(r);
            }
            if !instances.is_empty() {
                blocks.push((decl.at.file, instances));
            }
        }
        // suppressions: attached to the first instance of each block, file by file (blocks
        // are in file order), then shared by the block's other instances
        for run in blocks.chunk_by_mut(|a, b| a.0 == b.0) {
            let Some(file) = run.first().and_then(|(f, _)| self.src.files.get(*f)) else {
                continue;
            };
            let mut firsts: Vec<&mut Resource> = run
                .iter_mut()
                .filter_map(|(_, list)| list.first_mut())
                .collect();
            let syntax = if file.from_json {
                crate::suppress::Syntax::Json
            } else {
                crate::suppress::Syntax::Hcl
            };
            crate::suppress::attach(&file.text, syntax, &mut firsts);
            for (_, list) in run.iter_mut() {
                if let Some((first, rest)) = list.split_first_mut()
                    && !first.suppressions.is_empty()
                {
                    for r in rest {
                        r.suppressions = first.suppressions.clone();
                    }
                }
            }
        }
        out.extend(blocks.into_iter().flat_map(|(_, list)| list));
        let calls = std::mem::take(&mut *self.calls.borrow_mut());
        for slot in calls {
            if let Slot::Done(result) = slot
                && let CallResult::Instances { instances, .. } = &*result
            {
                for (_, child) in instances {
                    child.collect(out);
                }
            }
        }
    }
}

fn build_instance(
    ctx: &Ctx<'_>,
    decl: &ResourceDecl,
    block: &Block,
    address: String,
    key: Option<String>,
) -> Built {
    let mut spans = BTreeMap::new();
    let mut origins = BTreeMap::new();
    let mut from_file = BTreeSet::new();
    let mut attrs = eval::eval_body(
        ctx,
        &block.body,
        "",
        true,
        &mut BodyOut {
            spans: &mut spans,
            origins: &mut origins,
            from_file: &mut from_file,
        },
    );
    if decl.mode == Mode::Data && decl.kind == "aws_iam_policy_document" {
        attrs.insert("json".into(), super::policy::render(&attrs));
        if !from_file.is_empty() {
            from_file.insert("json".into());
        }
    }
    attrs.insert(ADDRESS_KEY.into(), Value::String(address.clone()));
    Built {
        address,
        key,
        value: Value::Map(attrs),
        spans,
        origins,
        from_file,
    }
}

/// Expands a resource block by its `count` or `for_each`.
fn expand(
    ctx: &Ctx<'_>,
    block: &Block,
    base: &str,
    build: impl Fn(&Ctx<'_>, String, Option<String>) -> Built,
) -> Evaluated {
    let (expansion, instances) = expand_generic(ctx, block, base, build);
    let from_file = instances
        .iter()
        .flat_map(|b| b.from_file.iter().cloned())
        .collect();
    Evaluated {
        expansion,
        instances,
        from_file,
    }
}

/// Shared `count`/`for_each` expansion of resources and module calls: calls `build` once per
/// instance with `count`/`each` bound and the instance address.
fn expand_generic<T>(
    ctx: &Ctx<'_>,
    block: &Block,
    base: &str,
    build: impl Fn(&Ctx<'_>, String, Option<String>) -> T,
) -> (Expansion, Vec<T>) {
    let unknown_each = |name: &'static str| Scope {
        name,
        value: Value::Map(BTreeMap::from([
            ("key".to_string(), Value::unknown()),
            ("value".to_string(), Value::unknown()),
            ("index".to_string(), Value::unknown()),
        ])),
        parent: None,
    };
    // instances made from a file's contents (`for_each = jsondecode(file(…))`) carry them in
    // `count`/`each`: everything built for them counts as read from the file
    let mark = ctx.session.file_mark();
    let session = ctx.session;
    let from_file = || {
        session
            .read_file_since(mark)
            .then(|| session.all_from_file())
    };
    if let Some(count) = block.body.get_attribute("count") {
        let n = match eval::eval(ctx, &count.value) {
            Value::Unknown(_) => None,
            v => match eval::to_number(&v) {
                Some(n) if n >= 0.0 && n.fract() == 0.0 => {
                    let what = format!("count = {}", rampart_model::value::format_number(n));
                    within_instance_budget(ctx, count.value.span(), &what, n)
                }
                _ => {
                    ctx.warn(
                        count.value.span(),
                        "`count` must be a whole number ≥ 0; treated as unknown",
                    );
                    None
                }
            },
        };
        let _from_file = from_file();
        let Some(n) = n else {
            let scope = unknown_each("count");
            let inner = Ctx {
                scope: Some(&scope),
                ..ctx.clone()
            };
            return (
                Expansion::Unknown,
                vec![build(&inner, base.to_string(), None)],
            );
        };
        let items = (0..n)
            .map(|i| {
                let scope = Scope {
                    name: "count",
                    value: Value::Map(BTreeMap::from([(
                        "index".to_string(),
                        Value::Number(i as f64),
                    )])),
                    parent: None,
                };
                let inner = Ctx {
                    scope: Some(&scope),
                    ..ctx.clone()
                };
                build(&inner, format!("{base}[{i}]"), None)
            })
            .collect();
        return (Expansion::Count, items);
    }
    if let Some(for_each) = block.body.get_attribute("for_each") {
        let entries: Option<Vec<(String, Value)>> = match eval::eval(ctx, &for_each.value) {
            Value::Map(m) => {
                if m.values().any(Value::is_unknown) {
                    // values may be unknown; keys are what make instances
                }
                Some(m.into_iter().filter(|(k, _)| k != ADDRESS_KEY).collect())
            }
            Value::List(items) => {
                let mut keys = BTreeSet::new();
                let mut ok = true;
                for i in &items {
                    match i {
                        Value::String(s) => {
                            keys.insert(s.clone());
                        }
                        Value::Number(n) => {
                            keys.insert(rampart_model::value::format_number(*n));
                        }
                        _ => ok = false,
                    }
                }
                if ok {
                    Some(
                        keys.into_iter()
                            .map(|k| (k.clone(), Value::String(k)))
                            .collect(),
                    )
                } else {
                    if !items.iter().any(Value::contains_unknown) {
                        ctx.warn(
                            for_each.value.span(),
                            "`for_each` needs a map or a set of strings; treated as unknown",
                        );
                    }
                    None
                }
            }
            Value::Unknown(_) => None,
            _ => {
                ctx.warn(
                    for_each.value.span(),
                    "`for_each` needs a map or a set of strings; treated as unknown",
                );
                None
            }
        };
        let _from_file = from_file();
        let entries = entries.filter(|e| {
            let what = format!("for_each over {} elements", e.len());
            within_instance_budget(ctx, for_each.value.span(), &what, e.len() as f64).is_some()
        });
        let Some(entries) = entries else {
            let scope = unknown_each("each");
            let inner = Ctx {
                scope: Some(&scope),
                ..ctx.clone()
            };
            return (
                Expansion::Unknown,
                vec![build(&inner, base.to_string(), None)],
            );
        };
        let items = entries
            .into_iter()
            .map(|(k, v)| {
                let quoted = serde_json::to_string(&k).unwrap_or_else(|_| format!("\"{k}\""));
                let scope = Scope {
                    name: "each",
                    value: Value::Map(BTreeMap::from([
                        ("key".to_string(), Value::String(k.clone())),
                        ("value".to_string(), v),
                    ])),
                    parent: None,
                };
                let inner = Ctx {
                    scope: Some(&scope),
                    ..ctx.clone()
                };
                build(&inner, format!("{base}[{quoted}]"), Some(k))
            })
            .collect();
        return (Expansion::ForEach, items);
    }
    (Expansion::Single, vec![build(ctx, base.to_string(), None)])
}

/// `n` when that many instances fit the per-block and the root's total budget (and counts
/// them), else `None` with an error at `range`: the block is then scanned as one instance
/// whose values are unknown, so rules report it undecided instead of passing it.
fn within_instance_budget(
    ctx: &Ctx<'_>,
    range: Option<std::ops::Range<usize>>,
    what: &str,
    n: f64,
) -> Option<usize> {
    let limits = ctx.session.limits;
    if n > limits.instances_per_block as f64 {
        let max = limits.instances_per_block;
        ctx.budget_error(
            range,
            format!(
                "{what}: more than {max} instances; Rampart evaluates at most {max} per resource or module call, so it is scanned as one instance whose values are unknown"
            ),
        );
        return None;
    }
    let n = n as usize;
    if !ctx.session.add_instances(n) {
        let max = limits.instances_total;
        ctx.budget_error(
            range,
            format!(
                "{what}: the root module would have more than {max} resource and module instances with its modules; Rampart evaluates at most {max}, so this block is scanned as one instance whose values are unknown"
            ),
        );
        return None;
    }
    Some(n)
}

/// Arguments of a module call that are not inputs.
const CALL_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

/// The inputs a module call sets, evaluated in the caller, with where each was written.
fn module_inputs(ctx: &Ctx<'_>, block: &Block, child: &ModuleSource) -> HashMap<String, Origined> {
    let mut vars = HashMap::new();
    for s in block.body.iter() {
        let Structure::Attribute(a) = s else { continue };
        let key = a.key.value().as_str();
        if CALL_META.contains(&key) {
            continue;
        }
        let Some(&at) = child.variables.get(key) else {
            continue;
        };
        let mark = ctx.session.file_mark();
        let (value, origin) = eval::eval_with_origin(ctx, &a.value);
        ctx.session.charge_kept(&value);
        let from_file = ctx.session.read_file_since(mark);
        let origin = origin.or_else(|| ctx.file.span(a.value.span()));
        let value = convert_to_declared(child.block(at).map(|(_, b)| b), value);
        vars.insert(
            key.to_string(),
            Origined {
                value,
                origin,
                from_file,
            },
        );
    }
    vars
}

/// Values of the variables of `inst` not already in `set`: their default (with its span), or
/// Unknown when there is none.
pub fn variable_defaults(
    session: &Session<'_>,
    inst: &Instance,
    set: &HashMap<String, Origined>,
) -> Vec<(String, Origined)> {
    let mut out = Vec::new();
    for (name, &at) in &inst.src.variables {
        if set.contains_key(name) {
            continue;
        }
        let Some((file, block)) = inst.src.block(at) else {
            continue;
        };
        let o = match block.body.get_attribute("default") {
            Some(d) => {
                let mark = session.file_mark();
                let value = eval::eval(&Ctx::new(session, inst, file), &d.value);
                Origined {
                    value: convert_to_declared(Some(block), value),
                    origin: file.span(d.value.span()),
                    from_file: session.read_file_since(mark),
                }
            }
            None => Origined {
                value: Value::unknown(),
                origin: None,
                from_file: false,
            },
        };
        out.push((name.clone(), o));
    }
    out
}

/// Converts a primitive value to the variable's declared primitive type, as Terraform does
/// (`"5"` for `number` is 5, `true` for `string` is `"true"`).
pub fn convert_to_declared(variable: Option<&Block>, value: Value) -> Value {
    let Some(ty) = variable.and_then(|b| b.body.get_attribute("type")) else {
        return value;
    };
    let ty = match &ty.value {
        Expression::Variable(v) => v.value().as_str().to_string(),
        Expression::String(s) => s.value().clone(),
        _ => return value,
    };
    match (ty.as_str(), value) {
        ("string", Value::Number(n)) => Value::String(rampart_model::value::format_number(n)),
        ("string", Value::Bool(b)) => Value::String(b.to_string()),
        ("number", Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) => Value::Number(n),
            Err(_) => Value::String(s),
        },
        ("bool", Value::String(s)) if s == "true" => Value::Bool(true),
        ("bool", Value::String(s)) if s == "false" => Value::Bool(false),
        (_, v) => v,
    }
}
