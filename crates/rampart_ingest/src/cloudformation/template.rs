//! The sections of a template Rampart reads: `Parameters`, `Mappings`, `Conditions` and
//! `Resources`, borrowed from the parsed YAML tree.
//!
//! Must never: fail on a malformed section; a section of the wrong shape is treated as empty
//! and the evaluator reports what it cannot resolve.

use super::source::{entries, get, is_mapping, scalar_text};
use saphyr::MarkedYaml;
use std::collections::{BTreeMap, BTreeSet};

/// Whether a parsed document is a CloudFormation template: it has `AWSTemplateFormatVersion`,
/// or a `Resources` mapping with at least one `Type: AWS::…` (or `Custom::…`) entry.
pub fn is_template(root: &MarkedYaml<'_>) -> bool {
    if !is_mapping(root) {
        return false;
    }
    if get(root, "AWSTemplateFormatVersion").is_some() {
        return true;
    }
    get(root, "Resources").is_some_and(|resources| {
        entries(resources).any(|(_, _, r)| {
            get(r, "Type")
                .and_then(scalar_text)
                .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
        })
    })
}

pub struct Parameter<'n, 'i> {
    pub node: &'n MarkedYaml<'i>,
    pub kind: String,
    pub default: Option<&'n MarkedYaml<'i>>,
}

pub struct ResourceDecl<'n, 'i> {
    pub logical_id: String,
    pub key: &'n MarkedYaml<'i>,
    pub node: &'n MarkedYaml<'i>,
}

pub struct Template<'n, 'i> {
    pub parameters: BTreeMap<String, Parameter<'n, 'i>>,
    pub mappings: Option<&'n MarkedYaml<'i>>,
    pub conditions: BTreeMap<String, &'n MarkedYaml<'i>>,
    pub resources: Vec<ResourceDecl<'n, 'i>>,
    pub resource_ids: BTreeSet<String>,
}

impl<'n, 'i> Template<'n, 'i> {
    pub fn read(root: &'n MarkedYaml<'i>) -> Self {
        let parameters = get(root, "Parameters")
            .map(|p| {
                entries(p)
                    .map(|(name, _, node)| {
                        let kind = get(node, "Type")
                            .and_then(scalar_text)
                            .unwrap_or_else(|| "String".to_string());
                        let default = get(node, "Default");
                        (
                            name,
                            Parameter {
                                node,
                                kind,
                                default,
                            },
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let conditions = get(root, "Conditions")
            .map(|c| entries(c).map(|(name, _, node)| (name, node)).collect())
            .unwrap_or_default();
        let resources: Vec<ResourceDecl<'n, 'i>> = get(root, "Resources")
            .map(|r| {
                entries(r)
                    .map(|(logical_id, key, node)| ResourceDecl {
                        logical_id,
                        key,
                        node,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let resource_ids = resources.iter().map(|r| r.logical_id.clone()).collect();
        Template {
            parameters,
            mappings: get(root, "Mappings"),
            conditions,
            resources,
            resource_ids,
        }
    }
}
