//! How `rampart fix` writes: two runs racing on one file never both succeed with one fix
//! lost, a read-only file is refused, the owner, group and mode of a replaced file are kept,
//! and temporary files of a killed run are cleaned up by the next run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{FixPlan, FixSelection, plan_fixes};
use rampart_fix::verify::Workspace;
use rampart_fix::writer::write_plan;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::sync::Barrier;
use std::time::{Duration, SystemTime};

const TRAIL: &str = "resource \"aws_cloudtrail\" \"main\" {\n  name           = \"main\"\n  s3_bucket_name = \"logs\"\n}\n";
const MULTI_REGION: &str = "is_multi_region_trail = true";
const VALIDATION: &str = "enable_log_file_validation = true";

fn load(dir: &Path) -> Workspace {
    Workspace::load(
        &[dir.to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    )
}

fn plan(ws: &Workspace, rule: &str) -> FixPlan {
    let selection = FixSelection {
        include_unsafe: false,
        rule_ids: vec![rule.into()],
    };
    let plan = plan_fixes(ws, &selection, &mut |_| true).unwrap();
    assert_eq!(plan.applied().count(), 1, "{:?}", plan.items);
    plan
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rampart-fix-"))
        .collect()
}

#[test]
fn two_runs_racing_on_one_file_never_lose_a_fix() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let main = dir.path().join("main.tf");
        std::fs::write(&main, TRAIL).unwrap();
        // both runs scan the same text, then write at the same moment
        let first = load(dir.path());
        let second = load(dir.path());
        let (plan_a, plan_b) = (plan(&first, "AWS-CT-001"), plan(&second, "AWS-CT-002"));
        let start = Barrier::new(2);
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| {
                start.wait();
                write_plan(&first, &plan_a).unwrap()
            });
            let b = s.spawn(|| {
                start.wait();
                write_plan(&second, &plan_b).unwrap()
            });
            (a.join().unwrap(), b.join().unwrap())
        });
        let text = std::fs::read_to_string(&main).unwrap();
        for (report, fix) in [(&a, MULTI_REGION), (&b, VALIDATION)] {
            if report.written.is_empty() {
                assert!(
                    report.refused.len() == 1
                        && report.refused[0]
                            .reason
                            .contains("changed since it was scanned"),
                    "round {round}: {report:?}"
                );
            } else {
                assert!(
                    has_setting(&text, fix),
                    "round {round}: a run reported `{fix}` written but it was lost:\n{text}"
                );
            }
        }
        assert_eq!(
            a.written.len() + b.written.len(),
            1,
            "round {round}: exactly one run wins: {a:?} {b:?}"
        );
        assert!(leftovers(dir.path()).is_empty());
    }
}

#[test]
fn a_read_only_file_is_refused_even_for_root() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, TRAIL).unwrap();
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o444)).unwrap();
    let ws = load(dir.path());
    let report = write_plan(&ws, &plan(&ws, "AWS-CT-001")).unwrap();
    assert!(report.written.is_empty(), "{report:?}");
    assert!(
        report.refused.len() == 1
            && report.refused[0].path == main
            && report.refused[0].reason.contains("is read-only (mode 444)"),
        "{report:?}"
    );
    assert_eq!(std::fs::read_to_string(&main).unwrap(), TRAIL);
    assert!(leftovers(dir.path()).is_empty());
}

#[test]
fn the_owner_group_and_mode_of_a_fixed_file_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, TRAIL).unwrap();
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o640)).unwrap();
    if let Err(e) = std::os::unix::fs::chown(&main, Some(65534), Some(65534)) {
        // only root may give a file away; these tests run as root
        eprintln!("skipped: cannot chown as this user ({e})");
        return;
    }
    let ws = load(dir.path());
    let report = write_plan(&ws, &plan(&ws, "AWS-CT-001")).unwrap();
    assert_eq!(report.written, vec![main.clone()], "{report:?}");
    let meta = std::fs::metadata(&main).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert!(
        std::fs::read_to_string(&main)
            .unwrap()
            .contains(MULTI_REGION)
    );
}

#[test]
fn temporary_files_of_a_killed_run_are_removed_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let main = dir.path().join("main.tf");
    std::fs::write(&main, TRAIL).unwrap();
    let hour = Duration::from_secs(3600);
    let plant = |name: &str, modified: SystemTime| {
        let f = std::fs::File::create(dir.path().join(name)).unwrap();
        std::io::Write::write_all(&mut &f, b"half a fix").unwrap();
        f.set_modified(modified).unwrap();
        f
    };
    // what `kill -9` between writing the copy and renaming it leaves
    drop(plant(".rampart-fix-Ab12Cd", SystemTime::now() - hour));
    // another live run's copy: old, but locked
    let in_use = plant(".rampart-fix-InUse1", SystemTime::now() - hour);
    in_use.lock().unwrap();
    // newer than this run
    drop(plant(".rampart-fix-Later1", SystemTime::now() + hour));
    std::os::unix::fs::symlink(&main, dir.path().join(".rampart-fix-Link01")).unwrap();

    let ws = load(dir.path());
    let report = write_plan(&ws, &plan(&ws, "AWS-CT-001")).unwrap();
    assert_eq!(report.written, vec![main.clone()]);
    assert_eq!(
        report.stale_removed,
        vec![dir.path().join(".rampart-fix-Ab12Cd")]
    );
    let mut left = leftovers(dir.path());
    left.sort();
    assert_eq!(
        left,
        vec![
            ".rampart-fix-InUse1",
            ".rampart-fix-Later1",
            ".rampart-fix-Link01"
        ]
    );
    drop(in_use);
}

/// True when `text` has the line `setting` (`key = value`), however it is aligned: a run that
/// scans a file another run fixed aligns its new attribute with the ones there.
fn has_setting(text: &str, setting: &str) -> bool {
    let wanted: Vec<&str> = setting.split_whitespace().collect();
    text.lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == wanted)
}
