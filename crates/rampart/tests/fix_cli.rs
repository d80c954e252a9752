//! End-to-end tests of `rampart fix` on a copy of `examples/` (and a CloudFormation
//! template): the dry-run diff applies with `patch -p1` and equals what `fix` writes, `fix`
//! leaves none of the findings it fixed, `--unsafe` fixes the rest it can, a second run changes
//! nothing, and a file outside the scanned paths is never written.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary folder holding a copy of `examples/` as `examples/`.
fn copy_of_examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&examples(), &dir.path().join("examples"));
    dir
}

/// Every file under `root` with its text, by relative path.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let text = std::fs::read_to_string(&p).unwrap();
                out.insert(p.strip_prefix(root).unwrap().to_path_buf(), text);
            }
        }
    }
    out
}

/// Runs rampart in `cwd`; returns (exit code, stdout, stderr).
fn rampart(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("rampart")
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (rule id, address) of the unsuppressed findings of a scan.
fn findings(cwd: &Path, path: &str) -> BTreeSet<(String, String)> {
    let (_, stdout, stderr) = rampart(cwd, &["scan", path, "--format", "json", "-q"]);
    let report: Json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["address"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (rule id, address) of the `fix: RULE ADDRESS: …` lines `rampart fix` prints.
fn applied(stderr: &str) -> BTreeSet<(String, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("fix: "))
        .filter_map(|l| {
            let (rule, rest) = l.split_once(' ')?;
            let (address, _) = rest.split_once(": ")?;
            Some((rule.to_string(), address.to_string()))
        })
        .collect()
}

/// What `fix` applies on `examples/` without `--unsafe`.
const SAFE_FIXES: &[(&str, &str)] = &[
    ("AWS-CT-001", "aws_cloudtrail.main"),
    (
        "AWS-S3-005",
        "module.site[\"marketing\"].aws_s3_bucket.this",
    ),
];

/// What `fix --unsafe` applies after the safe fixes.
const UNSAFE_FIXES: &[(&str, &str)] = &[
    ("AWS-EBS-001", "aws_ebs_volume.scratch"),
    ("AWS-EC2-001", "aws_security_group_rule.bastion_ssh"),
    ("AWS-EC2-005", "aws_security_group_rule.bastion_ssh"),
    ("AWS-EC2-006", "aws_vpc.main"),
    ("AWS-RDS-002", "aws_db_instance.orders"),
    (
        "AWS-S3-001",
        "module.site[\"marketing\"].aws_s3_bucket_acl.public[0]",
    ),
    (
        "AWS-S3-003",
        "module.site[\"marketing\"].aws_s3_bucket.this",
    ),
    ("AWS-S3-012", "aws_s3_bucket.access_logs"),
    ("AWS-S3-012", "module.site[\"docs\"].aws_s3_bucket.this"),
    (
        "AWS-S3-012",
        "module.site[\"marketing\"].aws_s3_bucket.this",
    ),
    ("AWS-S3-014", "aws_s3_bucket.access_logs"),
    ("AWS-S3-014", "module.site[\"docs\"].aws_s3_bucket.this"),
    (
        "AWS-S3-014",
        "module.site[\"marketing\"].aws_s3_bucket.this",
    ),
];

/// The findings of `examples/` that have no automatic fix (a human decision).
const WITHOUT_FIX: &[(&str, &str)] = &[
    ("AWS-EC2-011", "aws_security_group.bastion"),
    ("AWS-EC2-011", "aws_security_group.web"),
    ("AWS-IAM-001", "aws_iam_policy.deploy"),
    ("AWS-S3-013", "aws_s3_bucket.access_logs"),
    ("AWS-S3-013", "module.site[\"docs\"].aws_s3_bucket.this"),
    (
        "AWS-S3-013",
        "module.site[\"marketing\"].aws_s3_bucket.this",
    ),
    ("AWS-SEC-002", "aws_instance.app"),
];

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter()
        .map(|(rule, address)| (rule.to_string(), address.to_string()))
        .collect()
}

#[test]
fn the_dry_run_diff_applies_with_patch_and_equals_what_fix_writes() {
    let dry = copy_of_examples();
    let before = snapshot(dry.path());
    let (code, diff, stderr) = rampart(dry.path(), &["fix", "--dry-run", "examples"]);
    assert_eq!(code, 1, "findings remain after the safe fixes: {stderr}");
    assert!(diff.starts_with("--- a/examples/"), "{diff}\n{stderr}");
    assert_eq!(snapshot(dry.path()), before, "--dry-run wrote a file");
    let fixed_by_dry_run = applied(&stderr);
    assert_eq!(fixed_by_dry_run, pairs(SAFE_FIXES), "{stderr}");

    let mut patch = Command::new("patch")
        .args(["-p1", "--batch", "--forward"])
        .current_dir(dry.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("`patch` is installed");
    std::io::Write::write_all(patch.stdin.as_mut().unwrap(), diff.as_bytes()).unwrap();
    let patched = patch.wait_with_output().unwrap();
    assert!(
        patched.status.success(),
        "patch -p1 failed: {}",
        String::from_utf8_lossy(&patched.stdout)
    );

    let written = copy_of_examples();
    let (code, _, stderr) = rampart(written.path(), &["fix", "examples"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(applied(&stderr), fixed_by_dry_run);
    assert_eq!(
        snapshot(written.path()),
        snapshot(dry.path()),
        "`fix` wrote something else than the dry-run diff"
    );
}

/// Applies `diff` in `cwd` with `program` (`patch` or `git`) and its arguments.
fn apply_diff(cwd: &Path, program: &str, args: &[&str], diff: &str) {
    let mut child = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("`{program}` is installed: {e}"));
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), diff.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_dry_run_diff_of_a_folder_outside_the_current_one_applies_as_printed() {
    let written = copy_of_examples();
    std::fs::create_dir(written.path().join("work")).unwrap();
    let (code, _, stderr) = rampart(&written.path().join("work"), &["fix", "../examples"]);
    assert_eq!(code, 1, "{stderr}");
    for (program, flag) in [("patch", "-p1"), ("git", "apply")] {
        let dry = copy_of_examples();
        let work = dry.path().join("work");
        std::fs::create_dir(&work).unwrap();
        let (_, diff, stderr) = rampart(&work, &["fix", "--dry-run", "../examples"]);
        let first = diff.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("# paths are relative to ../examples: apply with `patch -d ../examples -p1` or `git -C ../examples apply`"),
            "{first}\n{stderr}"
        );
        assert!(!diff.contains("a/../"), "{diff}");
        // the commands the first line names, run where the user is
        let args: Vec<&str> = if program == "patch" {
            vec!["-d", "../examples", flag, "--batch", "--forward"]
        } else {
            vec!["-C", "../examples", flag]
        };
        apply_diff(&work, program, &args, &diff);
        assert_eq!(
            snapshot(&dry.path().join("examples")),
            snapshot(&written.path().join("examples")),
            "`{program}` applied something else than `fix` writes"
        );
    }
}

#[test]
fn fix_then_unsafe_leaves_only_what_has_no_fix_and_a_second_run_changes_nothing() {
    let dir = copy_of_examples();
    let before = findings(dir.path(), "examples");
    let every: BTreeSet<_> = [SAFE_FIXES, UNSAFE_FIXES, WITHOUT_FIX]
        .iter()
        .flat_map(|list| pairs(list))
        .collect();
    assert_eq!(before, every);

    let (_, _, stderr) = rampart(dir.path(), &["fix", "examples"]);
    let safe = applied(&stderr);
    assert_eq!(safe, pairs(SAFE_FIXES), "{stderr}");
    // exactly the safe fixes are gone; the unsafe ones wait for --unsafe
    let after_safe = findings(dir.path(), "examples");
    let unfixed: BTreeSet<_> = before.difference(&safe).cloned().collect();
    assert_eq!(after_safe, unfixed, "{stderr}");

    let (code, _, stderr) = rampart(dir.path(), &["fix", "--unsafe", "examples"]);
    let unsafe_fixed = applied(&stderr);
    assert_eq!(unsafe_fixed, pairs(UNSAFE_FIXES), "{stderr}");
    let remaining = findings(dir.path(), "examples");
    // what remains has no automatic fix (a human decision)
    let skipped_without_fix: BTreeSet<(String, String)> = stderr
        .lines()
        .filter(|l| l.contains("has no automatic fix"))
        .filter_map(|l| l.strip_prefix("skip: "))
        .filter_map(|l| {
            let (rule, rest) = l.split_once(' ')?;
            let (address, _) = rest.split_once(": ")?;
            Some((rule.to_string(), address.to_string()))
        })
        .collect();
    assert_eq!(remaining, skipped_without_fix, "{stderr}");
    assert_eq!(remaining, pairs(WITHOUT_FIX));
    assert_eq!(code, 1, "findings without a fix remain: {stderr}");

    let settled = snapshot(dir.path());
    let (code, diff, stderr) = rampart(dir.path(), &["fix", "--unsafe", "--dry-run", "examples"]);
    assert_eq!((code, diff.as_str()), (1, ""), "{stderr}");
    let (_, _, stderr) = rampart(dir.path(), &["fix", "--unsafe", "examples"]);
    assert!(applied(&stderr).is_empty(), "{stderr}");
    assert!(stderr.contains("0 fix(es) applied"), "{stderr}");
    assert_eq!(snapshot(dir.path()), settled, "a second run changed files");
}

#[test]
fn a_file_outside_the_scanned_paths_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("infra")).unwrap();
    std::fs::write(
        dir.path().join("infra/main.tf"),
        "variable \"encrypted\" {}\n\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n  encrypted         = var.encrypted\n}\n",
    )
    .unwrap();
    let outside = dir.path().join("outside.tfvars");
    std::fs::write(&outside, "encrypted = false\n").unwrap();
    let (code, _, stderr) = rampart(
        dir.path(),
        &["fix", "--unsafe", "infra", "--var-file", "outside.tfvars"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("skip: AWS-EBS-001 aws_ebs_volume.data: it edits")
            && stderr.contains("outside the scanned paths"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&outside).unwrap(),
        "encrypted = false\n"
    );
    assert!(
        std::fs::read_to_string(dir.path().join("infra/main.tf"))
            .unwrap()
            .contains("var.encrypted")
    );
}

#[test]
fn a_cloudformation_template_is_fixed_in_place_keeping_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let template = "# storage\nAWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Data: # scratch space\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: eu-west-1a\n      Size: 40\n";
    std::fs::write(dir.path().join("stack.yaml"), template).unwrap();
    let (code, diff, stderr) = rampart(dir.path(), &["fix", "--unsafe", "--dry-run", "stack.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        diff.contains("--- a/stack.yaml") && diff.contains("+      Encrypted: true"),
        "{diff}"
    );
    let (code, _, stderr) = rampart(dir.path(), &["fix", "--unsafe", "stack.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("stack.yaml")).unwrap(),
        format!("{template}      Encrypted: true\n")
    );
    assert!(findings(dir.path(), "stack.yaml").is_empty());
}
