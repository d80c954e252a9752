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
use std::collections::{BTreeMap, BTreeSet};
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
    /// How many times the fixes were planned: a fix that edits the text another fix edits is
    /// planned again on the edited text.
    pub rounds: usize,
}

impl FixPlan {
    pub fn applied(&self) -> impl Iterator<Item = &Planned> {
        self.items.iter().filter(|p| p.decision == Decision::Apply)
    }
}

/// Most rounds of planning in one run. Each round applies what it can and re-plans, on the
/// edited text, the fixes that clashed with an applied one; a round that applies nothing ends
/// the run. Eight is far more than any fixture needs (two): past it the rest waits for the
/// next run, and the skip reason says so.
pub const MAX_ROUNDS: usize = 8;

/// Where a finding is (rule, file, address): stable across rounds, unlike its attribute index
/// (removing `ingress.0` renumbers `ingress.1`).
type Place = (String, String, String);

fn place_of(f: &Finding) -> Place {
    (
        f.rule_id.to_string(),
        f.file().unwrap_or("").to_string(),
        f.address.clone(),
    )
}

/// Plans the fixes of the workspace's open findings. `confirm` is asked about each fix that
/// passed every check (interactive mode); return `true` to take it. A fix that edits the same
/// text as an applied one, or that fails only on top of one, is planned again on the edited
/// text (in memory, nothing is written), round after round, so a second run changes nothing.
pub fn plan_fixes(
    ws: &Workspace,
    selection: &FixSelection,
    confirm: &mut dyn FnMut(&Remediation) -> bool,
) -> Result<FixPlan, FixError> {
    plan_fixes_within(ws, selection, confirm, MAX_ROUNDS)
}

/// [`plan_fixes`] with at most `max_rounds` rounds (at least one).
pub fn plan_fixes_within(
    ws: &Workspace,
    selection: &FixSelection,
    confirm: &mut dyn FnMut(&Remediation) -> bool,
    max_rounds: usize,
) -> Result<FixPlan, FixError> {
    let max_rounds = max_rounds.max(1);
    // a fix declined once is not asked about again in a later round
    let mut declined: BTreeSet<(Place, String)> = BTreeSet::new();
    let mut items: Vec<Planned> = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut first_edits: Vec<Edit> = Vec::new();
    let mut later: Option<Workspace> = None;
    let mut retry: Option<BTreeSet<Place>> = None;
    let mut rounds = 0;
    let remaining = loop {
        rounds += 1;
        let current = later.as_ref().unwrap_or(ws);
        let mut ask = |rem: &Remediation| {
            let key = (
                (rem.rule_id.clone(), rem_file(rem), rem.address.clone()),
                rem.summary.clone(),
            );
            if declined.contains(&key) {
                return false;
            }
            let yes = confirm(rem);
            if !yes {
                declined.insert(key);
            }
            yes
        };
        let round = plan_round(current, selection, retry.as_ref(), &mut ask)?;
        if rounds == 1 {
            first_edits = round.plan.edits.clone();
        }
        texts.extend(round.plan.new_texts.clone());
        let applied_any = round.plan.applied().next().is_some();
        let again: BTreeSet<Place> = round
            .plan
            .items
            .iter()
            .zip(&round.retry)
            .filter(|(_, r)| **r)
            .map(|(p, _)| place_of(&p.finding))
            .collect();
        let last = !applied_any || again.is_empty() || rounds >= max_rounds;
        for (mut item, retried) in round.plan.items.into_iter().zip(round.retry) {
            if retried && !last {
                continue; // decided in the next round
            }
            if retried
                && applied_any
                && let Decision::Skip(why) = &item.decision
            {
                item.decision = Decision::Skip(format!(
                    "{why}; still held back after {max_rounds} round(s) of fixes in this run: run `rampart fix` again to apply it"
                ));
            }
            items.push(item);
        }
        if last {
            break round.plan.remaining;
        }
        later = Some(ws.with_overrides(&texts)?);
        retry = Some(again);
    };
    texts.retain(|file, text| {
        ws.sources
            .get(file.as_str())
            .is_none_or(|old| **old != *text)
    });
    let edits = if rounds == 1 {
        first_edits
    } else {
        texts
            .iter()
            .filter_map(|(file, text)| {
                let old = ws.sources.get(file.as_str())?;
                Some(edits::between(file, old, text))
            })
            .collect()
    };
    Ok(FixPlan {
        items,
        edits,
        new_texts: texts,
        combined: Verification::Verified,
        remaining,
        rounds,
    })
}

fn rem_file(rem: &Remediation) -> String {
    rem.targets
        .file()
        .and_then(|t| t.edits.first())
        .map(|e| e.file.clone())
        .unwrap_or_default()
}

/// One round: the plan of the round's workspace, and per item whether it is to be planned
/// again on the text this round's fixes make.
struct Round {
    plan: FixPlan,
    retry: Vec<bool>,
}

fn plan_round(
    ws: &Workspace,
    selection: &FixSelection,
    only: Option<&BTreeSet<Place>>,
    confirm: &mut dyn FnMut(&Remediation) -> bool,
) -> Result<Round, FixError> {
    let selected = |f: &Finding| {
        selection.rule_ids.is_empty() || selection.rule_ids.iter().any(|r| *r == f.rule_id)
    };
    let open: Vec<&Finding> = ws
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none() && selected(f))
        .filter(|f| only.is_none_or(|places| places.contains(&place_of(f))))
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
    // planned again on the edited text: clashed with an earlier fix, or failed next to them
    let mut retry = vec![false; open.len()];
    for (remediation, retried) in remediations.iter_mut().zip(retry.iter_mut()) {
        let decision = match remediation {
            None => Some(Decision::Skip(
                "the rule has no automatic fix for this finding; see `rampart explain`".into(),
            )),
            Some(rem) => pre_check(ws, rem, selection).or_else(|| {
                let why = rem
                    .targets
                    .file()
                    .and_then(|t| t.edits.iter().find_map(|e| claimed.clash(e)))?;
                *retried = true;
                Some(Decision::Skip(why))
            }),
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
    let mut failed = vec![false; open.len()];
    let mut declined = false;
    for (&i, verdict) in candidates.iter().zip(verdicts) {
        let (Some(Some(rem)), Some(slot)) = (remediations.get_mut(i), decisions.get_mut(i)) else {
            continue;
        };
        set_verdict(rem, verdict);
        if let Verification::Unverified { reason } = &rem.verified {
            *slot = Some(Decision::Skip(format!("not verified: {reason}")));
            if let Some(f) = failed.get_mut(i) {
                *f = true;
            }
            continue;
        }
        let diff = rem
            .targets
            .file()
            .map(|t| diff_of(ws, &t.edits))
            .unwrap_or_default();
        if let Some(t) = rem.targets.file_mut() {
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
                    if let Some(f) = failed.get_mut(i) {
                        *f = true;
                    }
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
    // a fix that failed on top of applied fixes in its file may hold on the text they make
    for ((retried, failed), item) in retry.iter_mut().zip(failed).zip(&items) {
        let edits_fixed_file = item
            .remediation
            .as_ref()
            .and_then(|r| r.targets.file())
            .is_some_and(|t| t.edits.iter().any(|e| new_texts.contains_key(&e.file)));
        *retried |= failed && edits_fixed_file;
    }
    let remaining = match findings_after {
        Some(after) if !new_texts.is_empty() => after,
        _ => ws.findings.clone(),
    }
    .into_iter()
    .filter(|f| f.suppressed.is_none() && selected(f))
    .collect();
    Ok(Round {
        plan: FixPlan {
            items,
            edits,
            new_texts,
            // every applied fix was part of the last set proven together
            combined: Verification::Verified,
            remaining,
            rounds: 1,
        },
        retry,
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
fn pre_check(ws: &Workspace, rem: &Remediation, selection: &FixSelection) -> Option<Decision> {
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
