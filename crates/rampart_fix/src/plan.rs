//! Choosing which fixes to apply together: safe unless unsafe ones are asked for, never two
//! that edit the same bytes, proven together by the verification loop, each confirmed by the
//! caller (interactive mode). The run's fixes are verified as one set with one re-scan (split
//! in halves only when that fails, see [`crate::bisect`]), so a run costs about one scan
//! however many fixes it makes.
//!
//! Computes new file texts only; writing them is [`crate::writer`]'s job.

use crate::bisect::verify_together;
use crate::edits;
use crate::error::FixError;
use crate::remediation::{Remediation, diff_of};
use crate::render::SharedParses;
use crate::safety::with_verification;
use crate::scoped::{Scopes, unverified_remediation};
use crate::verify::{FixUnderTest, Verification, Workspace, WorkspaceSource, removed_addresses};
use rampart_model::{Edit, Finding};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Stack of the threads that render fixes: hcl-edit's parser needs more than rayon's default
/// 2 MiB on files with hundreds of blocks (the loader parses on stacks this size too).
const RENDER_STACK_BYTES: usize = 64 << 20;

/// Which fixes the caller wants.
#[derive(Clone, Debug, Default)]
pub struct FixSelection {
    /// Also apply fixes the rule marks unsafe or the safety verdict holds back.
    pub include_unsafe: bool,
    /// Rule ids whose findings to fix; empty means every rule.
    pub rule_ids: Vec<String>,
}

/// What happens to one finding.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    Apply,
    Skip(String),
}

#[derive(Clone, Debug)]
pub struct Planned {
    pub finding: Finding,
    pub remediation: Option<Remediation>,
    pub decision: Decision,
}

#[derive(Clone, Debug)]
pub struct FixPlan {
    pub items: Vec<Planned>,
    /// The accepted edits, normalised.
    pub edits: Vec<Edit>,
    /// New text of every file the accepted edits touch.
    pub new_texts: BTreeMap<String, String>,
    /// The accepted fixes checked together.
    pub combined: Verification,
    /// Unsuppressed findings of the selected rules left after the accepted fixes.
    pub remaining: Vec<Finding>,
}

impl FixPlan {
    pub fn applied(&self) -> impl Iterator<Item = &Planned> {
        self.items.iter().filter(|p| p.decision == Decision::Apply)
    }
}

/// Plans the fixes of the workspace's open findings. `confirm` is asked about each fix that
/// passed every check (interactive mode); return `true` to take it.
pub fn plan_fixes(
    ws: &Workspace,
    selection: &FixSelection,
    confirm: &mut dyn FnMut(&Remediation) -> bool,
) -> Result<FixPlan, FixError> {
    let selected =
        |f: &Finding| selection.rule_ids.is_empty() || selection.rule_ids.contains(&f.rule_id);
    let open: Vec<&Finding> = ws
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() && selected(f))
        .collect();
    let scopes = Scopes::new(ws.inventory());
    let parses = SharedParses::default();
    let mut remediations: Vec<Option<Remediation>> = on_large_stacks(|| {
        open.par_iter()
            .map(|f| {
                let inventory = scopes.inventory_for(ws.inventory(), f)?;
                unverified_remediation(ws, inventory, f, &parses)
            })
            .collect()
    });

    // every check that needs no re-scan; `None` is a candidate for verification
    let mut decisions: Vec<Option<Decision>> = Vec::with_capacity(open.len());
    let mut claimed = Claimed::default();
    for remediation in &mut remediations {
        let decision = match remediation {
            None => Some(Decision::Skip(
                "the rule has no automatic fix for this finding; see `rampart explain`".into(),
            )),
            Some(rem) => pre_check(ws, rem, selection, &claimed),
        };
        match (&decision, remediation.as_mut()) {
            (None, Some(rem)) => {
                if let Some(t) = rem.targets.file() {
                    claimed.add(&t.edits);
                }
            }
            // the placeholder verdict of a fix that is not checked must not stay `Verified`
            (Some(Decision::Skip(why)), Some(rem)) if rem.verified.is_verified() => {
                set_verdict(
                    rem,
                    Verification::Unverified {
                        reason: format!("not checked: {why}"),
                    },
                );
            }
            _ => {}
        }
        decisions.push(decision);
    }

    let candidates: Vec<usize> = (0..open.len())
        .filter(|&i| matches!(decisions.get(i), Some(None)))
        .collect();
    let (verdicts, mut findings_after) = verify_items(ws, &open, &remediations, &candidates);
    let mut confirmed = Vec::new();
    let mut declined = false;
    for (&i, verdict) in candidates.iter().zip(verdicts) {
        let (Some(Some(rem)), Some(slot)) = (remediations.get_mut(i), decisions.get_mut(i)) else {
            continue;
        };
        set_verdict(rem, verdict);
        if let Verification::Unverified { reason } = &rem.verified {
            *slot = Some(Decision::Skip(format!("not verified: {reason}")));
            continue;
        }
        let diff = rem
            .targets
            .file()
            .map(|t| diff_of(ws, &t.edits))
            .unwrap_or_default();
        if let Some(t) = rem
            .targets
            .terraform
            .as_mut()
            .or(rem.targets.cloudformation.as_mut())
        {
            t.diff = diff;
        }
        if confirm(rem) {
            *slot = Some(Decision::Apply);
            confirmed.push(i);
        } else {
            *slot = Some(Decision::Skip("declined".into()));
            declined = true;
        }
    }
    if declined {
        // fixes proven together with declined ones are proven again without them
        let (verdicts, after) = verify_items(ws, &open, &remediations, &confirmed);
        findings_after = after;
        for (&i, verdict) in confirmed.iter().zip(verdicts) {
            if let (Some(Some(rem)), Some(slot)) = (remediations.get_mut(i), decisions.get_mut(i)) {
                set_verdict(rem, verdict);
                if let Verification::Unverified { reason } = &rem.verified {
                    *slot = Some(Decision::Skip(format!(
                        "not verified without the declined fixes: {reason}"
                    )));
                }
            }
        }
    }

    let items: Vec<Planned> = open
        .iter()
        .zip(remediations)
        .zip(decisions)
        .map(|((finding, remediation), decision)| Planned {
            finding: (*finding).clone(),
            remediation,
            decision: decision.unwrap_or(Decision::Skip("not checked".into())),
        })
        .collect();
    let accepted: Vec<Edit> = items
        .iter()
        .filter(|p| p.decision == Decision::Apply)
        .filter_map(|p| p.remediation.as_ref().and_then(|r| r.targets.file()))
        .flat_map(|t| t.edits.iter().cloned())
        .collect();
    let edits = edits::normalize(accepted)?;
    let new_texts = ws.edited_texts(&edits)?;
    let remaining = match findings_after {
        Some(after) if !new_texts.is_empty() => after,
        _ => ws.findings.clone(),
    }
    .into_iter()
    .filter(|f| f.suppressed.is_none() && selected(f))
    .collect();
    Ok(FixPlan {
        items,
        edits,
        new_texts,
        // every applied fix was part of the last set proven together
        combined: Verification::Verified,
        remaining,
    })
}

/// Verifies the fixes of items `which` together: one verdict each, and the findings after.
fn verify_items(
    ws: &Workspace,
    open: &[&Finding],
    remediations: &[Option<Remediation>],
    which: &[usize],
) -> (Vec<Verification>, Option<Vec<Finding>>) {
    let removed: Vec<Vec<String>> = which
        .iter()
        .map(|&i| match remediations.get(i) {
            Some(Some(rem)) => removed_addresses(&rem.changes),
            _ => Vec::new(),
        })
        .collect();
    let fixes: Vec<FixUnderTest<'_>> = which
        .iter()
        .zip(&removed)
        .filter_map(|(&i, removed)| {
            let target = open.get(i)?;
            let edits = remediations.get(i)?.as_ref()?.targets.file()?;
            Some(FixUnderTest {
                target,
                edits: &edits.edits,
                removed,
            })
        })
        .collect();
    let together = verify_together(ws, &fixes);
    (together.verdicts, together.findings_after)
}

fn set_verdict(rem: &mut Remediation, verdict: Verification) {
    rem.safety = with_verification(rem.safety.clone(), &verdict);
    rem.verified = verdict;
}

/// Runs `work` on a rayon pool with large stacks (falls back to the current thread).
fn on_large_stacks<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    match rayon::ThreadPoolBuilder::new()
        .stack_size(RENDER_STACK_BYTES)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Edits of the candidates so far, by file, to find a fix that edits the same text.
#[derive(Default)]
struct Claimed {
    by_file: BTreeMap<String, Vec<Edit>>,
}

impl Claimed {
    fn add(&mut self, edits: &[Edit]) {
        for e in edits {
            self.by_file
                .entry(e.file.clone())
                .or_default()
                .push(e.clone());
        }
    }
    /// Why `edit` cannot be applied with the claimed edits, if it cannot.
    fn clash(&self, edit: &Edit) -> Option<String> {
        let claimed = self.by_file.get(&edit.file)?;
        claimed.iter().filter(|a| *a != edit).find_map(|a| {
            if edits::overlaps(a, edit) {
                Some("it edits the same text as an earlier fix".to_string())
            } else {
                edits::same_yaml_key(a, edit)
                    .map(|key| format!("it adds `{key}` where an earlier fix adds it too"))
            }
        })
    }
}

/// Why a fix cannot be applied, when that shows without re-scanning.
fn pre_check(
    ws: &Workspace,
    rem: &Remediation,
    selection: &FixSelection,
    claimed: &Claimed,
) -> Option<Decision> {
    if let Verification::Unverified { reason } = &rem.verified {
        return Some(Decision::Skip(format!("not verified: {reason}")));
    }
    if !rem.safety.auto_apply && !selection.include_unsafe {
        let blocking: Vec<String> = rem
            .safety
            .facts
            .iter()
            .filter(|f| f.holds && f.blocks_auto_apply)
            .map(|f| format!("{} ({})", f.fact, f.detail))
            .collect();
        return Some(Decision::Skip(format!(
            "not safe to apply automatically: {}; pass --unsafe to apply it",
            blocking.join("; ")
        )));
    }
    let Some(target) = rem.targets.file() else {
        return Some(Decision::Skip("there is no source file to edit".into()));
    };
    if target.edits.is_empty() {
        return Some(Decision::Skip(
            "not verified: the fix changes nothing in the files".into(),
        ));
    }
    if let Some(outside) = target
        .edits
        .iter()
        .find(|e| !inside_scanned_paths(ws, &e.file))
    {
        return Some(Decision::Skip(format!(
            "it edits `{}`, which is outside the scanned paths",
            outside.file
        )));
    }
    if let Some(why) = target.edits.iter().find_map(|e| claimed.clash(e)) {
        return Some(Decision::Skip(format!(
            "{why}; run `rampart fix` again to apply it"
        )));
    }
    None
}

/// True when `file` lies under one of the scanned paths (or is one of them).
pub fn inside_scanned_paths(ws: &Workspace, file: &str) -> bool {
    let WorkspaceSource::Paths { roots, .. } = &ws.source else {
        return false;
    };
    let Ok(file) = Path::new(file).canonicalize() else {
        return false;
    };
    roots
        .iter()
        .filter_map(|r| r.canonicalize().ok())
        .any(|root| file == root || (root.is_dir() && file.starts_with(&root)))
}
