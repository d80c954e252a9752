//! The remediation block of one finding: the rule's fix as model changes, rendered into every
//! target (Terraform or CloudFormation diff and edits, AWS CLI with read-back, console steps,
//! boto3 and Pulumi snippets), the verification verdict and the auto-apply safety verdict.
//! Serialisable; the JSON report embeds it.
//!
//! Never marks a remediation verified itself: the verdict comes from [`crate::verify`].

use crate::aws_cli::{self, CliStep};
use crate::edits;
use crate::redact;
use crate::render::{RenderContext, render_changes};
use crate::safety::{self, SafetyVerdict};
use crate::snippets;
use crate::verify::{self, Verification, Workspace};
use rampart_model::{Applicability, Change, Edit, Finding, Origin, SourceFormat};
use rampart_rules::Hit;
use rampart_rules::Rule;
use rampart_rules::rule::Fix;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Remediation {
    pub rule_id: String,
    pub finding_id: String,
    pub address: String,
    pub summary: String,
    #[serde(flatten)]
    pub applicability: Applicability,
    pub verified: Verification,
    pub safety: SafetyVerdict,
    pub changes: Vec<Change>,
    pub targets: Targets,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Targets {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terraform: Option<FileTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloudformation: Option<FileTarget>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arm: Option<FileTarget>,
    pub cli: Vec<CliStep>,
    pub console: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pulumi: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boto3: Option<String>,
}

/// The fix as edits of the source files (Terraform or CloudFormation).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileTarget {
    /// Unified diff with `a/` and `b/` prefixes, paths relative to the current folder.
    pub diff: String,
    pub edits: Vec<Edit>,
}

/// The name this had when Terraform was the only file target.
pub type TerraformTarget = FileTarget;

impl Targets {
    /// The edits of the files the resource was loaded from, whichever format they are.
    pub fn file(&self) -> Option<&FileTarget> {
        self.terraform
            .as_ref()
            .or(self.cloudformation.as_ref())
            .or(self.arm.as_ref())
    }
    /// Targets holding only the edits of the files a resource of `format` was loaded from.
    pub fn of_file(format: SourceFormat, file: Option<FileTarget>) -> Targets {
        let mut t = Targets::default();
        match format {
            SourceFormat::CloudFormation => t.cloudformation = file,
            SourceFormat::Arm => t.arm = file,
            _ => t.terraform = file,
        }
        t
    }
    /// [`Targets::file`], to change.
    pub fn file_mut(&mut self) -> Option<&mut FileTarget> {
        self.terraform
            .as_mut()
            .or(self.cloudformation.as_mut())
            .or(self.arm.as_mut())
    }
}

/// The rule and its fix for a finding, when the rule has a machine fix for it.
pub fn fix_of(ws: &Workspace, finding: &Finding) -> Option<(&'static Rule, Fix)> {
    let rule = ws.rules.iter().copied().find(|r| r.id == finding.rule_id)?;
    let fix_fn = rule.fix?;
    let resource = ws.inventory().by_address(&finding.address)?;
    let hit = Hit {
        attribute: finding.model_attribute.clone(),
        message: finding.message.clone(),
    };
    fix_fn(resource, &hit).map(|fix| (rule, fix))
}

/// The remediation of one finding; `None` when its rule has no machine fix for it.
pub fn remediate(ws: &Workspace, finding: &Finding) -> Option<Remediation> {
    let (rule, fix) = fix_of(ws, finding)?;
    let resource = ws.inventory().by_address(&finding.address)?;
    let subject_of = |c: &Change| ws.inventory().by_address(aws_cli::subject(c));
    let sets_file_value = fix
        .changes
        .iter()
        .any(|c| subject_of(c).is_some_and(|r| redact::touches_file_value(r.resource(), c)));
    let (file_target, verified) = match &resource.origin {
        // the new value is built from a file's contents: a diff would print them
        Origin::Code { .. } if sets_file_value => (
            None,
            Verification::Unverified {
                reason: "the value to change is computed from a file's contents (`file()`, `templatefile()`, …), which Rampart does not print; change it in that file".into(),
            },
        ),
        Origin::Code { .. } => {
            let ctx = RenderContext {
                inventory: ws.inventory(),
                sources: &ws.sources,
            };
            match render_changes(&fix.changes, &ctx) {
                Ok(edits) => {
                    let verified = verify::verify_edits(
                        ws,
                        finding,
                        &edits,
                        &verify::removed_addresses(&fix.changes),
                    );
                    (
                        Some(FileTarget {
                            diff: diff_of(ws, &edits),
                            edits,
                        }),
                        verified,
                    )
                }
                Err(e) => (
                    None,
                    Verification::Unverified {
                        reason: e.to_string(),
                    },
                ),
            }
        }
        Origin::Live { .. } => (
            None,
            verify::verify_changes_in_inventory(ws, finding, &fix.changes),
        ),
    };
    let (cli, console) = aws_cli::render(ws.inventory(), &ws.sources, &fix.changes);
    let (boto3, pulumi) = snippets::render(ws.inventory(), &ws.sources, &fix.changes);
    let safety = safety::assess(ws.inventory(), &finding.address, &fix, &verified);
    Some(Remediation {
        rule_id: rule.id.to_string(),
        finding_id: finding.id.clone(),
        address: finding.address.clone(),
        summary: fix.summary.clone(),
        applicability: fix.applicability.clone(),
        verified,
        safety,
        changes: fix
            .changes
            .iter()
            .map(|c| match subject_of(c) {
                Some(r) => redact::printable_change(r.resource(), c).into_owned(),
                None => c.clone(),
            })
            .collect(),
        targets: Targets {
            cli,
            console,
            pulumi,
            boto3,
            ..Targets::of_file(resource.format, file_target)
        },
    })
}

/// Remediations of every unsuppressed finding that has a machine fix, in finding order.
pub fn remediate_all(ws: &Workspace) -> Vec<Remediation> {
    let open: Vec<&Finding> = ws
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    open.par_iter().filter_map(|f| remediate(ws, f)).collect()
}

/// The unified diff of a set of edits over the workspace's files.
pub fn diff_of(ws: &Workspace, edits: &[Edit]) -> String {
    let mut out = String::new();
    for (file, file_edits) in edits::by_file(edits) {
        let Some(old) = ws.sources.get(file) else {
            continue;
        };
        if let Ok(new) = edits::apply(old, &file_edits) {
            out.push_str(&edits::unified_diff(&diff_label(file), old, &new));
        }
    }
    out
}

/// A file name for diff headers: relative to the current folder when it is under it, never
/// starting with `./` or `/`, so `patch -p1` run from the current folder finds it.
pub fn diff_label(file: &str) -> String {
    let path = Path::new(file);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let text = relative.display().to_string();
    let mut label = text.as_str();
    while let Some(rest) = label.strip_prefix("./") {
        label = rest;
    }
    label.trim_start_matches('/').to_string()
}
