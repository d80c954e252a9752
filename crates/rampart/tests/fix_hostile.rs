//! `rampart fix` at scale, under concurrency and in odd trees, end to end: 800 fixes in one
//! file (written and as a dry run), two runs on one file at once, a read-only file, a file
//! owned by another user, and a temporary file left by a killed run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use common::{outcome, project, rampart};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

const TRAIL: &str = "resource \"aws_cloudtrail\" \"main\" {\n  name           = \"main\"\n  s3_bucket_name = \"logs\"\n}\n";

fn fix(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(rampart().current_dir(cwd).arg("fix").args(args))
}

#[test]
fn eight_hundred_fixes_in_one_file_are_applied_and_shown() {
    let trails: String = (0..800)
        .map(|i| TRAIL.replace("\"main\" {", &format!("\"t{i}\" {{")) + "\n")
        .collect();
    let dir = project(&[("main.tf", &trails)]);
    let (code, diff, err) = fix(dir.path(), &[".", "--rule", "AWS-CT-001", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(diff.matches("+  is_multi_region_trail = true").count(), 800);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        trails
    );

    let (code, _, err) = fix(dir.path(), &[".", "--rule", "AWS-CT-001"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("800 fix(es) applied, 0 finding(s) remain"),
        "{err}"
    );
    let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
    assert_eq!(text.matches("is_multi_region_trail = true").count(), 800);
}

#[test]
fn two_runs_at_once_on_one_file_never_both_succeed_with_a_fix_lost() {
    let bin = env!("CARGO_BIN_EXE_rampart");
    for round in 0..5 {
        let dir = project(&[("main.tf", TRAIL)]);
        let spawn = |rule: &str| {
            Command::new(bin)
                .current_dir(dir.path())
                .args(["fix", ".", "--rule", rule])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let runs = [
            (spawn("AWS-CT-001"), "is_multi_region_trail = true"),
            (spawn("AWS-CT-002"), "enable_log_file_validation = true"),
        ];
        let outcomes: Vec<_> = runs
            .into_iter()
            .map(|(child, fix)| (child.wait_with_output().unwrap(), fix))
            .collect();
        let text = std::fs::read_to_string(dir.path().join("main.tf")).unwrap();
        for (out, fix) in &outcomes {
            let err = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => assert!(
                    has_setting(&text, fix),
                    "round {round}: reported `{fix}` applied but it was lost:\n{err}\n{text}"
                ),
                Some(2) => assert!(
                    err.contains("error: ./main.tf:1: ")
                        && err.contains("not fixed: ./main.tf changed since it was scanned"),
                    "round {round}: {err}"
                ),
                other => panic!("round {round}: exit {other:?}: {err}"),
            }
        }
    }
}

#[test]
fn a_read_only_file_is_refused_per_finding_and_the_run_fails() {
    let dir = project(&[("main.tf", TRAIL)]);
    let main = dir.path().join("main.tf");
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, err) = fix(
        dir.path(),
        &[".", "--rule", "AWS-CT-001", "--rule", "AWS-CT-002"],
    );
    assert_eq!(code, 2, "{err}");
    for rule in ["AWS-CT-001", "AWS-CT-002"] {
        assert!(
            err.contains(&format!(
                "error: ./main.tf:1: {rule} aws_cloudtrail.main not fixed: ./main.tf is read-only (mode 444)"
            )),
            "{err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&main).unwrap(), TRAIL);
    assert_eq!(
        std::fs::metadata(&main).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_file_of_another_user_keeps_its_owner_group_and_mode() {
    let dir = project(&[("main.tf", TRAIL)]);
    let main = dir.path().join("main.tf");
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o664)).unwrap();
    if let Err(e) = std::os::unix::fs::chown(&main, Some(65534), Some(65534)) {
        // only root may give a file away; these tests run as root
        eprintln!("skipped: cannot chown as this user ({e})");
        return;
    }
    let (code, _, err) = fix(dir.path(), &[".", "--rule", "AWS-CT-001"]);
    assert_eq!(code, 0, "{err}");
    let meta = std::fs::metadata(&main).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert_eq!(meta.permissions().mode() & 0o7777, 0o664);
    assert!(
        std::fs::read_to_string(&main)
            .unwrap()
            .contains("is_multi_region_trail = true")
    );
}

#[test]
fn a_temporary_file_left_by_a_killed_run_is_removed_by_the_next_run() {
    let dir = project(&[("main.tf", TRAIL), (".rampart-fix-K1ll3d", "half a fix")]);
    let planted = dir.path().join(".rampart-fix-K1ll3d");
    std::fs::File::options()
        .write(true)
        .open(&planted)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    let (code, _, err) = fix(dir.path(), &[".", "--rule", "AWS-CT-001"]);
    assert_eq!(code, 0, "{err}");
    assert!(!planted.exists(), "{err}");
    assert!(
        err.contains("removed ./.rampart-fix-K1ll3d, left behind by an interrupted run"),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("main.tf")]);
}

/// True when `text` has the line `setting` (`key = value`), however it is aligned: a run that
/// scans a file another run fixed aligns its new attribute with the ones there.
fn has_setting(text: &str, setting: &str) -> bool {
    let wanted: Vec<&str> = setting.split_whitespace().collect();
    text.lines()
        .any(|l| l.split_whitespace().collect::<Vec<_>>() == wanted)
}
