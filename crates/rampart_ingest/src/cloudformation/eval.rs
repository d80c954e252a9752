//! Evaluates template nodes as CloudFormation would at deploy time: parameters (default, a
//! `--var` override, or Unknown), pseudo-parameters, mappings, conditions and every intrinsic
//! function in its short (`!Sub`) and long (`Fn::Sub`) form.
//!
//! Must never: panic or recurse without bound on hostile input, or invent a value it cannot
//! know. `AWS::NoValue` is `None` (the property does not exist); what is known only at deploy
//! time is an unknown [`Hole`] that keeps the resource it derives from.

use super::ev::{Ev, EvKind, Hole};
use super::source::{Intrinsic, SourceText, entries, get, intrinsic, scalar_text, sequence};
use super::template::Template;
use crate::cycle_guard::{Cycle, CycleGuard};
use base64::Engine;
use rampart_model::{LoadError, Truth};
use saphyr::{MarkedYaml, Scalar, YamlData};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Deeper nesting than this is not evaluated (the value becomes unknown, with a warning).
const MAX_DEPTH: usize = 200;
/// Longest string `Fn::Join` and `Fn::Sub` build; longer is unknown (defaults that double a
/// string through each other would otherwise exhaust memory).
const MAX_TEXT_BYTES: usize = 1 << 20;

const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

pub struct Evaluator<'a, 'n, 'i> {
    pub src: &'a SourceText<'a>,
    pub template: &'a Template<'n, 'i>,
    /// Parameter values given by the user (`--var Name=value`).
    overrides: BTreeMap<String, String>,
    conditions: RefCell<BTreeMap<String, Truth>>,
    /// Parameter defaults and conditions being evaluated, innermost last: meeting one of them
    /// again is a cycle, which would otherwise recurse until the stack overflows.
    evaluating: CycleGuard<Link>,
    /// Evaluated parameter defaults: each is evaluated once, so defaults that use each other
    /// twice over do not take exponential time.
    defaults: RefCell<BTreeMap<String, Option<Ev>>>,
    /// Evaluated mapping values, by `map.top.second`, for the same reason (CloudFormation
    /// allows no intrinsic in `Mappings`, but a hostile template can nest `Fn::FindInMap`).
    mapped: RefCell<BTreeMap<String, Option<Ev>>>,
    warnings: RefCell<Vec<LoadError>>,
}

/// A named thing whose evaluation may lead back to itself.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Link {
    Parameter(String),
    Condition(String),
    /// `map.top.second`
    Mapping(String),
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Link::Parameter(name) => write!(f, "parameter `{name}`"),
            Link::Condition(name) => write!(f, "condition `{name}`"),
            Link::Mapping(path) => write!(f, "mapping value `{path}`"),
        }
    }
}

impl<'a, 'n, 'i> Evaluator<'a, 'n, 'i> {
    pub fn new(
        src: &'a SourceText<'a>,
        template: &'a Template<'n, 'i>,
        overrides: &[(String, String)],
    ) -> Self {
        Evaluator {
            src,
            template,
            overrides: overrides.iter().cloned().collect(),
            conditions: RefCell::default(),
            evaluating: CycleGuard::default(),
            defaults: RefCell::default(),
            mapped: RefCell::default(),
            warnings: RefCell::default(),
        }
    }

    pub fn into_warnings(self) -> Vec<LoadError> {
        self.warnings.into_inner()
    }

    /// Starts evaluating `link`; `false` (and the cycle reported once, as an error at `at`)
    /// when it is already being evaluated. Every `true` is followed by [`Self::leave`].
    fn enter(&self, link: Link, at: &MarkedYaml<'_>, what: &str) -> bool {
        let label = link.to_string();
        match self.evaluating.enter(link) {
            Ok(()) => true,
            Err(Cycle::Known) => false,
            Err(Cycle::New(via)) => {
                let (line, column) = self.src.position(at);
                self.warnings.borrow_mut().push(LoadError::error(
                    &*self.src.file,
                    line,
                    column,
                    format!(
                        "{label}'s {what} refers to itself via {via}; CloudFormation rejects such a template, and its value is unknown here"
                    ),
                ));
                false
            }
        }
    }

    fn leave(&self) {
        self.evaluating.leave();
    }

    pub fn warn(&self, node: &MarkedYaml<'_>, message: String) {
        let (line, column) = self.src.position(node);
        self.warnings
            .borrow_mut()
            .push(LoadError::warning(&*self.src.file, line, column, message));
    }

    /// The value of a node; `None` when it is (or resolves to) `AWS::NoValue`.
    pub fn eval(&self, node: &MarkedYaml<'_>) -> Option<Ev> {
        self.eval_at(node, 0)
    }

    fn eval_at(&self, node: &MarkedYaml<'_>, depth: usize) -> Option<Ev> {
        let range = self.src.range(node);
        if depth > MAX_DEPTH {
            self.warn(
                node,
                format!("nesting deeper than {MAX_DEPTH} levels is not evaluated"),
            );
            return Some(Ev::new(Ev::unknown(None, "(too deep)"), range));
        }
        if let Some((fun, arg)) = intrinsic(node, false) {
            return self.call(fun, node, arg, range, depth + 1);
        }
        let kind = match &node.data {
            // a dynamic reference is resolved from SSM or Secrets Manager at deploy time
            YamlData::Value(Scalar::String(s)) if s.contains("{{resolve:") => {
                Ev::unknown(None, s.to_string())
            }
            YamlData::Value(s) => scalar_kind(s),
            YamlData::Representation(s, _, _) => EvKind::Str(s.to_string()),
            YamlData::Sequence(items) => EvKind::List(
                items
                    .iter()
                    .filter_map(|i| self.eval_at(i, depth + 1))
                    .collect(),
            ),
            YamlData::Mapping(_) => {
                let mut map = BTreeMap::new();
                for (key, key_node, value) in entries(node) {
                    if let Some(mut ev) = self.eval_at(value, depth + 1) {
                        ev.span = self.src.entry_range(key_node, value);
                        map.insert(key, ev);
                    }
                }
                EvKind::Map(map)
            }
            // a tag that is not an intrinsic (`!!str`, a custom tag): its content
            YamlData::Tagged(_, inner) => {
                let mut ev = self.eval_at(inner, depth + 1)?;
                ev.span = range;
                return Some(ev);
            }
            YamlData::Alias(_) | YamlData::BadValue => Ev::unknown(None, "(unresolved)"),
        };
        Some(Ev::new(kind, range))
    }

    fn call(
        &self,
        fun: Intrinsic,
        node: &MarkedYaml<'_>,
        arg: &MarkedYaml<'_>,
        range: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Ev> {
        let unknown = |refers_to: Option<String>, text: String| {
            Some(Ev::new(Ev::unknown(refers_to, text), range.clone()))
        };
        match fun {
            Intrinsic::Ref => {
                let name = self
                    .eval_at(arg, depth)
                    .and_then(|e| e.as_str().map(String::from));
                let Some(name) = name else {
                    self.warn(
                        node,
                        "`Ref` needs the name of a parameter or resource".into(),
                    );
                    return unknown(None, "${Ref}".into());
                };
                self.reference(node, &name, range, depth)
            }
            Intrinsic::GetAtt => {
                let (resource, attribute) = match self.args(arg, depth).as_deref() {
                    Some([r, a, ..]) => (text_of(r), text_of(a)),
                    _ => match self.eval_at(arg, depth).as_ref().and_then(Ev::as_str) {
                        Some(s) => match s.split_once('.') {
                            Some((r, a)) => (Some(r.to_string()), Some(a.to_string())),
                            None => (Some(s.to_string()), None),
                        },
                        None => (None, None),
                    },
                };
                let Some(resource) = resource else {
                    self.warn(
                        node,
                        "`Fn::GetAtt` needs a resource and an attribute".into(),
                    );
                    return unknown(None, "${Fn::GetAtt}".into());
                };
                if !self.template.resource_ids.contains(&resource) {
                    self.warn(node, format!("`Fn::GetAtt` names `{resource}`, which is not a resource of this template"));
                }
                let attribute = attribute.unwrap_or_else(|| "?".into());
                unknown(
                    Some(resource.clone()),
                    format!("${{{resource}.{attribute}}}"),
                )
            }
            Intrinsic::Sub => self.sub(node, arg, range, depth),
            Intrinsic::Join => {
                let args = self.args(arg, depth);
                let (Some(delimiter), Some(list)) = (
                    args.as_ref().and_then(|a| a.first()).and_then(text_of),
                    args.as_ref().and_then(|a| a.get(1)),
                ) else {
                    self.warn(node, "`Fn::Join` needs a delimiter and a list".into());
                    return unknown(None, "${Fn::Join}".into());
                };
                match &list.kind {
                    EvKind::List(items) => {
                        let parts: Vec<Part> = items.iter().map(Part::of).collect();
                        Some(concat(&parts, &delimiter, range))
                    }
                    EvKind::Unknown(h) => unknown(None, format!("${{Fn::Join:{}}}", h.text)),
                    _ => {
                        self.warn(
                            node,
                            "`Fn::Join` needs a list as its second argument".into(),
                        );
                        unknown(None, "${Fn::Join}".into())
                    }
                }
            }
            Intrinsic::Select => {
                let args = self.args(arg, depth);
                let index = args
                    .as_ref()
                    .and_then(|a| a.first())
                    .and_then(|i| match &i.kind {
                        EvKind::Number(n) => Some(*n),
                        EvKind::Str(s) => s.trim().parse().ok(),
                        _ => None,
                    });
                let list = args.as_ref().and_then(|a| a.get(1));
                match (index, list.map(|l| &l.kind)) {
                    (Some(i), Some(EvKind::List(items))) if i >= 0.0 && i.fract() == 0.0 => {
                        match items.get(i as usize) {
                            Some(item) => {
                                let mut item = item.clone();
                                item.span = range;
                                Some(item)
                            }
                            None => {
                                self.warn(
                                    node,
                                    format!(
                                        "`Fn::Select` index {i} is past the end of a list of {}",
                                        items.len()
                                    ),
                                );
                                unknown(None, "${Fn::Select}".into())
                            }
                        }
                    }
                    (_, Some(EvKind::Unknown(h))) => {
                        unknown(None, format!("${{Fn::Select:{}}}", h.text))
                    }
                    _ => {
                        if !args.as_ref().is_some_and(|a| a.iter().any(Ev::is_unknown)) {
                            self.warn(node, "`Fn::Select` needs an index and a list".into());
                        }
                        unknown(None, "${Fn::Select}".into())
                    }
                }
            }
            Intrinsic::Split => {
                let args = self.args(arg, depth);
                let delimiter = args.as_ref().and_then(|a| a.first()).and_then(text_of);
                let source = args.as_ref().and_then(|a| a.get(1));
                match (delimiter, source.map(|s| &s.kind)) {
                    (Some(d), Some(EvKind::Str(s))) if !d.is_empty() => Some(Ev::new(
                        EvKind::List(
                            s.split(d.as_str())
                                .map(|p| Ev::new(EvKind::Str(p.to_string()), range.clone()))
                                .collect(),
                        ),
                        range,
                    )),
                    (_, Some(EvKind::Unknown(h))) => {
                        unknown(None, format!("${{Fn::Split:{}}}", h.text))
                    }
                    _ => {
                        self.warn(node, "`Fn::Split` needs a delimiter and a string".into());
                        unknown(None, "${Fn::Split}".into())
                    }
                }
            }
            Intrinsic::FindInMap => self.find_in_map(node, arg, range, depth),
            Intrinsic::If => {
                let items = sequence(arg).unwrap_or(&[]);
                let [condition, when_true, when_false] = items else {
                    self.warn(
                        node,
                        "`Fn::If` needs a condition name and two values".into(),
                    );
                    return unknown(None, "${Fn::If}".into());
                };
                let truth = match self.eval_at(condition, depth).as_ref().and_then(Ev::as_str) {
                    Some(name) => self.condition(condition, name),
                    None => self.condition_node(condition, depth),
                };
                match truth {
                    Truth::True => self.branch(when_true, range, depth),
                    Truth::False => self.branch(when_false, range, depth),
                    Truth::Unknown => {
                        let a = self.branch(when_true, range.clone(), depth);
                        let b = self.branch(when_false, range.clone(), depth);
                        match (a, b) {
                            (Some(a), Some(b)) if a.kind == b.kind => Some(a),
                            (a, b) => {
                                let refers = |e: &Option<Ev>| match e.as_ref().map(|e| &e.kind) {
                                    Some(EvKind::Unknown(h)) => h.refers_to.clone(),
                                    _ => None,
                                };
                                let r = refers(&a).filter(|r| refers(&b).as_ref() == Some(r));
                                unknown(r, "${Fn::If}".into())
                            }
                        }
                    }
                }
            }
            Intrinsic::Equals
            | Intrinsic::And
            | Intrinsic::Or
            | Intrinsic::Not
            | Intrinsic::Condition => {
                let kind = match self.condition_node(node, depth) {
                    Truth::True => EvKind::Bool(true),
                    Truth::False => EvKind::Bool(false),
                    Truth::Unknown => Ev::unknown(None, "${Condition}"),
                };
                Some(Ev::new(kind, range))
            }
            Intrinsic::Base64 => {
                let inner = self.eval_at(arg, depth)?;
                match inner.text() {
                    Some(Ok(plain)) => {
                        let encoded =
                            base64::engine::general_purpose::STANDARD.encode(plain.as_bytes());
                        let mut ev = Ev::new(EvKind::Str(encoded), range);
                        ev.base64_of = Some(plain);
                        Some(ev)
                    }
                    Some(Err(h)) => {
                        unknown(h.refers_to.clone(), format!("${{Fn::Base64:{}}}", h.text))
                    }
                    None => {
                        self.warn(node, "`Fn::Base64` needs a string".into());
                        unknown(None, "${Fn::Base64}".into())
                    }
                }
            }
            Intrinsic::GetAZs => unknown(None, "${Fn::GetAZs}".into()),
            Intrinsic::ImportValue => {
                let name = self.eval_at(arg, depth).and_then(|e| {
                    e.text().map(|t| match t {
                        Ok(s) => s,
                        Err(h) => h.text.clone(),
                    })
                });
                unknown(
                    None,
                    format!("${{ImportValue:{}}}", name.unwrap_or_default()),
                )
            }
            Intrinsic::Cidr => self.cidr(node, arg, range, depth),
            Intrinsic::Transform => unknown(None, "${Fn::Transform}".into()),
            Intrinsic::ToJsonString => {
                let inner = self.eval_at(arg, depth)?;
                if inner.contains_unknown() {
                    return unknown(None, inner.to_json_with_placeholders().to_string());
                }
                let json = inner.to_json_with_placeholders().to_string();
                Some(Ev::new(EvKind::Str(json), range))
            }
            Intrinsic::Length => match self.eval_at(arg, depth).map(|e| e.kind) {
                Some(EvKind::List(items)) => {
                    Some(Ev::new(EvKind::Number(items.len() as f64), range))
                }
                _ => unknown(None, "${Fn::Length}".into()),
            },
            Intrinsic::Other(name) => {
                self.warn(
                    node,
                    format!(
                        "`Fn::{name}` is not a function Rampart evaluates; its value is unknown"
                    ),
                );
                unknown(None, format!("${{Fn::{name}}}"))
            }
        }
    }

    fn branch(
        &self,
        node: &MarkedYaml<'_>,
        range: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Ev> {
        let mut ev = self.eval_at(node, depth)?;
        if ev.span.is_none() {
            ev.span = range;
        }
        Some(ev)
    }

    /// Evaluated arguments of a list-form call; `None` when the argument is not a list.
    fn args(&self, arg: &MarkedYaml<'_>, depth: usize) -> Option<Vec<Ev>> {
        sequence(arg).map(|items| {
            items
                .iter()
                .map(|i| {
                    self.eval_at(i, depth)
                        .unwrap_or_else(|| Ev::new(EvKind::Null, None))
                })
                .collect()
        })
    }

    /// `Ref` to a parameter, pseudo-parameter or resource.
    fn reference(
        &self,
        node: &MarkedYaml<'_>,
        name: &str,
        range: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Ev> {
        if name == "AWS::NoValue" {
            return None;
        }
        if PSEUDO_PARAMETERS.contains(&name) {
            return Some(Ev::new(Ev::unknown(None, format!("${{{name}}}")), range));
        }
        if let Some(ev) = self.parameter(name, range.clone(), depth) {
            return Some(ev);
        }
        if self.template.resource_ids.contains(name) {
            return Some(Ev::new(
                Ev::unknown(Some(name.to_string()), format!("${{{name}}}")),
                range,
            ));
        }
        self.warn(
            node,
            format!(
                "`Ref` to `{name}`, which is neither a parameter nor a resource of this template"
            ),
        );
        Some(Ev::new(Ev::unknown(None, format!("${{{name}}}")), range))
    }

    /// A parameter's value: `--var` override, else its default, else unknown.
    fn parameter(&self, name: &str, range: Option<Range<usize>>, depth: usize) -> Option<Ev> {
        let p = self.template.parameters.get(name)?;
        let is_list = p.kind.starts_with("List<") || p.kind == "CommaDelimitedList";
        let split = |s: &str, from: Option<Range<usize>>| {
            let items = s
                .split(',')
                .map(|i| {
                    let mut e = Ev::new(EvKind::Str(i.trim().to_string()), range.clone());
                    e.from = from.clone();
                    e
                })
                .collect();
            let mut ev = Ev::new(EvKind::List(items), range.clone());
            ev.from = from;
            ev
        };
        if let Some(v) = self.overrides.get(name) {
            return Some(if is_list {
                split(v, None)
            } else {
                Ev::new(EvKind::Str(v.clone()), range)
            });
        }
        if p.kind.starts_with("AWS::SSM::Parameter::Value") {
            return Some(Ev::new(Ev::unknown(None, format!("${{{name}}}")), range));
        }
        let Some(default) = p.default else {
            return Some(Ev::new(Ev::unknown(None, format!("${{{name}}}")), range));
        };
        let from = self.src.range(default);
        if let Some(s) = scalar_text(default).filter(|_| is_list) {
            return Some(split(&s, from));
        }
        let cached = self.defaults.borrow().get(name).cloned();
        let ev = match cached {
            Some(ev) => ev,
            None => {
                if !self.enter(Link::Parameter(name.to_string()), default, "default") {
                    return Some(Ev::new(Ev::unknown(None, format!("${{{name}}}")), range));
                }
                // the depth goes on from the `Ref`: a chain of defaults is nesting like any other
                let ev = self.eval_at(default, depth + 1);
                self.leave();
                self.defaults
                    .borrow_mut()
                    .insert(name.to_string(), ev.clone());
                ev
            }
        };
        let mut ev = ev?;
        ev.span = range;
        ev.from = from;
        Some(ev)
    }

    fn sub(
        &self,
        node: &MarkedYaml<'_>,
        arg: &MarkedYaml<'_>,
        range: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Ev> {
        let (template_node, vars_node) = match sequence(arg) {
            Some([t, v, ..]) => (t, Some(v)),
            Some([t]) => (t, None),
            _ => (arg, None),
        };
        let Some(template) = scalar_text(template_node) else {
            self.warn(node, "`Fn::Sub` needs a string".into());
            return Some(Ev::new(Ev::unknown(None, "${Fn::Sub}"), range));
        };
        let mut vars: BTreeMap<String, Ev> = BTreeMap::new();
        if let Some(v) = vars_node {
            for (k, _, n) in entries(v) {
                if let Some(ev) = self.eval_at(n, depth) {
                    vars.insert(k, ev);
                }
            }
        }
        let mut parts = Vec::new();
        let mut rest = template.as_str();
        while let Some(start) = rest.find("${") {
            parts.push(Part::Text(rest[..start].to_string()));
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                parts.push(Part::Text(rest[start..].to_string()));
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                parts.push(Part::Text(format!("${{{literal}}}")));
                continue;
            }
            let name = name.trim();
            if let Some(v) = vars.get(name) {
                parts.push(Part::of(v));
            } else if let Some((resource, attribute)) = name
                .split_once('.')
                .filter(|(r, _)| self.template.resource_ids.contains(*r))
            {
                parts.push(Part::Hole(Hole {
                    refers_to: Some(resource.to_string()),
                    text: format!("${{{resource}.{attribute}}}"),
                }));
            } else {
                match self.reference(node, name, range.clone(), depth) {
                    Some(ev) => parts.push(Part::of(&ev)),
                    None => parts.push(Part::Text(String::new())),
                }
            }
        }
        parts.push(Part::Text(rest.to_string()));
        Some(concat(&parts, "", range))
    }

    fn find_in_map(
        &self,
        node: &MarkedYaml<'_>,
        arg: &MarkedYaml<'_>,
        range: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Ev> {
        let items = sequence(arg).unwrap_or(&[]);
        let keys: Vec<Option<Result<String, Hole>>> = items
            .iter()
            .take(3)
            .map(|i| {
                self.eval_at(i, depth)
                    .and_then(|e| e.text().map(|t| t.map_err(Hole::clone)))
            })
            .collect();
        let default = items.get(3).and_then(|d| get(d, "DefaultValue"));
        let [Some(a), Some(b), Some(c)] = keys.as_slice() else {
            self.warn(node, "`Fn::FindInMap` needs a map name and two keys".into());
            return Some(Ev::new(Ev::unknown(None, "${Fn::FindInMap}"), range));
        };
        let (Ok(map), Ok(top), Ok(second)) = (a, b, c) else {
            return Some(Ev::new(Ev::unknown(None, "${Fn::FindInMap}"), range));
        };
        let leaf = self
            .template
            .mappings
            .and_then(|m| get(m, map))
            .and_then(|m| get(m, top))
            .and_then(|m| get(m, second));
        match (leaf, default) {
            (Some(leaf), _) => {
                let path = format!("{map}.{top}.{second}");
                let cached = self.mapped.borrow().get(&path).cloned();
                let ev = match cached {
                    Some(ev) => ev,
                    None => {
                        if !self.enter(Link::Mapping(path.clone()), leaf, "definition") {
                            return Some(Ev::new(Ev::unknown(None, format!("${{{path}}}")), range));
                        }
                        let ev = self.eval_at(leaf, depth);
                        self.leave();
                        self.mapped.borrow_mut().insert(path, ev.clone());
                        ev
                    }
                };
                let mut ev = ev?;
                ev.from = ev.span.take();
                ev.span = range;
                Some(ev)
            }
            (None, Some(default)) => self.branch(default, range, depth),
            (None, None) => {
                self.warn(
                    node,
                    format!("`Fn::FindInMap` finds no `{map}.{top}.{second}` in `Mappings`"),
                );
                Some(Ev::new(
                    Ev::unknown(None, format!("${{{map}.{top}.{second}}}")),
                    range,
                ))
            }
        }
    }

    fn cidr(
        &self,
        node: &MarkedYaml<'_>,
        arg: &MarkedYaml<'_>,
        range: Option<Range<usize>>,
        depth: usize,
    ) -> Option<Ev> {
        let args = self.args(arg, depth).unwrap_or_default();
        let text = |i: usize| args.get(i).and_then(text_of);
        if args.iter().any(Ev::is_unknown) {
            return Some(Ev::new(Ev::unknown(None, "${Fn::Cidr}"), range));
        }
        let parsed = (
            text(0).and_then(|b| b.trim().parse::<ipnet::IpNet>().ok()),
            text(1).and_then(|c| c.trim().parse::<usize>().ok()),
            text(2).and_then(|b| b.trim().parse::<u8>().ok()),
        );
        let (Some(block), Some(count), Some(bits)) = parsed else {
            self.warn(
                node,
                "`Fn::Cidr` needs an address block, a count and a number of host bits".into(),
            );
            return Some(Ev::new(Ev::unknown(None, "${Fn::Cidr}"), range));
        };
        let prefix = block.max_prefix_len().checked_sub(bits);
        let subnets = prefix
            .filter(|p| *p >= block.prefix_len())
            .and_then(|p| block.subnets(p).ok());
        let Some(subnets) = subnets else {
            self.warn(
                node,
                format!(
                    "`Fn::Cidr` cannot cut /{} subnets with {bits} host bits from `{block}`",
                    block.prefix_len()
                ),
            );
            return Some(Ev::new(Ev::unknown(None, "${Fn::Cidr}"), range));
        };
        let items = subnets
            .take(count.min(256))
            .map(|n| Ev::new(EvKind::Str(n.to_string()), range.clone()))
            .collect();
        Some(Ev::new(EvKind::List(items), range))
    }

    /// Truth of a named condition from the `Conditions` section (cached, cycle-safe).
    pub fn condition(&self, at: &MarkedYaml<'_>, name: &str) -> Truth {
        if let Some(t) = self.conditions.borrow().get(name) {
            return *t;
        }
        let Some(node) = self.template.conditions.get(name).copied() else {
            self.warn(
                at,
                format!("condition `{name}` is not defined in `Conditions`"),
            );
            return Truth::Unknown;
        };
        if !self.enter(Link::Condition(name.to_string()), node, "definition") {
            return Truth::Unknown;
        }
        let truth = self.condition_node(node, self.evaluating.depth());
        self.leave();
        self.conditions.borrow_mut().insert(name.to_string(), truth);
        truth
    }

    /// Truth of a condition expression (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`,
    /// `Condition`, or a literal boolean).
    fn condition_node(&self, node: &MarkedYaml<'_>, depth: usize) -> Truth {
        if depth > MAX_DEPTH {
            return Truth::Unknown;
        }
        let Some((fun, arg)) = intrinsic(node, true) else {
            return match self.eval_at(node, depth).map(|e| e.kind) {
                Some(EvKind::Bool(b)) => Truth::from_bool(b),
                Some(EvKind::Str(s)) if s.eq_ignore_ascii_case("true") => Truth::True,
                Some(EvKind::Str(s)) if s.eq_ignore_ascii_case("false") => Truth::False,
                _ => Truth::Unknown,
            };
        };
        let operands = || sequence(arg).unwrap_or(&[]);
        match fun {
            Intrinsic::Equals => {
                let [a, b] = operands() else {
                    self.warn(node, "`Fn::Equals` needs two values".into());
                    return Truth::Unknown;
                };
                match (self.eval_at(a, depth + 1), self.eval_at(b, depth + 1)) {
                    (Some(a), Some(b)) if a.contains_unknown() || b.contains_unknown() => {
                        Truth::Unknown
                    }
                    (Some(a), Some(b)) => Truth::from_bool(match (a.text(), b.text()) {
                        (Some(Ok(x)), Some(Ok(y))) => x == y,
                        _ => a.to_json_with_placeholders() == b.to_json_with_placeholders(),
                    }),
                    (None, None) => Truth::True,
                    _ => Truth::False,
                }
            }
            Intrinsic::And => operands()
                .iter()
                .map(|c| self.condition_node(c, depth + 1))
                .fold(Truth::True, Truth::and),
            Intrinsic::Or => operands()
                .iter()
                .map(|c| self.condition_node(c, depth + 1))
                .fold(Truth::False, Truth::or),
            Intrinsic::Not => match operands() {
                [c] => self.condition_node(c, depth + 1).not(),
                _ => self.condition_node(arg, depth + 1).not(),
            },
            Intrinsic::Condition => match scalar_text(arg) {
                Some(name) => self.condition(node, &name),
                None => Truth::Unknown,
            },
            _ => match self.call(fun, node, arg, None, depth + 1).map(|e| e.kind) {
                Some(EvKind::Bool(b)) => Truth::from_bool(b),
                _ => Truth::Unknown,
            },
        }
    }
}

fn scalar_kind(s: &Scalar<'_>) -> EvKind {
    match s {
        Scalar::Null => EvKind::Null,
        Scalar::Boolean(b) => EvKind::Bool(*b),
        Scalar::Integer(i) => EvKind::Number(*i as f64),
        Scalar::FloatingPoint(f) => EvKind::Number(f.into_inner()),
        Scalar::String(s) => EvKind::Str(s.to_string()),
    }
}

fn text_of(ev: &Ev) -> Option<String> {
    match ev.text() {
        Some(Ok(s)) => Some(s),
        _ => None,
    }
}

/// A piece of a string being built by `Fn::Sub` or `Fn::Join`.
enum Part {
    Text(String),
    Hole(Hole),
}

impl Part {
    fn of(ev: &Ev) -> Part {
        match ev.text() {
            Some(Ok(s)) => Part::Text(s),
            Some(Err(h)) => Part::Hole(h.clone()),
            None => Part::Hole(Hole {
                refers_to: None,
                text: ev.to_json_with_placeholders().to_string(),
            }),
        }
    }
}

/// Joins pieces: a known string, or an unknown whose placeholder keeps the known text and which
/// refers to a resource when exactly one resource contributes to it.
fn concat(parts: &[Part], delimiter: &str, range: Option<Range<usize>>) -> Ev {
    let mut text = String::new();
    let mut holes = 0;
    let mut refers: BTreeSet<&str> = BTreeSet::new();
    for (i, p) in parts.iter().enumerate() {
        if text.len() > MAX_TEXT_BYTES {
            return Ev::new(Ev::unknown(None, "(too long)"), range);
        }
        if i > 0 {
            text.push_str(delimiter);
        }
        match p {
            Part::Text(s) => text.push_str(s),
            Part::Hole(h) => {
                holes += 1;
                text.push_str(&h.text);
                if let Some(r) = &h.refers_to {
                    refers.insert(r);
                }
            }
        }
    }
    if holes == 0 {
        return Ev::new(EvKind::Str(text), range);
    }
    let refers_to = (refers.len() == 1)
        .then(|| refers.first().map(|s| s.to_string()))
        .flatten();
    Ev::new(EvKind::Unknown(Hole { refers_to, text }), range)
}
