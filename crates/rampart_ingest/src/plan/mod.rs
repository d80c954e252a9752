//! Terraform plan JSON (`terraform show -json plan`), state (`terraform.tfstate`, version 4) and
//! shown state (`terraform show -json`) loaded into the model with their real addresses.
//!
//! A plan says what will exist after apply: `planned_values` (with child modules) gives the
//! resources, `resource_changes[].change.after_unknown` marks values known only after apply,
//! and `configuration` tells which resource an unknown value refers to, so relations still join
//! (`bucket = aws_s3_bucket.b.id` → an unknown referring to `aws_s3_bucket.b`).
//!
//! Must never: panic on any JSON, or present an unknown value as known.

pub mod address;
pub mod state;

use rampart_model::span::LineIndex;
use rampart_model::{LoadError, Mode, Origin, Resource, SourceFormat, Value};
use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// What kind of Terraform JSON document this is, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerraformJson {
    Plan,
    State,
    ShownState,
}

pub fn detect(json: &Json) -> Option<TerraformJson> {
    let obj = json.as_object()?;
    if obj.contains_key("format_version") {
        if obj.contains_key("planned_values") || obj.contains_key("resource_changes") {
            return Some(TerraformJson::Plan);
        }
        if json.pointer("/values/root_module").is_some() {
            return Some(TerraformJson::ShownState);
        }
    }
    let is_v4 = obj.get("version").and_then(Json::as_u64) == Some(4);
    // a state whose entries are not all well formed is still a state: the loader reports the
    // bad entries (`terraform_version` is in every state Terraform writes)
    let resources = obj.get("resources").and_then(Json::as_array);
    let has_instances = resources.is_some_and(|r| r.iter().all(|r| r.get("instances").is_some()));
    let is_state = has_instances || (resources.is_some() && obj.contains_key("terraform_version"));
    (is_v4 && is_state).then_some(TerraformJson::State)
}

/// Loads a detected document.
pub fn load(
    kind: TerraformJson,
    file: &Arc<str>,
    text: &str,
    json: &Json,
) -> (Vec<Resource>, Vec<LoadError>) {
    let located = Located::new(file, text);
    match kind {
        TerraformJson::Plan => load_plan(&located, json),
        TerraformJson::ShownState => {
            let mut out = Vec::new();
            let mut errors = Vec::new();
            if let Some(root) = json.pointer("/values/root_module") {
                walk_module(&located, root, &Overlay::default(), &mut out, &mut errors);
            }
            (out, errors)
        }
        TerraformJson::State => state::load_state(&located, json),
    }
}

/// File name, text and a way to turn byte ranges into spans.
pub struct Located<'a> {
    pub file: Arc<str>,
    pub text: &'a str,
    lines: LineIndex,
    positions: HashMap<String, Range<usize>>,
}

impl<'a> Located<'a> {
    fn new(file: &Arc<str>, text: &'a str) -> Self {
        Located {
            file: file.clone(),
            text,
            lines: LineIndex::new(text),
            positions: address::address_positions(text),
        }
    }
    /// Origin at the first place the address is written, else the start of the file.
    pub fn origin(&self, address: &str) -> Origin {
        self.origin_at(self.positions.get(address).cloned().unwrap_or(0..0))
    }
    pub fn origin_at(&self, range: Range<usize>) -> Origin {
        Origin::Code {
            span: self
                .lines
                .span(&self.file, self.text, range.start, range.end),
        }
    }
}

/// What `resource_changes` and `configuration` add to `planned_values`.
#[derive(Default)]
struct Overlay<'j> {
    /// `after_unknown` by resource address.
    unknown: HashMap<&'j str, &'j Json>,
    /// `expressions` by (module names joined with `.`, local address without index).
    expressions: HashMap<(String, String), &'j Json>,
    /// Every resource instance address in the plan, by its address without instance key.
    instances: HashMap<String, Vec<String>>,
}

fn load_plan(located: &Located<'_>, json: &Json) -> (Vec<Resource>, Vec<LoadError>) {
    let mut overlay = Overlay::default();
    for change in json
        .get("resource_changes")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(addr), Some(u)) = (
            change.get("address").and_then(Json::as_str),
            change.pointer("/change/after_unknown"),
        ) {
            overlay.unknown.insert(addr, u);
        }
    }
    if let Some(root) = json.pointer("/configuration/root_module") {
        collect_expressions(root, &mut Vec::new(), &mut overlay.expressions);
    }
    let Some(root) = json.pointer("/planned_values/root_module") else {
        return (Vec::new(), Vec::new());
    };
    collect_instances(root, &mut overlay.instances);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    walk_module(located, root, &overlay, &mut out, &mut errors);
    (out, errors)
}

fn collect_expressions<'j>(
    module: &'j Json,
    path: &mut Vec<String>,
    out: &mut HashMap<(String, String), &'j Json>,
) {
    for r in module
        .get("resources")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(addr), Some(expr)) = (
            r.get("address").and_then(Json::as_str),
            r.get("expressions"),
        ) {
            out.insert((path.join("."), addr.to_string()), expr);
        }
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(child) = call.get("module") {
            path.push(name.clone());
            collect_expressions(child, path, out);
            path.pop();
        }
    }
}

fn child_modules(module: &Json) -> impl Iterator<Item = &Json> {
    module
        .get("child_modules")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
}

fn module_resources(module: &Json) -> impl Iterator<Item = &Json> {
    module
        .get("resources")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
}

fn collect_instances(module: &Json, out: &mut HashMap<String, Vec<String>>) {
    for r in module_resources(module) {
        if let Some(addr) = r.get("address").and_then(Json::as_str) {
            let base = match address::index_suffix(addr) {
                Some(suffix) => addr.strip_suffix(suffix).unwrap_or(addr),
                None => addr,
            };
            out.entry(base.to_string())
                .or_default()
                .push(addr.to_string());
        }
    }
    for child in child_modules(module) {
        collect_instances(child, out);
    }
}

fn walk_module(
    located: &Located<'_>,
    module: &Json,
    overlay: &Overlay<'_>,
    out: &mut Vec<Resource>,
    errors: &mut Vec<LoadError>,
) {
    for (n, r) in module_resources(module).enumerate() {
        match plan_resource(located, r, overlay) {
            Some(resource) => out.push(resource),
            None => errors.push(malformed_entry(located, r, n)),
        }
    }
    for child in child_modules(module) {
        walk_module(located, child, overlay, out, errors);
    }
}

/// A resource entry without an `address` or a `type`: skipped, and said so, at its address
/// when it has one (else at the start of the file, naming its position in its module).
fn malformed_entry(located: &Located<'_>, r: &Json, n: usize) -> LoadError {
    let (line, column) = match located.origin(r.get("address").and_then(Json::as_str).unwrap_or(""))
    {
        Origin::Code { span } => (span.start.line, span.start.column),
        _ => (1, 1),
    };
    let message = match r.get("address").and_then(Json::as_str) {
        Some(address) => format!("resource `{address}` has no `type`; it is skipped"),
        None => format!(
            "resource entry #{} of a module has no `address`; it is skipped",
            n + 1
        ),
    };
    LoadError::error(&*located.file, line, column, message)
}

fn plan_resource(located: &Located<'_>, r: &Json, overlay: &Overlay<'_>) -> Option<Resource> {
    let addr = r.get("address").and_then(Json::as_str)?;
    let kind = r.get("type").and_then(Json::as_str)?;
    let module = address::module_of(addr);
    let mut attributes: BTreeMap<String, Value> = match r.get("values").map(Value::from_json) {
        Some(Value::Map(m)) => m,
        _ => BTreeMap::new(),
    };
    if let Some(unknown) = overlay.unknown.get(addr) {
        let local = local_address(addr, &module);
        let key = (
            address::module_names(&module).join("."),
            strip_instance(&local),
        );
        let expressions = overlay.expressions.get(&key).copied();
        let resolve = |references: &[Json]| resolve_reference(references, addr, &module, overlay);
        let mut root = Value::Map(std::mem::take(&mut attributes));
        mark_unknown(&mut root, unknown, expressions, &resolve, 0);
        if let Value::Map(m) = root {
            attributes = m;
        }
    }
    let mut resource = Resource::new(kind, addr, located.origin(addr));
    resource.name = r
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .to_string();
    resource.mode = match r.get("mode").and_then(Json::as_str) {
        Some("data") => Mode::Data,
        _ => Mode::Managed,
    };
    resource.format = SourceFormat::TerraformPlan;
    resource.module = module;
    resource.attributes = attributes;
    Some(resource)
}

/// The address inside its module: `module.a.aws_s3_bucket.b[0]` → `aws_s3_bucket.b[0]`.
fn local_address(addr: &str, module: &str) -> String {
    if module.is_empty() {
        addr.to_string()
    } else {
        addr.strip_prefix(module)
            .map(|s| s.trim_start_matches('.'))
            .unwrap_or(addr)
            .to_string()
    }
}

fn strip_instance(local: &str) -> String {
    match address::index_suffix(local) {
        Some(suffix) => local.strip_suffix(suffix).unwrap_or(local).to_string(),
        None => local.to_string(),
    }
}

/// The resource instance a list of configuration references points at: an explicit instance,
/// the only instance, or the instance with the same key as the referring resource.
fn resolve_reference(
    references: &[Json],
    from: &str,
    module: &str,
    overlay: &Overlay<'_>,
) -> Option<String> {
    for reference in references.iter().filter_map(Json::as_str) {
        let Some(target) = address::reference_target(reference) else {
            continue;
        };
        let full = address::join(module, &target);
        let base = strip_instance(&full);
        let Some(instances) = overlay.instances.get(&base) else {
            continue;
        };
        if instances.contains(&full) {
            return Some(full);
        }
        if let [only] = instances.as_slice() {
            return Some(only.clone());
        }
        if let Some(key) = address::index_suffix(from) {
            let same_key = format!("{base}{key}");
            if instances.contains(&same_key) {
                return Some(same_key);
            }
        }
    }
    None
}

const MAX_DEPTH: usize = 64;

/// Puts unknowns where `after_unknown` says, referring to the resource the configuration
/// expression at the same path references.
fn mark_unknown(
    value: &mut Value,
    unknown: &Json,
    expression: Option<&Json>,
    resolve: &dyn Fn(&[Json]) -> Option<String>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match unknown {
        Json::Bool(true) => {
            let references = expression
                .and_then(|e| e.get("references"))
                .and_then(Json::as_array);
            *value = match references.and_then(|r| resolve(r)) {
                Some(target) => Value::unknown_ref(&target),
                None => Value::unknown(),
            };
        }
        Json::Object(fields) => {
            if !matches!(value, Value::Map(_)) {
                *value = Value::Map(BTreeMap::new());
            }
            if let Value::Map(map) = value {
                for (key, u) in fields {
                    if matches!(u, Json::Bool(false)) {
                        continue;
                    }
                    if !map.contains_key(key) && !contains_true(u) {
                        continue;
                    }
                    let child_expr = expression.and_then(|e| e.get(key));
                    let slot = map.entry(key.clone()).or_insert(Value::Null);
                    mark_unknown(slot, u, child_expr, resolve, depth + 1);
                }
            }
        }
        Json::Array(items) => {
            if !matches!(value, Value::List(_)) {
                if !contains_true(unknown) {
                    return;
                }
                *value = Value::List(Vec::new());
            }
            if let Value::List(list) = value {
                for (i, u) in items.iter().enumerate() {
                    if !contains_true(u) {
                        continue;
                    }
                    while list.len() <= i {
                        list.push(Value::Null);
                    }
                    let child_expr = match expression {
                        Some(Json::Array(e)) => e.get(i).or_else(|| e.first()),
                        other => other,
                    };
                    if let Some(slot) = list.get_mut(i) {
                        mark_unknown(slot, u, child_expr, resolve, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

fn contains_true(json: &Json) -> bool {
    match json {
        Json::Bool(b) => *b,
        Json::Array(items) => items.iter().any(contains_true),
        Json::Object(m) => m.values().any(contains_true),
        _ => false,
    }
}
