//! The framework mapping files, embedded at build time, parsed once, and checked: every rule id
//! must name a registered rule, control ids are unique within a framework, framework ids are
//! unique. Parsing never panics; a bad file is a [`CatalogError`] with its line.

use rampart_rules::Rule;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::OnceLock;

/// `(file name, text)` of every mapping file, one per framework version.
const FILES: &[(&str, &str)] = &[
    (
        "cis-aws-3.0.toml",
        include_str!("../../../compliance/cis-aws-3.0.toml"),
    ),
    (
        "cis-azure-2.1.toml",
        include_str!("../../../compliance/cis-azure-2.1.toml"),
    ),
    (
        "cis-gcp-2.0.toml",
        include_str!("../../../compliance/cis-gcp-2.0.toml"),
    ),
    (
        "cis-kubernetes-1.9.toml",
        include_str!("../../../compliance/cis-kubernetes-1.9.toml"),
    ),
    (
        "pci-dss-4.0.toml",
        include_str!("../../../compliance/pci-dss-4.0.toml"),
    ),
    (
        "soc2-tsc-2017.toml",
        include_str!("../../../compliance/soc2-tsc-2017.toml"),
    ),
    (
        "hipaa-164.312.toml",
        include_str!("../../../compliance/hipaa-164.312.toml"),
    ),
    (
        "gdpr-art32.toml",
        include_str!("../../../compliance/gdpr-art32.toml"),
    ),
    (
        "nist-csf-2.0.toml",
        include_str!("../../../compliance/nist-csf-2.0.toml"),
    ),
    (
        "nist-800-53-r5.toml",
        include_str!("../../../compliance/nist-800-53-r5.toml"),
    ),
    (
        "iso-27001-2022.toml",
        include_str!("../../../compliance/iso-27001-2022.toml"),
    ),
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Stable id used on the command line: `cis-aws-3.0`.
    pub id: String,
    pub title: String,
    pub version: String,
    /// Where the framework is published.
    pub source: String,
    /// What part of the framework the file lists, when not all of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub controls: Vec<Control>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    /// A short title, not the framework's full text.
    pub title: String,
    /// Rule ids that evidence the control; empty when no rule does ("not covered").
    #[serde(default)]
    pub rules: Vec<String>,
}

impl Framework {
    pub fn controls(&self) -> impl Iterator<Item = &Control> {
        self.sections.iter().flat_map(|s| s.controls.iter())
    }
    pub fn control_count(&self) -> usize {
        self.controls().count()
    }
    /// Controls at least one rule evidences.
    pub fn covered_count(&self) -> usize {
        self.controls().filter(|c| !c.rules.is_empty()).count()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("compliance/{file}:{line}: {message}")]
pub struct CatalogError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Parses one mapping file.
pub fn parse_framework(file: &str, text: &str) -> Result<Framework, CatalogError> {
    toml::from_str::<Framework>(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text.get(..s.start).map_or(0, |t| t.matches('\n').count()) + 1)
            .unwrap_or(0);
        CatalogError {
            file: file.to_string(),
            line,
            message: e.message().to_string(),
        }
    })
}

static CATALOG: OnceLock<Result<Vec<Framework>, CatalogError>> = OnceLock::new();

/// Every framework, in file order. Fails only if an embedded file is malformed, which the
/// crate's tests rule out.
pub fn frameworks() -> Result<&'static [Framework], CatalogError> {
    CATALOG
        .get_or_init(|| {
            FILES
                .iter()
                .map(|(file, text)| parse_framework(file, text))
                .collect()
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The framework with this id (case-insensitive).
pub fn framework(id: &str) -> Result<Option<&'static Framework>, CatalogError> {
    Ok(frameworks()?
        .iter()
        .find(|f| f.id.eq_ignore_ascii_case(id.trim())))
}

/// One control a rule evidences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ControlRef {
    /// Framework id: `cis-aws-3.0`.
    pub framework: String,
    /// Framework title: `CIS Amazon Web Services Foundations Benchmark`.
    pub framework_title: String,
    /// Control id within the framework: `2.1.1`.
    pub control: String,
    /// The control's short title.
    pub title: String,
}

impl ControlRef {
    /// `cis-aws-3.0:2.1.1`: how SARIF tags and one-line listings name the control.
    pub fn tag(&self) -> String {
        format!("{}:{}", self.framework, self.control)
    }
}

/// The controls, across all frameworks, that list `rule_id` (for `explain` and `rules`), in
/// framework file order, then control order within the file.
pub fn controls_for_rule(rule_id: &str) -> Vec<ControlRef> {
    let Ok(all) = frameworks() else {
        return Vec::new();
    };
    all.iter()
        .flat_map(|f| {
            f.controls()
                .filter(|c| c.rules.iter().any(|r| r.eq_ignore_ascii_case(rule_id)))
                .map(|c| ControlRef {
                    framework: f.id.clone(),
                    framework_title: f.title.clone(),
                    control: c.id.clone(),
                    title: c.title.clone(),
                })
        })
        .collect()
}

/// Problems that make a catalog wrong though it parses: rule ids no registered rule has (an
/// alias is not enough: mappings name canonical ids), repeated control or framework ids.
pub fn validate(frameworks: &[Framework], rules: &[&Rule]) -> Vec<String> {
    let known: HashSet<&str> = rules.iter().map(|r| r.id).collect();
    let mut problems = Vec::new();
    let mut framework_ids = HashSet::new();
    for f in frameworks {
        if !framework_ids.insert(f.id.to_ascii_lowercase()) {
            problems.push(format!("framework id `{}` is used twice", f.id));
        }
        let mut control_ids = HashSet::new();
        for section in &f.sections {
            for control in &section.controls {
                if !control_ids.insert(control.id.as_str()) {
                    problems.push(format!(
                        "{}: control `{}` is listed twice",
                        f.id, control.id
                    ));
                }
                let mut seen = HashSet::new();
                for rule in &control.rules {
                    if !known.contains(rule.as_str()) {
                        problems.push(format!(
                            "{}: control `{}` names `{rule}`, which is not a rule id",
                            f.id, control.id
                        ));
                    }
                    if !seen.insert(rule.as_str()) {
                        problems.push(format!(
                            "{}: control `{}` lists `{rule}` twice",
                            f.id, control.id
                        ));
                    }
                }
            }
        }
    }
    problems
}
