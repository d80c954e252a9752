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
use std::path::{Component, Path, PathBuf};

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
    /// Unified diff with `a/` and `b/` prefixes, paths as [`diff_of`] writes them.
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

/// The unified diff of a set of edits over the workspace's files, pasteable as printed: paths
/// are relative to the current folder when every file is under it; otherwise relative to the
/// deepest folder holding them all, which a first line names with the commands that apply it
/// there (`patch` and `git apply` refuse `../` and absolute paths).
pub fn diff_of(ws: &Workspace, edits: &[Edit]) -> String {
    let by_file = edits::by_file(edits);
    let files: Vec<&str> = by_file.keys().copied().collect();
    let cwd = std::env::current_dir().unwrap_or_default();
    let base = DiffBase::of(&cwd, &files);
    let mut out = String::new();
    for (file, file_edits) in by_file {
        let Some(old) = ws.sources.get(file) else {
            continue;
        };
        if let Ok(new) = edits::apply(old, &file_edits) {
            out.push_str(&edits::unified_diff(&base.label(file), old, &new));
        }
    }
    if !out.is_empty()
        && let Some(header) = base.header()
    {
        out.insert_str(0, &header);
    }
    out
}

/// The folder a diff's paths are relative to.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffBase {
    cwd: PathBuf,
    /// `None` when every file is under the current folder.
    outside: Option<PathBuf>,
}

impl DiffBase {
    /// The base for `files` (as spans name them) seen from `cwd`.
    pub fn of(cwd: &Path, files: &[&str]) -> DiffBase {
        let absolute: Vec<PathBuf> = files.iter().map(|f| lexical(&cwd.join(f))).collect();
        let outside = if absolute.iter().all(|f| f.starts_with(cwd)) {
            None
        } else {
            absolute
                .iter()
                .map(|f| f.parent().map(Path::to_path_buf).unwrap_or_default())
                .reduce(|a, b| common_ancestor(&a, &b))
        };
        DiffBase {
            cwd: cwd.to_path_buf(),
            outside,
        }
    }

    /// A file's name in diff headers: relative to the base, never starting with `./` or `/`.
    pub fn label(&self, file: &str) -> String {
        let path = lexical(&self.cwd.join(file));
        let base = self.outside.as_deref().unwrap_or(&self.cwd);
        match path.strip_prefix(base) {
            Ok(rel) => rel.display().to_string(),
            Err(_) => diff_label(file),
        }
    }

    /// The first line of a diff whose base is not the current folder.
    pub fn header(&self) -> Option<String> {
        let base = self.outside.as_deref()?;
        let shown = relative_to(&self.cwd, base);
        let quoted = shell_word(&shown);
        Some(format!(
            "# paths are relative to {shown}: apply with `patch -d {quoted} -p1` or `git -C {quoted} apply`\n"
        ))
    }
}

/// `path` without `.` and `..` components (resolved by name, not through links).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// `to` as a path from `from` (`../infra`), or absolute when they share nothing but the root.
fn relative_to(from: &Path, to: &Path) -> String {
    let common = common_ancestor(from, to);
    if common.components().count() <= 1 {
        return to.display().to_string();
    }
    let ups = from.components().count() - common.components().count();
    let mut out = PathBuf::new();
    for _ in 0..ups {
        out.push("..");
    }
    if let Ok(rest) = to.strip_prefix(&common) {
        out.push(rest);
    }
    let text = out.display().to_string();
    if text.is_empty() { ".".into() } else { text }
}

/// A path as one shell word: quoted when it holds anything but plain path characters.
fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@".contains(c);
    if s.chars().all(plain) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_the_current_folder_keep_their_relative_paths() {
        let cwd = Path::new("/home/dev/repo");
        let base = DiffBase::of(
            cwd,
            &["infra/main.tf", "./infra/x.tf", "/home/dev/repo/y.tf"],
        );
        assert_eq!(base.header(), None);
        assert_eq!(base.label("./infra/x.tf"), "infra/x.tf");
        assert_eq!(base.label("/home/dev/repo/y.tf"), "y.tf");
    }

    #[test]
    fn files_outside_are_relative_to_the_folder_holding_them_all() {
        let cwd = Path::new("/home/dev/repo/app");
        let base = DiffBase::of(cwd, &["../infra/main.tf", "../infra/net/vpc.tf"]);
        assert_eq!(base.label("../infra/main.tf"), "main.tf");
        assert_eq!(base.label("../infra/net/vpc.tf"), "net/vpc.tf");
        let header = base.header().unwrap();
        assert!(
            header.starts_with(
                "# paths are relative to ../infra: apply with `patch -d ../infra -p1`"
            ),
            "{header}"
        );
        let far = DiffBase::of(cwd, &["/srv/my stacks/a.tf"]);
        assert_eq!(far.label("/srv/my stacks/a.tf"), "a.tf");
        assert!(far.header().unwrap().contains("-d '/srv/my stacks' -p1"));
    }
}
