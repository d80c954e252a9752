//! Choosing which fixes to apply together: verified ones, safe unless unsafe ones are asked
//! for, never two that edit the same bytes, each confirmed by the caller (interactive mode),
//! and the chosen set re-verified as a whole — fixes proven one by one could still clash.
//!
//! Computes new file texts only; writing them is [`crate::writer`]'s job.

use crate::edits;
use crate::error::FixError;
use crate::remediation::{Remediation, remediate};
use crate::verify::{Verification, Workspace, WorkspaceSource};
use rampart_model::{Edit, Finding};
use rampart_rules::run_rules;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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
    let remediations: Vec<Option<Remediation>> =
        open.par_iter().map(|f| remediate(ws, f)).collect();

    let mut items = Vec::new();
    let mut accepted: Vec<Edit> = Vec::new();
    for (finding, remediation) in open.into_iter().zip(remediations) {
        let decision = match &remediation {
            None => Decision::Skip(
                "the rule has no automatic fix for this finding; see `rampart explain`".into(),
            ),
            Some(rem) => decide(ws, rem, selection, &accepted, confirm),
        };
        if decision == Decision::Apply
            && let Some(t) = remediation.as_ref().and_then(|r| r.targets.file())
        {
            accepted.extend(t.edits.iter().cloned());
        }
        items.push(Planned {
            finding: finding.clone(),
            remediation,
            decision,
        });
    }
    let edits = edits::normalize(accepted)?;
    let new_texts = ws.edited_texts(&edits)?;
    let (combined, remaining) = check_together(ws, &new_texts, selection, &items)?;
    Ok(FixPlan {
        items,
        edits,
        new_texts,
        combined,
        remaining,
    })
}

fn decide(
    ws: &Workspace,
    rem: &Remediation,
    selection: &FixSelection,
    accepted: &[Edit],
    confirm: &mut dyn FnMut(&Remediation) -> bool,
) -> Decision {
    if let Verification::Unverified { reason } = &rem.verified {
        return Decision::Skip(format!("not verified: {reason}"));
    }
    if !rem.safety.auto_apply {
        let blocking: Vec<String> = rem
            .safety
            .facts
            .iter()
            .filter(|f| f.holds && f.blocks_auto_apply)
            .map(|f| format!("{} ({})", f.fact, f.detail))
            .collect();
        if !selection.include_unsafe {
            return Decision::Skip(format!(
                "not safe to apply automatically: {}; pass --unsafe to apply it",
                blocking.join("; ")
            ));
        }
    }
    let Some(terraform) = rem.targets.file() else {
        return Decision::Skip("there is no source file to edit".into());
    };
    if let Some(outside) = terraform
        .edits
        .iter()
        .find(|e| !inside_scanned_paths(ws, &e.file))
    {
        return Decision::Skip(format!(
            "it edits `{}`, which is outside the scanned paths",
            outside.file
        ));
    }
    let clash = terraform
        .edits
        .iter()
        .any(|e| accepted.iter().any(|a| a != e && edits::overlaps(a, e)));
    if clash {
        return Decision::Skip(
            "it edits the same text as an earlier fix; run `rampart fix` again to apply it".into(),
        );
    }
    if !confirm(rem) {
        return Decision::Skip("declined".into());
    }
    Decision::Apply
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

fn check_together(
    ws: &Workspace,
    new_texts: &BTreeMap<String, String>,
    selection: &FixSelection,
    items: &[Planned],
) -> Result<(Verification, Vec<Finding>), FixError> {
    let selected =
        |f: &Finding| selection.rule_ids.is_empty() || selection.rule_ids.contains(&f.rule_id);
    if new_texts.is_empty() {
        let remaining = ws
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none() && selected(f))
            .cloned()
            .collect();
        return Ok((Verification::Verified, remaining));
    }
    let after = ws.reload(new_texts)?;
    let known_errors: BTreeSet<(&str, &str)> = ws
        .loaded
        .errors
        .iter()
        .filter(|e| e.is_error())
        .map(|e| (e.file.as_str(), e.message.as_str()))
        .collect();
    if let Some(e) = after
        .errors
        .iter()
        .find(|e| e.is_error() && !known_errors.contains(&(e.file.as_str(), e.message.as_str())))
    {
        return Ok((
            Verification::Unverified {
                reason: format!("together, the fixes break loading: {e}"),
            },
            Vec::new(),
        ));
    }
    let findings = run_rules(&after.inventory, &ws.rules, &ws.engine);
    let before: BTreeSet<&str> = ws.findings.iter().map(|f| f.id.as_str()).collect();
    let new: Vec<String> = findings
        .iter()
        .filter(|f| !before.contains(f.id.as_str()))
        .map(|f| format!("{} on `{}`", f.rule_id, f.address))
        .collect();
    // per (rule, address): the accepted fixes must remove that many findings
    let mut expected: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for p in items.iter().filter(|p| p.decision == Decision::Apply) {
        expected
            .entry((p.finding.rule_id.as_str(), p.finding.address.as_str()))
            .or_default()
            .0 += 1;
    }
    for f in &ws.findings {
        if let Some(e) = expected.get_mut(&(f.rule_id.as_str(), f.address.as_str())) {
            e.1 += 1;
        }
    }
    let still: Vec<String> = expected
        .iter()
        .filter(|((rule, address), (fixed, before))| {
            let after = findings
                .iter()
                .filter(|f| f.rule_id == *rule && f.address == *address)
                .count();
            after + fixed > *before
        })
        .map(|((rule, address), _)| format!("{rule} on `{address}`"))
        .collect();
    let remaining = findings
        .iter()
        .filter(|f| f.suppressed.is_none() && selected(f))
        .cloned()
        .collect();
    let verdict = if !new.is_empty() {
        Verification::Unverified {
            reason: format!(
                "together, the fixes introduce new findings: {}",
                new.join(", ")
            ),
        }
    } else if !still.is_empty() {
        Verification::Unverified {
            reason: format!(
                "together, the fixes leave findings they fix alone: {}",
                still.join(", ")
            ),
        }
    } else {
        Verification::Verified
    };
    Ok((verdict, remaining))
}
