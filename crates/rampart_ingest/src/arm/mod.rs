//! The ARM template loader: a JSON deployment template (`$schema` naming
//! `deploymentTemplate`) becomes `azurerm_*` resources in Terraform vocabulary, so the Azure
//! rules run on it unchanged. The JSON is parsed by saphyr, which keeps line, column and byte
//! spans; parameters (defaults), variables, `condition` and template expressions are evaluated
//! (see [`expr`]); nested child resources are flattened with their full type and name. The
//! type table is in [`mapping`] and documented in `docs/arm.md`.
//!
//! A resource's address is its evaluated `name`; when two resources of one template share a
//! name, both are addressed `type/name`.
//!
//! Must never: panic on any input, report a value it could not evaluate as known, or point an
//! attribute at a line that did not produce it.

pub mod expr;
pub mod mapping;

use crate::cloudformation::ev::{Ev, EvKind, Hole};
use crate::cloudformation::source::{SourceText, entries, get, get_entry, scalar_text, sequence};
use crate::cycle_guard::{Cycle, CycleGuard};
use expr::{Scope, Val};
use rampart_model::{LoadError, Origin, Resource, SourceFormat, SourceNames, Value};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// Whether parsed JSON is an ARM deployment template.
pub fn is_template(json: &serde_json::Value) -> bool {
    json.get("$schema")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|s| s.contains("deploymentTemplate"))
}

/// Loads one ARM template given as text. Syntax errors are one error with file:line:col;
/// values that cannot be evaluated are Unknown with a warning.
pub fn load_text(file: &Arc<str>, text: &str) -> (Vec<Resource>, Vec<LoadError>) {
    let skipped = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(skipped..).unwrap_or("");
    if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
        let message = crate::yaml_spans::json_problem(&e);
        let (line, column) = crate::yaml_spans::json_position(&e);
        return (
            Vec::new(),
            vec![LoadError::error(
                &**file,
                line,
                column,
                format!(
                    "invalid JSON in ARM template: {message}; fix the syntax so the file can be scanned"
                ),
            )],
        );
    }
    let docs = match MarkedYaml::load_from_str(body) {
        Ok(docs) => docs,
        Err(e) => {
            let marker = e.marker();
            return (
                Vec::new(),
                vec![LoadError::error(
                    &**file,
                    marker.line() as u32,
                    marker.col() as u32 + 1,
                    format!(
                        "invalid JSON in ARM template: {}; fix the syntax so the file can be scanned",
                        crate::yaml_spans::syntax_problem(&e, body)
                    ),
                )],
            );
        }
    };
    let Some(root) = docs.first() else {
        return (Vec::new(), Vec::new());
    };
    let src = SourceText::new(file.clone(), text, skipped);
    load_template(&src, root)
}

/// One resource declaration, nested children flattened.
struct Decl<'n, 'i> {
    node: &'n MarkedYaml<'i>,
    resource_type: String,
    /// The evaluated full name (`server/firewallRule`), or the raw text when unknown.
    name: String,
    name_known: bool,
}

/// Template-wide lookups for expressions.
struct Template<'n, 'i> {
    src: &'n SourceText<'n>,
    parameters: BTreeMap<String, &'n MarkedYaml<'i>>,
    variables: BTreeMap<String, &'n MarkedYaml<'i>>,
    /// (lowercased type, name) → address.
    addresses: HashMap<(String, String), String>,
    warnings: RefCell<Vec<LoadError>>,
    /// Parameters and variables being evaluated: one met again is a cycle, reported once.
    evaluating: CycleGuard<Named>,
    /// Values of parameters and variables already evaluated: each is evaluated once, so
    /// variables that use each other twice over do not take exponential time.
    values: RefCell<HashMap<Named, Val>>,
}

/// A parameter or variable, whose value may refer back to itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Named {
    Parameter(String),
    Variable(String),
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Named::Parameter(name) => write!(f, "parameter `{name}`"),
            Named::Variable(name) => write!(f, "variable `{name}`"),
        }
    }
}

impl Scope for Template<'_, '_> {
    fn parameter(&self, name: &str, depth: usize) -> Val {
        let default = self
            .parameters
            .get(name)
            .and_then(|decl| get(decl, "defaultValue"));
        match default {
            Some(default) => self.named_val(Named::Parameter(name.into()), default, depth),
            None => Val::unknown(),
        }
    }
    fn variable(&self, name: &str, depth: usize) -> Val {
        match self.variables.get(name) {
            Some(node) => self.named_val(Named::Variable(name.into()), node, depth),
            None => Val::unknown(),
        }
    }
    fn resource_address(&self, resource_type: &str, name: &str) -> Option<String> {
        self.addresses
            .get(&(resource_type.to_ascii_lowercase(), name.to_string()))
            .cloned()
    }
}

impl<'n, 'i> Template<'n, 'i> {
    /// The value of a parameter's default or a variable, evaluated once; Unknown, with one
    /// error at `node`, when it refers to itself.
    fn named_val(&self, named: Named, node: &MarkedYaml<'_>, depth: usize) -> Val {
        if let Some(v) = self.values.borrow().get(&named) {
            return v.clone();
        }
        let label = named.to_string();
        match self.evaluating.enter(named.clone()) {
            Ok(()) => {}
            Err(Cycle::Known) => return Val::unknown(),
            Err(Cycle::New(via)) => {
                let what = match named {
                    Named::Parameter(_) => "'s default",
                    Named::Variable(_) => "",
                };
                let (line, column) = self.src.position(node);
                self.warnings.borrow_mut().push(LoadError::error(
                    &*self.src.file,
                    line,
                    column,
                    format!(
                        "{label}{what} refers to itself via {via}; Azure rejects such a template, and its value is unknown here"
                    ),
                ));
                return Val::unknown();
            }
        }
        let v = self.json_val(node, depth);
        self.evaluating.leave();
        // kept even when a cycle made it unknown: whatever met the cycle depends on it
        self.values.borrow_mut().insert(named, v.clone());
        v
    }

    fn warn(&self, node: &MarkedYaml<'_>, message: String) {
        let (line, column) = self.src.position(node);
        self.warnings
            .borrow_mut()
            .push(LoadError::warning(&*self.src.file, line, column, message));
    }

    /// A string: the literal, or the value of the expression it holds.
    fn string_val(&self, node: &MarkedYaml<'_>, s: &str, depth: usize) -> Val {
        if !expr::is_expression(s) {
            return Val::Str(expr::literal(s));
        }
        match expr::parse(s) {
            Ok(e) => expr::eval(&e, self, depth),
            Err(why) => {
                self.warn(
                    node,
                    format!(
                        "template expression `{s}` is not understood ({why}); its value is unknown"
                    ),
                );
                Val::unknown()
            }
        }
    }

    /// A JSON node as a value, expressions evaluated (parameter defaults, variables).
    fn json_val(&self, node: &MarkedYaml<'_>, depth: usize) -> Val {
        if depth > expr::MAX_DEPTH {
            return Val::unknown();
        }
        match &node.data {
            YamlData::Value(Scalar::String(s)) => self.string_val(node, s, depth),
            YamlData::Value(Scalar::Boolean(b)) => Val::Bool(*b),
            YamlData::Value(Scalar::Integer(i)) => Val::Num(*i as f64),
            YamlData::Value(Scalar::FloatingPoint(f)) => Val::Num(f.into_inner()),
            YamlData::Value(Scalar::Null) => Val::Null,
            YamlData::Representation(s, _, _) => Val::Str(s.to_string()),
            YamlData::Sequence(items) => {
                Val::List(items.iter().map(|i| self.json_val(i, depth + 1)).collect())
            }
            YamlData::Mapping(_) => Val::Map(
                entries(node)
                    .map(|(k, _, v)| (k, self.json_val(v, depth + 1)))
                    .collect(),
            ),
            _ => Val::unknown(),
        }
    }

    /// A JSON node as an [`Ev`] with spans: map entries span `"key": value`; an expression's
    /// value points at the string that holds it, and at the parameter default it came from.
    fn ev(&self, node: &MarkedYaml<'_>, depth: usize) -> Ev {
        let range = self.src.range(node);
        if depth > expr::MAX_DEPTH {
            return Ev::new(Ev::unknown(None, "(too deep)"), range);
        }
        match &node.data {
            YamlData::Sequence(items) => Ev::new(
                EvKind::List(items.iter().map(|i| self.ev(i, depth + 1)).collect()),
                range,
            ),
            YamlData::Mapping(_) => {
                let mut map = BTreeMap::new();
                for (key, key_node, value) in entries(node) {
                    let mut ev = self.ev(value, depth + 1);
                    ev.span = self.src.entry_range(key_node, value);
                    map.insert(key, ev);
                }
                Ev::new(EvKind::Map(map), range)
            }
            YamlData::Value(Scalar::String(s)) if expr::is_expression(s) => {
                let mut ev = val_to_ev(self.string_val(node, s, depth), range, s);
                ev.from = self.parameter_default_range(s);
                ev
            }
            _ => val_to_ev(self.json_val(node, depth), range, ""),
        }
    }

    /// Where the value of `[parameters('x')]` was written: the parameter's default.
    fn parameter_default_range(&self, text: &str) -> Option<Range<usize>> {
        let Ok(expr::Expr::Call { name, args }) = expr::parse(text) else {
            return None;
        };
        let [expr::Expr::Str(param)] = args.as_slice() else {
            return None;
        };
        if !name.eq_ignore_ascii_case("parameters") {
            return None;
        }
        let (_, default) = get_entry(self.parameters.get(param)?, "defaultValue")?;
        self.src.range(default)
    }
}

fn val_to_ev(v: Val, span: Option<Range<usize>>, text: &str) -> Ev {
    let kind = match v {
        Val::Null => EvKind::Null,
        Val::Bool(b) => EvKind::Bool(b),
        Val::Num(n) => EvKind::Number(n),
        Val::Str(s) => EvKind::Str(s),
        Val::List(items) => EvKind::List(
            items
                .into_iter()
                .map(|i| val_to_ev(i, span.clone(), text))
                .collect(),
        ),
        Val::Map(m) => EvKind::Map(
            m.into_iter()
                .map(|(k, v)| (k, val_to_ev(v, span.clone(), text)))
                .collect(),
        ),
        Val::Unknown { refers_to } => EvKind::Unknown(Hole {
            refers_to,
            text: text.to_string(),
        }),
    };
    Ev::new(kind, span)
}

fn load_template(src: &SourceText<'_>, root: &MarkedYaml<'_>) -> (Vec<Resource>, Vec<LoadError>) {
    let named = |key: &str| -> BTreeMap<String, &MarkedYaml<'_>> {
        get(root, key)
            .map(|m| entries(m).map(|(k, _, v)| (k, v)).collect())
            .unwrap_or_default()
    };
    let mut template = Template {
        src,
        parameters: named("parameters"),
        variables: named("variables"),
        addresses: HashMap::new(),
        warnings: RefCell::new(Vec::new()),
        evaluating: CycleGuard::default(),
        values: RefCell::new(HashMap::new()),
    };
    let mut decls = Vec::new();
    if let Some(list) = get(root, "resources").and_then(sequence) {
        for node in list {
            flatten(&template, node, None, &mut decls, 0);
        }
    }
    // addresses: the name, or `type/name` where names collide
    let mut count: HashMap<&str, usize> = HashMap::new();
    for d in &decls {
        *count.entry(d.name.as_str()).or_default() += 1;
    }
    let address_of = |d: &Decl<'_, '_>| {
        if count.get(d.name.as_str()).copied().unwrap_or(0) > 1 {
            format!("{}/{}", d.resource_type, d.name)
        } else {
            d.name.clone()
        }
    };
    for d in decls.iter().filter(|d| d.name_known) {
        template.addresses.insert(
            (d.resource_type.to_ascii_lowercase(), d.name.clone()),
            address_of(d),
        );
    }
    let mut resources = Vec::new();
    for d in &decls {
        if get(d.node, "condition").is_some_and(|c| template.json_val(c, 0) == Val::Bool(false)) {
            continue;
        }
        let address = address_of(d);
        let props = get(d.node, "properties").map(|p| template.ev(p, 0));
        let top: BTreeMap<String, Ev> = entries(d.node)
            .filter(|(k, _, _)| k != "properties" && k != "resources")
            .map(|(k, key, v)| {
                let mut ev = template.ev(v, 0);
                ev.span = src.entry_range(key, v);
                (k, ev)
            })
            .collect();
        let origin = src.range(d.node);
        let parent_address = d
            .resource_type
            .rsplit_once('/')
            .and_then(|(parent_type, _)| {
                let (parent_name, _) = d.name.rsplit_once('/')?;
                template.resource_address(parent_type, parent_name)
            });
        let draft = mapping::map_resource(&mapping::ArmResource {
            resource_type: &d.resource_type,
            address: &address,
            name: &d.name,
            top: &top,
            props: props.as_ref(),
            origin: origin.clone(),
            parent_address,
        });
        let mut r = Resource::new(
            draft.kind.clone(),
            address.clone(),
            Origin::Code {
                span: src.span(&origin.clone().unwrap_or(0..0)),
            },
        );
        r.name = d.name.rsplit('/').next().unwrap_or(&d.name).to_string();
        r.format = SourceFormat::Arm;
        r.source_names = Some(Box::new(SourceNames {
            kind: d.resource_type.clone(),
            name: d.name.clone(),
            split_off: None,
        }));
        r.attributes = draft.attributes;
        r.attribute_spans = draft
            .spans
            .iter()
            .map(|(k, v)| (k.clone(), src.span(v)))
            .collect();
        r.value_origins = draft
            .value_origins
            .iter()
            .map(|(k, v)| (k.clone(), src.span(v)))
            .collect();
        if !r.attributes.contains_key("name") {
            r.attributes
                .insert("name".into(), Value::String(r.name.clone()));
        }
        resources.push(r);
    }
    let warnings = std::mem::take(&mut *template.warnings.borrow_mut());
    (resources, warnings)
}

/// Adds a declaration and its nested `resources`, giving children their full type and name.
fn flatten<'n, 'i>(
    template: &Template<'n, 'i>,
    node: &'n MarkedYaml<'i>,
    parent: Option<(&str, &str)>,
    out: &mut Vec<Decl<'n, 'i>>,
    depth: usize,
) {
    if depth > 8 {
        template.warn(
            node,
            "child resources nested deeper than 8 levels are skipped".into(),
        );
        return;
    }
    let Some(own_type) = get(node, "type").and_then(scalar_text) else {
        template.warn(node, "resource has no `type`; it is skipped".into());
        return;
    };
    let (name, name_known) = match get(node, "name") {
        Some(n) => match template.json_val(n, 0) {
            Val::Str(s) => (s, true),
            _ => (scalar_text(n).unwrap_or_default(), false),
        },
        None => (String::new(), false),
    };
    let (resource_type, name) = match parent {
        Some((ptype, pname)) => (
            if own_type.contains('/') {
                own_type.clone()
            } else {
                format!("{ptype}/{own_type}")
            },
            if name.contains('/') {
                name
            } else {
                format!("{pname}/{name}")
            },
        ),
        None => (own_type, name),
    };
    let children = get(node, "resources").and_then(sequence);
    out.push(Decl {
        node,
        resource_type: resource_type.clone(),
        name: name.clone(),
        name_known,
    });
    for child in children.unwrap_or(&[]) {
        flatten(
            template,
            child,
            Some((&resource_type, &name)),
            out,
            depth + 1,
        );
    }
}
