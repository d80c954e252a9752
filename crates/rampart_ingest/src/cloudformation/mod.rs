//! The CloudFormation loader: a YAML or JSON template (parsed by saphyr, so every node has a
//! line, column and byte span) becomes resources in Terraform vocabulary (DESIGN.md "One model,
//! many sources"). Parameters, mappings, conditions and intrinsics are evaluated as
//! CloudFormation would; a resource whose `Condition` is false does not exist; settings that
//! Terraform keeps in separate resources become separate resources related to their owner.
//!
//! Must never: panic on any template, stop at the first problem (unresolvable values are
//! Unknown with a warning), or point an attribute at a line that did not produce it.

pub mod ev;
pub mod eval;
pub mod mapping;
pub mod reverse;
pub mod source;
pub mod template;

use crate::LoadOptions;
use ev::{Ev, EvKind};
use eval::Evaluator;
use mapping::{Draft, Mapped};
use rampart_model::{
    LoadError, Origin, Resource, SourceFormat, SourceNames, Span, Suppression, Truth,
};
use saphyr::MarkedYaml;
use source::{SourceText, get, get_entry, scalar_text, sequence};
use std::collections::BTreeMap;
use template::Template;

pub use template::is_template;

/// Loads one parsed template. `src` carries the file name and text for spans.
pub fn load_template(
    src: &SourceText<'_>,
    root: &MarkedYaml<'_>,
    options: &LoadOptions,
) -> (Vec<Resource>, Vec<LoadError>) {
    let template = Template::read(root);
    let evaluator = Evaluator::new(src, &template, &options.vars);
    let mut groups: Vec<Vec<Resource>> = Vec::new();
    for decl in &template.resources {
        let Some(cfn_type) = get(decl.node, "Type").and_then(scalar_text) else {
            evaluator.warn(
                decl.key,
                format!(
                    "resource `{}` has no `Type`; it is skipped",
                    decl.logical_id
                ),
            );
            continue;
        };
        if let Some(condition) = get(decl.node, "Condition") {
            let truth = match scalar_text(condition) {
                Some(name) => evaluator.condition(condition, &name),
                None => Truth::Unknown,
            };
            if truth == Truth::False {
                continue;
            }
        }
        let props: BTreeMap<String, Ev> = get(decl.node, "Properties")
            .and_then(|p| evaluator.eval(p))
            .and_then(|p| match p.kind {
                EvKind::Map(m) => Some(m),
                _ => None,
            })
            .unwrap_or_default();
        let origin = src.entry_range(decl.key, decl.node);
        let mapped = match mapping::lookup(&cfn_type) {
            Some(kind_map) => mapping::map_resource(kind_map, &decl.logical_id, &props, origin),
            None => unmapped(&cfn_type, &decl.logical_id, &props, origin),
        };
        let suppressions = metadata_suppressions(src, decl.node);
        groups.push(into_resources(src, mapped, &cfn_type, &suppressions));
    }
    // comment directives (`# rampart:ignore:…`, `# checkov:skip=…`) by line
    {
        let mut all: Vec<&mut Resource> = groups.iter_mut().flatten().collect();
        crate::suppress::attach(
            src.text,
            crate::suppress::Syntax::yaml_or_json(&src.file),
            &mut all,
        );
    }
    // what is suppressed on a resource is suppressed on the settings split off from it
    for group in &mut groups {
        let Some((owner, children)) = group.split_first_mut() else {
            continue;
        };
        for child in children {
            for s in &owner.suppressions {
                if !child.suppressions.contains(s) {
                    child.suppressions.push(s.clone());
                }
            }
        }
    }
    (
        groups.into_iter().flatten().collect(),
        evaluator.into_warnings(),
    )
}

/// A type Rampart does not map keeps its CloudFormation type as kind and its properties under
/// their CloudFormation names: visible in the inventory, invisible to Terraform-kind rules.
fn unmapped(
    cfn_type: &str,
    logical_id: &str,
    props: &BTreeMap<String, Ev>,
    origin: Option<std::ops::Range<usize>>,
) -> Mapped {
    let mut main = Draft::new(cfn_type, logical_id.to_string(), origin);
    for (name, ev) in props {
        main.set(name, ev, mapping::Conv::Same);
    }
    Mapped {
        logical_id: logical_id.to_string(),
        main,
        extra: Vec::new(),
    }
}

fn into_resources(
    src: &SourceText<'_>,
    mapped: Mapped,
    cfn_type: &str,
    suppressions: &[Suppression],
) -> Vec<Resource> {
    let owner_origin = mapped.main.origin.clone();
    std::iter::once(mapped.main)
        .chain(mapped.extra)
        .map(|d| {
            let range = d
                .origin
                .clone()
                .or_else(|| owner_origin.clone())
                .unwrap_or(0..0);
            let mut r = Resource::new(
                d.kind,
                d.address,
                Origin::Code {
                    span: src.span(&range),
                },
            );
            r.name = mapped.logical_id.clone();
            r.format = SourceFormat::CloudFormation;
            r.source_names = Some(Box::new(SourceNames {
                kind: cfn_type.to_string(),
                name: mapped.logical_id.clone(),
                split_off: r
                    .address
                    .strip_prefix(mapped.logical_id.as_str())
                    .and_then(|rest| rest.strip_prefix('.'))
                    .map(str::to_string),
            }));
            r.attributes = d.attributes;
            r.attribute_spans = spans(src, d.spans);
            r.value_origins = spans(src, d.value_origins);
            r.suppressions = suppressions.to_vec();
            r
        })
        .collect()
}

fn spans(
    src: &SourceText<'_>,
    ranges: BTreeMap<String, std::ops::Range<usize>>,
) -> BTreeMap<String, Span> {
    ranges
        .into_iter()
        .map(|(path, range)| (path, src.span(&range)))
        .collect()
}

/// `Metadata: {checkov: {skip: [{id, comment}]}}` and `Metadata: {rampart: {ignore: [id |
/// {id, reason}]}}` on a resource.
fn metadata_suppressions(src: &SourceText<'_>, resource: &MarkedYaml<'_>) -> Vec<Suppression> {
    let Some(metadata) = get(resource, "Metadata") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (tool, list_key, reason_key) in [
        ("checkov", "skip", "comment"),
        ("rampart", "ignore", "reason"),
    ] {
        let Some((_, items)) = get(metadata, tool).and_then(|t| get_entry(t, list_key)) else {
            continue;
        };
        let items: Vec<&MarkedYaml<'_>> = match sequence(items) {
            Some(list) => list.iter().collect(),
            None => vec![items],
        };
        for item in items {
            let (rule, reason) = match scalar_text(item) {
                Some(id) => (Some(id), None),
                None => (
                    get(item, "id").and_then(scalar_text),
                    get(item, reason_key)
                        .or_else(|| get(item, "comment"))
                        .or_else(|| get(item, "reason"))
                        .and_then(scalar_text),
                ),
            };
            if let Some(rule) = rule {
                out.push(Suppression {
                    rule,
                    reason,
                    line: src.position(item).0,
                });
            }
        }
    }
    out
}
