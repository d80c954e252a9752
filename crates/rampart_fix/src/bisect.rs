//! Verifying many fixes with few re-scans. All fixes of a run are checked together with one
//! re-load of the patched tree; when that fails the set is split in halves and each half is
//! checked on top of what already passed, so one bad fix among n costs O(log n) re-scans and
//! the accepted fixes are always proven together. An explicit work list, not recursion: the
//! depth of nothing here grows with the number of fixes.
//!
//! Never calls a fix verified that was not part of a set the engine proved.

use crate::verify::{FixUnderTest, Verification, Workspace, check_set};
use rampart_model::Finding;
use std::ops::Range;

/// The outcome of checking fixes together.
#[derive(Clone, Debug)]
pub struct Together {
    /// One verdict per fix, in the order given.
    pub verdicts: Vec<Verification>,
    /// The findings of the code with every verified fix applied; `None` when none was.
    pub findings_after: Option<Vec<Finding>>,
    /// How many times the patched tree was re-loaded and re-scanned.
    pub rescans: usize,
}

/// Verifies `fixes` so that the verified ones hold together.
pub fn verify_together(ws: &Workspace, fixes: &[FixUnderTest<'_>]) -> Together {
    let mut verdicts: Vec<Option<Verification>> = vec![None; fixes.len()];
    let mut accepted: Vec<FixUnderTest<'_>> = Vec::new();
    let mut findings_after = None;
    let mut rescans = 0;
    // ranges still to try, the next one last; halves are pushed second half first
    let mut pending: Vec<Range<usize>> = Vec::new();
    pending.push(0..fixes.len());
    while let Some(range) = pending.pop() {
        let Some(chunk) = fixes.get(range.clone()).filter(|c| !c.is_empty()) else {
            continue;
        };
        let mut trial = accepted.clone();
        trial.extend_from_slice(chunk);
        rescans += 1;
        match check_set(ws, &trial) {
            Ok(findings) => {
                accepted = trial;
                findings_after = Some(findings);
                for slot in verdicts.get_mut(range).into_iter().flatten() {
                    *slot = Some(Verification::Verified);
                }
            }
            Err(reason) if range.len() == 1 => {
                if let Some(slot) = verdicts.get_mut(range.start) {
                    *slot = Some(Verification::Unverified { reason });
                }
            }
            Err(_) => {
                let middle = range.start + range.len() / 2;
                pending.push(middle..range.end);
                pending.push(range.start..middle);
            }
        }
    }
    Together {
        verdicts: verdicts
            .into_iter()
            .map(|v| {
                v.unwrap_or(Verification::Unverified {
                    reason: "not checked".into(),
                })
            })
            .collect(),
        findings_after,
        rescans,
    }
}
