//! `fix` at scale: hundreds of fixes in one run neither overflow a stack nor cost a re-scan
//! each. The run's fixes are verified together; one bad fix among many is found by halving,
//! with a number of re-scans that grows with the logarithm of the count.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::bisect::verify_together;
use rampart_fix::plan::{Decision, FixSelection, plan_fixes};
use rampart_fix::render::SharedParses;
use rampart_fix::scoped::unverified_remediation;
use rampart_fix::verify::{FixUnderTest, Verification, Workspace};
use rampart_ingest::LoadOptions;
use rampart_model::Edit;
use rampart_rules::{EngineOptions, builtin_rules};

fn trails(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!("resource \"aws_cloudtrail\" \"t{i}\" {{\n  name           = \"t{i}\"\n  s3_bucket_name = \"logs\"\n}}\n\n")
        })
        .collect()
}

fn workspace(text: &str) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), text).unwrap();
    let ws = Workspace::load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    );
    (dir, ws)
}

fn multi_region_only() -> FixSelection {
    FixSelection {
        include_unsafe: false,
        rule_ids: vec!["AWS-CT-001".into()],
    }
}

#[test]
fn eight_hundred_fixes_in_one_file_are_planned_without_overflowing_a_stack() {
    let (_dir, ws) = workspace(&trails(800));
    let plan = plan_fixes(&ws, &multi_region_only(), &mut |_| true).unwrap();
    assert_eq!(plan.combined, Verification::Verified);
    let applied = plan.applied().count();
    let skipped: Vec<_> = plan
        .items
        .iter()
        .filter(|p| p.decision != Decision::Apply)
        .map(|p| (&p.finding.address, &p.decision))
        .take(3)
        .collect();
    assert_eq!(applied, 800, "skipped: {skipped:?}");
    let text = plan.new_texts.values().next().expect("main.tf is fixed");
    assert_eq!(text.matches("is_multi_region_trail = true").count(), 800);
    assert!(plan.remaining.is_empty(), "{:?}", plan.remaining.first());
}

#[test]
fn one_bad_fix_among_many_costs_a_logarithmic_number_of_rescans() {
    let (_dir, ws) = workspace(&trails(64));
    let parses = SharedParses::default();
    let targets: Vec<_> = ws
        .findings
        .iter()
        .filter(|f| f.rule_id == "AWS-CT-001")
        .collect();
    assert_eq!(targets.len(), 64);
    let mut edits: Vec<Vec<Edit>> = targets
        .iter()
        .map(|f| {
            let rem = unverified_remediation(&ws, ws.inventory(), f, &parses).unwrap();
            rem.targets.file().unwrap().edits.clone()
        })
        .collect();
    // fix 37 only adds a comment: its finding stays
    let bad = 37;
    let comment_at = edits[bad][0].start_byte;
    edits[bad] = vec![Edit {
        file: edits[bad][0].file.clone(),
        start_byte: comment_at,
        end_byte: comment_at,
        replacement: "  # looked at\n".into(),
    }];
    let fixes: Vec<FixUnderTest<'_>> = targets
        .iter()
        .zip(&edits)
        .map(|(target, edits)| FixUnderTest {
            target,
            edits,
            removed: &[],
        })
        .collect();
    let together = verify_together(&ws, &fixes);
    for (i, verdict) in together.verdicts.iter().enumerate() {
        if i == bad {
            assert!(
                matches!(verdict, Verification::Unverified { reason } if reason.contains("AWS-CT-001 is still reported on `aws_cloudtrail.t37`")),
                "{verdict:?}"
            );
        } else {
            assert_eq!(verdict, &Verification::Verified, "fix {i}");
        }
    }
    // the whole set, then two halves per level of the 6 levels down to the bad fix
    assert!(
        together.rescans <= 1 + 2 * 6,
        "{} re-scans for 64 fixes",
        together.rescans
    );
    let after = together.findings_after.unwrap();
    let left: Vec<_> = after
        .iter()
        .filter(|f| f.rule_id == "AWS-CT-001")
        .map(|f| f.address.as_str())
        .collect();
    assert_eq!(left, vec!["aws_cloudtrail.t37"]);
}

#[test]
fn good_fixes_are_verified_with_a_single_rescan() {
    let (_dir, ws) = workspace(&trails(50));
    let parses = SharedParses::default();
    let targets: Vec<_> = ws
        .findings
        .iter()
        .filter(|f| f.rule_id == "AWS-CT-001")
        .collect();
    let edits: Vec<Vec<Edit>> = targets
        .iter()
        .map(|f| {
            unverified_remediation(&ws, ws.inventory(), f, &parses)
                .unwrap()
                .targets
                .file()
                .unwrap()
                .edits
                .clone()
        })
        .collect();
    let fixes: Vec<FixUnderTest<'_>> = targets
        .iter()
        .zip(&edits)
        .map(|(target, edits)| FixUnderTest {
            target,
            edits,
            removed: &[],
        })
        .collect();
    let together = verify_together(&ws, &fixes);
    assert_eq!(together.rescans, 1);
    assert!(together.verdicts.iter().all(Verification::is_verified));
}
