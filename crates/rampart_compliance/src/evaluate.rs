//! Evaluates a framework over one scan. A control is:
//! - **not covered** when no rule is mapped to it (the scanner cannot evidence it);
//! - **not applicable** when rules are mapped but none ran on a resource of its kinds (nothing
//!   it could judge was scanned, or the mapped rules were skipped);
//! - **fail** when a mapped, applicable rule reported an unsuppressed finding;
//! - **pass** otherwise.
//!
//! Suppressed findings do not fail a control; they are counted so a waiver stays visible.
//! Scores are passed / (passed + failed): not covered and not applicable controls neither help
//! nor hurt, and a section with neither passes nor failures has no score.

use crate::catalog::{Control, Framework};
use rampart_model::{Finding, Inventory};
use rampart_rules::Rule;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Pass,
    Fail,
    NotCovered,
    NotApplicable,
}

impl ControlStatus {
    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::Pass => "pass",
            ControlStatus::Fail => "fail",
            ControlStatus::NotCovered => "not covered",
            ControlStatus::NotApplicable => "not applicable",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailingResource {
    pub rule_id: String,
    pub address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub status: ControlStatus,
    /// Rules mapped to the control.
    pub rules: Vec<String>,
    pub failing: Vec<FailingResource>,
    /// Findings of the control's rules that were suppressed (comment, config, baseline).
    pub suppressed: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub controls: usize,
    pub passed: usize,
    pub failed: usize,
    pub not_covered: usize,
    pub not_applicable: usize,
    /// passed / (passed + failed), between 0 and 1; absent when both are 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

impl Counts {
    fn add(&mut self, status: ControlStatus) {
        self.controls += 1;
        match status {
            ControlStatus::Pass => self.passed += 1,
            ControlStatus::Fail => self.failed += 1,
            ControlStatus::NotCovered => self.not_covered += 1,
            ControlStatus::NotApplicable => self.not_applicable += 1,
        }
        let judged = self.passed + self.failed;
        self.score = (judged > 0).then(|| self.passed as f64 / judged as f64);
    }
    /// The score as a whole-number percentage, for people.
    pub fn percent(&self) -> Option<u32> {
        self.score.map(|s| (s * 100.0).round() as u32)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionResult {
    pub id: String,
    pub title: String,
    pub counts: Counts,
    pub controls: Vec<ControlResult>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameworkInfo {
    pub id: String,
    pub title: String,
    pub version: String,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// A framework judged against one scan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComplianceReport {
    pub framework: FrameworkInfo,
    pub summary: Counts,
    pub resources_scanned: usize,
    pub sections: Vec<SectionResult>,
}

/// Judges every control of `framework` from the scan's inventory, the rules that ran and their
/// findings (suppressed ones included, marked).
pub fn evaluate(
    framework: &Framework,
    inventory: &Inventory,
    rules_run: &[&Rule],
    findings: &[Finding],
) -> ComplianceReport {
    let mut summary = Counts::default();
    let sections = framework
        .sections
        .iter()
        .map(|section| {
            let mut counts = Counts::default();
            let controls = section
                .controls
                .iter()
                .map(|control| {
                    let result = judge(control, inventory, rules_run, findings);
                    counts.add(result.status);
                    summary.add(result.status);
                    result
                })
                .collect();
            SectionResult {
                id: section.id.clone(),
                title: section.title.clone(),
                counts,
                controls,
            }
        })
        .collect();
    ComplianceReport {
        framework: FrameworkInfo {
            id: framework.id.clone(),
            title: framework.title.clone(),
            version: framework.version.clone(),
            source: framework.source.clone(),
            scope: framework.scope.clone(),
        },
        summary,
        resources_scanned: inventory.len(),
        sections,
    }
}

/// True when the rule ran and some scanned resource is of a kind it looks at.
fn applies(rule: &Rule, inventory: &Inventory) -> bool {
    rule.kinds.iter().any(|kind| {
        if *kind == "*" {
            !inventory.is_empty()
        } else {
            !inventory.ids_of_kind(kind).is_empty()
        }
    })
}

fn judge(
    control: &Control,
    inventory: &Inventory,
    rules_run: &[&Rule],
    findings: &[Finding],
) -> ControlResult {
    let applicable: Vec<&str> = control
        .rules
        .iter()
        .filter_map(|id| rules_run.iter().find(|r| r.id == id.as_str()))
        .filter(|r| applies(r, inventory))
        .map(|r| r.id)
        .collect();
    let mut failing = Vec::new();
    let mut suppressed = 0;
    for finding in findings
        .iter()
        .filter(|f| applicable.contains(&&*f.rule_id))
    {
        if finding.suppressed.is_some() {
            suppressed += 1;
            continue;
        }
        failing.push(FailingResource {
            rule_id: finding.rule_id.to_string(),
            address: finding.address.clone(),
            file: finding.file().map(str::to_string),
            line: finding.line(),
            message: finding.message.clone(),
        });
    }
    let status = if control.rules.is_empty() {
        ControlStatus::NotCovered
    } else if applicable.is_empty() {
        ControlStatus::NotApplicable
    } else if failing.is_empty() {
        ControlStatus::Pass
    } else {
        ControlStatus::Fail
    };
    ControlResult {
        id: control.id.clone(),
        title: control.title.clone(),
        status,
        rules: control.rules.clone(),
        failing,
        suppressed,
    }
}
