//! The verification loop: a fix counts as verified only when the engine proved it. The edits
//! are applied to copies of the files' text, the copies are re-loaded with the loader a scan
//! uses, every rule runs again, and the fix is verified when the files still load without new
//! errors, the target finding (same rule, same address) is gone, no resource was lost, and no
//! finding appeared that was not there before. Live state takes the same path through
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
}

impl Workspace {
    /// Loads `roots` like a scan and runs `rules`.
    pub fn load(
        roots: &[PathBuf],
        options: &LoadOptions,
        rules: Vec<&'static Rule>,
        engine: EngineOptions,
    ) -> Self {
        let loaded = load_paths(roots, options);
        Self::from_loaded(
            WorkspaceSource::Paths {
                roots: roots.to_vec(),
                options: options.clone(),
            },
            loaded,
            rules,
            engine,
        )
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
        }
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
    pub fn reload(&self, overrides: &BTreeMap<String, String>) -> Result<LoadOutput, FixError> {
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

/// Verifies a fix given as edits of the workspace's files. `removed` are the addresses the fix
/// deletes on purpose (they may disappear from the re-load).
pub fn verify_edits(
    ws: &Workspace,
    target: &Finding,
    edits: &[Edit],
    removed: &[String],
) -> Verification {
    if edits.is_empty() {
        return Verification::no("the fix changes nothing in the files");
    }
    let texts = match ws.edited_texts(edits) {
        Ok(t) => t,
        Err(e) => return Verification::no(e.to_string()),
    };
    if texts
        .iter()
        .all(|(f, t)| ws.sources.get(f.as_str()).is_some_and(|old| **old == **t))
    {
        return Verification::no("the fix changes nothing in the files");
    }
    let after = match ws.reload(&texts) {
        Ok(a) => a,
        Err(e) => return Verification::no(e.to_string()),
    };
    if let Some(e) = new_errors(&ws.loaded.errors, &after.errors).first() {
        return Verification::no(format!("the fixed files do not load cleanly: {e}"));
    }
    compare(ws, target, &after.inventory, removed)
}

/// Verifies a fix on a live inventory: the changes are applied to a copy and re-checked.
pub fn verify_changes_in_inventory(
    ws: &Workspace,
    target: &Finding,
    changes: &[Change],
) -> Verification {
    match apply_to_inventory(ws.inventory(), changes) {
        Ok(after) => compare(ws, target, &after, &removed_addresses(changes)),
        Err(e) => Verification::no(e.to_string()),
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

fn compare(
    ws: &Workspace,
    target: &Finding,
    after: &Inventory,
    removed: &[String],
) -> Verification {
    let before_addresses: BTreeSet<&str> = ws
        .inventory()
        .resources()
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    let after_addresses: BTreeSet<&str> = after
        .resources()
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    let lost: Vec<&str> = before_addresses
        .difference(&after_addresses)
        .copied()
        .filter(|a| !removed.iter().any(|r| r == a))
        .collect();
    if !lost.is_empty() {
        return Verification::no(format!(
            "the re-loaded code lost resources it should keep: {} (is a module outside the scanned paths?)",
            lost.join(", ")
        ));
    }
    let findings = run_rules(after, &ws.rules, &ws.engine);
    // the target is gone when its finding is; a rule reporting several hits on one resource
    // (two open ingress blocks) may renumber the rest, so one hit fewer also counts
    let same = |f: &&Finding| f.rule_id == target.rule_id && f.address == target.address;
    let before_count = ws.findings.iter().filter(same).count();
    let after_count = findings.iter().filter(same).count();
    if let Some(still) = findings.iter().find(|f| f.id == target.id)
        && after_count >= before_count
    {
        return Verification::no(format!(
            "{} is still reported on `{}` after the fix: {}",
            still.rule_id, still.address, still.message
        ));
    }
    let before_ids: BTreeSet<&str> = ws.findings.iter().map(|f| f.id.as_str()).collect();
    let new: Vec<String> = findings
        .iter()
        .filter(|f| !before_ids.contains(f.id.as_str()))
        .map(|f| format!("{} on `{}` ({})", f.rule_id, f.address, f.message))
        .collect();
    if !new.is_empty() {
        return Verification::no(format!(
            "the fix introduces new findings: {}",
            new.join("; ")
        ));
    }
    Verification::Verified
}
