//! The verification loop: a fix counts as verified only when the engine proved it. The edits
//! are applied to copies of the files' text, the copies are re-loaded with the loader a scan
//! uses, every rule runs again, and the fix is verified when the files still load without new
//! errors, the target finding (same rule, file and address) is gone, no resource was lost, and
//! no finding appeared that was not there before. [`check_set`] checks many fixes with one
//! re-load (see [`crate::bisect`]). Live state takes the same path through
//! [`apply_to_inventory`](crate::apply::apply_to_inventory).
//!
//! Never writes a file and never reports `Verified` on a path that skipped a check.

use crate::apply::apply_to_inventory;
use crate::edits;
use crate::error::FixError;
use crate::overlay;
use rampart_ingest::{LoadOptions, LoadOutput, load_paths, load_terraform_text};
use rampart_model::{Change, Edit, Finding, Inventory, LoadError};
use rampart_rules::{EngineOptions, Rule, run_rules};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

/// The verdict on one fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Verification {
    Verified,
    Unverified { reason: String },
}

impl Verification {
    pub fn is_verified(&self) -> bool {
        matches!(self, Verification::Verified)
    }
    fn no(reason: impl Into<String>) -> Self {
        Verification::Unverified {
            reason: reason.into(),
        }
    }
}

/// Where the inventory came from, so it can be re-loaded the same way.
#[derive(Clone, Debug)]
pub enum WorkspaceSource {
    /// Files and folders given to a scan.
    Paths {
        roots: Vec<PathBuf>,
        options: LoadOptions,
    },
    /// One Terraform text loaded on its own (tests, the AI layer's proposals).
    Text { name: String },
    /// Live state: there is no file; changes are applied to the inventory.
    Live,
}

/// A scanned set of sources, its findings and the rules that produced them: everything the
/// loop needs to re-check a fix.
pub struct Workspace {
    pub source: WorkspaceSource,
    pub loaded: LoadOutput,
    /// Loaded sources plus the files value origins point at (tfvars, var files).
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    pub rules: Vec<&'static Rule>,
    pub engine: EngineOptions,
    /// Every finding of the original scan, suppressed ones included.
    pub findings: Vec<Finding>,
    /// When the sources were read: temporary files older than this are an earlier run's.
    pub started: SystemTime,
    /// Files whose text this workspace holds in place of what is on disk (an earlier round
    /// of fixes, see [`Workspace::with_overrides`]); every re-load sees them too.
    pub overrides: BTreeMap<String, String>,
}

impl Workspace {
    /// Loads `roots` like a scan and runs `rules`.
    pub fn load(
        roots: &[PathBuf],
        options: &LoadOptions,
        rules: Vec<&'static Rule>,
        engine: EngineOptions,
    ) -> Self {
        let started = SystemTime::now();
        let loaded = load_paths(roots, options);
        let mut ws = Self::from_loaded(
            WorkspaceSource::Paths {
                roots: roots.to_vec(),
                options: options.clone(),
            },
            loaded,
            rules,
            engine,
        );
        ws.started = started;
        ws
    }

    /// One Terraform text on its own.
    pub fn from_text(name: &str, text: &str, rules: Vec<&'static Rule>) -> Self {
        let loaded = load_terraform_text(name, text);
        Self::from_loaded(
            WorkspaceSource::Text {
                name: name.to_string(),
            },
            loaded,
            rules,
            EngineOptions::default(),
        )
    }

    /// A live inventory.
    pub fn from_inventory(inventory: Inventory, rules: Vec<&'static Rule>) -> Self {
        let loaded = LoadOutput {
            inventory,
            ..LoadOutput::default()
        };
        Self::from_loaded(
            WorkspaceSource::Live,
            loaded,
            rules,
            EngineOptions::default(),
        )
    }

    pub fn from_loaded(
        source: WorkspaceSource,
        loaded: LoadOutput,
        rules: Vec<&'static Rule>,
        engine: EngineOptions,
    ) -> Self {
        let started = SystemTime::now();
        let findings = run_rules(&loaded.inventory, &rules, &engine);
        let mut sources = loaded.sources.clone();
        if matches!(source, WorkspaceSource::Paths { .. }) {
            // value origins may sit in files the loader does not list as sources (tfvars)
            for r in loaded.inventory.resources() {
                for span in r.value_origins.values() {
                    if !sources.contains_key(&span.file)
                        && let Ok(text) = std::fs::read_to_string(&*span.file)
                    {
                        sources.insert(span.file.clone(), Arc::from(text));
                    }
                }
            }
        }
        Workspace {
            source,
            loaded,
            sources,
            rules,
            engine,
            findings,
            started,
            overrides: BTreeMap::new(),
        }
    }

    /// This workspace with some files' text replaced (on top of its own overrides): re-loaded,
    /// re-scanned, ready to plan fixes on the edited text. The files on disk are not touched.
    pub fn with_overrides(&self, texts: &BTreeMap<String, String>) -> Result<Workspace, FixError> {
        let loaded = self.reload(texts)?;
        let mut overrides = self.overrides.clone();
        overrides.extend(texts.iter().map(|(f, t)| (f.clone(), t.clone())));
        let findings = run_rules(&loaded.inventory, &self.rules, &self.engine);
        let mut sources = self.sources.clone();
        sources.extend(loaded.sources.iter().map(|(f, t)| (f.clone(), t.clone())));
        // edited files the loader does not list as sources (tfvars a value came from)
        for (file, text) in &overrides {
            sources.insert(Arc::from(file.as_str()), Arc::from(text.as_str()));
        }
        Ok(Workspace {
            source: self.source.clone(),
            loaded,
            sources,
            rules: self.rules.clone(),
            engine: self.engine.clone(),
            findings,
            started: self.started,
            overrides,
        })
    }

    pub fn inventory(&self) -> &Inventory {
        &self.loaded.inventory
    }

    /// The new text of every file the edits touch.
    pub fn edited_texts(&self, edits: &[Edit]) -> Result<BTreeMap<String, String>, FixError> {
        let mut out = BTreeMap::new();
        for (file, file_edits) in edits::by_file(edits) {
            let text = self.sources.get(file).ok_or_else(|| FixError::NoSource {
                file: file.to_string(),
            })?;
            out.insert(file.to_string(), edits::apply(text, &file_edits)?);
        }
        Ok(out)
    }

    /// The sources re-loaded with some files' text replaced.
    pub fn reload(&self, texts: &BTreeMap<String, String>) -> Result<LoadOutput, FixError> {
        let merged;
        let overrides = if self.overrides.is_empty() {
            texts
        } else {
            let mut all = self.overrides.clone();
            all.extend(texts.iter().map(|(f, t)| (f.clone(), t.clone())));
            merged = all;
            &merged
        };
        match &self.source {
            WorkspaceSource::Paths { roots, options } => {
                overlay::load_with_overrides(roots, options, overrides)
            }
            WorkspaceSource::Text { name } => {
                let text = match overrides.get(name) {
                    Some(t) => t.clone(),
                    None => self
                        .sources
                        .get(name.as_str())
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                };
                Ok(load_terraform_text(name, &text))
            }
            WorkspaceSource::Live => Err(FixError::NotFromCode {
                address: "live inventory".into(),
            }),
        }
    }
}

/// One fix to check: the finding it targets, its edits of the workspace's files and the
/// addresses it deletes on purpose (they may disappear from the re-load).
#[derive(Clone, Copy, Debug)]
pub struct FixUnderTest<'a> {
    pub target: &'a Finding,
    pub edits: &'a [Edit],
    pub removed: &'a [String],
}

/// Verifies a fix given as edits of the workspace's files. `removed` are the addresses the fix
/// deletes on purpose (they may disappear from the re-load).
pub fn verify_edits(
    ws: &Workspace,
    target: &Finding,
    edits: &[Edit],
    removed: &[String],
) -> Verification {
    let fix = FixUnderTest {
        target,
        edits,
        removed,
    };
    match check_set(ws, &[fix]) {
        Ok(_) => Verification::Verified,
        Err(reason) => Verification::no(reason),
    }
}

/// Checks fixes applied together with one re-load and one run of the rules: every file still
/// loads, no resource is lost, each target finding is gone and nothing new is reported.
/// Returns the findings of the fixed code, or why the set fails.
pub fn check_set(ws: &Workspace, fixes: &[FixUnderTest<'_>]) -> Result<Vec<Finding>, String> {
    let all: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
    if all.is_empty() {
        return Err("the fix changes nothing in the files".into());
    }
    let all = edits::normalize(all).map_err(|e| e.to_string())?;
    let texts = ws.edited_texts(&all).map_err(|e| e.to_string())?;
    if texts
        .iter()
        .all(|(f, t)| ws.sources.get(f.as_str()).is_some_and(|old| **old == **t))
    {
        return Err("the fix changes nothing in the files".into());
    }
    let after = ws.reload(&texts).map_err(|e| e.to_string())?;
    if let Some(e) = new_errors(&ws.loaded.errors, &after.errors).first() {
        return Err(format!("the fixed files do not load cleanly: {e}"));
    }
    let targets: Vec<&Finding> = fixes.iter().map(|f| f.target).collect();
    let removed: Vec<&str> = fixes
        .iter()
        .flat_map(|f| f.removed.iter().map(String::as_str))
        .collect();
    compare(ws, &targets, &after.inventory, &removed)
}

/// Verifies a fix on a live inventory: the changes are applied to a copy and re-checked.
pub fn verify_changes_in_inventory(
    ws: &Workspace,
    target: &Finding,
    changes: &[Change],
) -> Verification {
    let removed = removed_addresses(changes);
    let removed: Vec<&str> = removed.iter().map(String::as_str).collect();
    let checked = apply_to_inventory(ws.inventory(), changes)
        .map_err(|e| e.to_string())
        .and_then(|after| compare(ws, &[target], &after, &removed));
    match checked {
        Ok(_) => Verification::Verified,
        Err(reason) => Verification::no(reason),
    }
}

/// Addresses a set of changes removes on purpose.
pub fn removed_addresses(changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::RemoveResource { address } => Some(address.clone()),
            _ => None,
        })
        .collect()
}

fn new_errors<'a>(before: &[LoadError], after: &'a [LoadError]) -> Vec<&'a LoadError> {
    let known: BTreeSet<(&str, &str)> = before
        .iter()
        .filter(|e| e.is_error())
        .map(|e| (e.file.as_str(), e.message.as_str()))
        .collect();
    after
        .iter()
        .filter(|e| e.is_error() && !known.contains(&(e.file.as_str(), e.message.as_str())))
        .collect()
}

/// Where a finding is: its rule, file and address. Finding ids hash rule, address and
/// attribute only, so two roots declaring one address (`a/main.tf` and `b/main.tf` both with
/// `aws_s3_bucket.b`) or two templates sharing a logical id share ids; the file tells them
/// apart.
type Place<'a> = (&'a str, &'a str, &'a str);

fn place(f: &Finding) -> Place<'_> {
    (&*f.rule_id, f.file().unwrap_or(""), f.address.as_str())
}

/// [`place`] plus the attribute: what makes a finding new.
fn identity(f: &Finding) -> (Place<'_>, &str) {
    (place(f), f.model_attribute.as_deref().unwrap_or(""))
}

fn counts<K: Ord>(items: impl Iterator<Item = K>) -> BTreeMap<K, usize> {
    let mut out = BTreeMap::new();
    for k in items {
        *out.entry(k).or_insert(0) += 1;
    }
    out
}

fn compare(
    ws: &Workspace,
    targets: &[&Finding],
    after: &Inventory,
    removed: &[&str],
) -> Result<Vec<Finding>, String> {
    let located = |inv: &Inventory| -> BTreeMap<(String, String), usize> {
        counts(
            inv.resources()
                .iter()
                .map(|r| (r.file().unwrap_or("").to_string(), r.address.clone())),
        )
    };
    let after_resources = located(after);
    let lost: Vec<String> = located(ws.inventory())
        .into_iter()
        .filter(|(key, n)| {
            !removed.contains(&key.1.as_str()) && after_resources.get(key).unwrap_or(&0) < n
        })
        .map(|((_, address), _)| address)
        .collect();
    if !lost.is_empty() {
        return Err(format!(
            "the re-loaded code lost resources it should keep: {} (is a module outside the scanned paths?)",
            lost.join(", ")
        ));
    }
    let findings = run_rules(after, &ws.rules, &ws.engine);
    // each target is gone when its place reports one finding fewer per fix aimed at it: a rule
    // reporting several hits on one resource (two open ingress blocks) may renumber the rest
    let before_places = counts(ws.findings.iter().map(place));
    let after_places = counts(findings.iter().map(place));
    let aimed = counts(targets.iter().map(|t| place(t)));
    for target in targets {
        let at = place(target);
        let fixed = aimed.get(&at).copied().unwrap_or(0);
        let before = before_places.get(&at).copied().unwrap_or(0);
        if after_places.get(&at).copied().unwrap_or(0) + fixed > before {
            let still = findings.iter().find(|f| place(f) == at).unwrap_or(target);
            return Err(format!(
                "{} is still reported on `{}` after the fix: {}",
                still.rule_id, still.address, still.message
            ));
        }
    }
    let before_identities = counts(ws.findings.iter().map(identity));
    let mut seen: BTreeMap<(Place<'_>, &str), usize> = BTreeMap::new();
    let new: Vec<String> = findings
        .iter()
        .filter(|f| {
            let n = seen.entry(identity(f)).or_insert(0);
            *n += 1;
            *n > before_identities.get(&identity(f)).copied().unwrap_or(0)
        })
        .map(|f| format!("{} on `{}` ({})", f.rule_id, f.address, f.message))
        .collect();
    if !new.is_empty() {
        return Err(format!(
            "the fix introduces new findings: {}",
            new.join("; ")
        ));
    }
    Ok(findings)
}
