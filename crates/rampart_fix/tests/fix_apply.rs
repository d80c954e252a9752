//! What `rampart fix` relies on: planning and writing fixes. Writes keep permissions, are
//! atomic (a failed write leaves the original intact and no temporary file behind), a second
//! run changes nothing, the dry-run diff applies with `patch -p1`, files outside the scanned
//! paths are never edited, and fixes that could break a working system wait for `--unsafe`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{Decision, FixSelection, plan_fixes};
use rampart_fix::remediation::diff_of;
use rampart_fix::verify::{Verification, Workspace};
use rampart_fix::writer::{write_atomically_with, write_plan};
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const MAIN: &str = "# storage for the app\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 40 # GiB\n}\n\nresource \"aws_instance\" \"web\" {\n  ami           = \"ami-1\"\n  instance_type = \"t3.micro\"\n}\n";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn load(roots: &[PathBuf], options: &LoadOptions) -> Workspace {
    Workspace::load(roots, options, builtin_rules(), EngineOptions::default())
}

fn all(include_unsafe: bool) -> FixSelection {
    FixSelection {
        include_unsafe,
        rule_ids: Vec::new(),
    }
}

#[test]
fn fixes_are_written_with_permissions_kept_and_a_second_run_changes_nothing() {
    let dir = project(&[("main.tf", MAIN)]);
    let main = dir.path().join("main.tf");
    std::fs::set_permissions(&main, std::fs::Permissions::from_mode(0o640)).unwrap();
    let roots = vec![dir.path().to_path_buf()];

    let ws = load(&roots, &LoadOptions::default());
    let plan = plan_fixes(&ws, &all(true), &mut |_| true).unwrap();
    assert_eq!(plan.combined, Verification::Verified);
    let applied: Vec<&str> = plan.applied().map(|p| &*p.finding.rule_id).collect();
    assert!(
        applied.contains(&"AWS-EBS-001") && applied.contains(&"AWS-EC2-007"),
        "{applied:?}"
    );
    let written = write_plan(&ws, &plan).unwrap().written;
    assert_eq!(written.len(), 1);
    let text = std::fs::read_to_string(&main).unwrap();
    assert!(
        text.starts_with("# storage for the app\n")
            && text.contains("  size              = 40 # GiB\n"),
        "{text}"
    );
    assert!(
        text.contains("encrypted") && text.contains("http_tokens = \"required\""),
        "{text}"
    );
    assert_eq!(
        std::fs::metadata(&main).unwrap().permissions().mode() & 0o777,
        0o640
    );

    let again = load(&roots, &LoadOptions::default());
    let second = plan_fixes(&again, &all(true), &mut |_| true).unwrap();
    assert_eq!(second.applied().count(), 0, "{:?}", second.items);
    assert!(second.new_texts.is_empty());
    assert_eq!(
        write_plan(&again, &second).unwrap().written,
        Vec::<PathBuf>::new()
    );
    assert_eq!(std::fs::read_to_string(&main).unwrap(), text);
}

#[test]
fn unsafe_fixes_wait_for_the_flag_and_interactive_answers_are_respected() {
    let dir = project(&[("main.tf", MAIN)]);
    let ws = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    let plan = plan_fixes(&ws, &all(false), &mut |_| true).unwrap();
    let ebs = plan
        .items
        .iter()
        .find(|p| p.finding.rule_id == "AWS-EBS-001")
        .unwrap();
    assert!(
        matches!(&ebs.decision, Decision::Skip(why) if why.contains("--unsafe")),
        "{:?}",
        ebs.decision
    );

    let mut asked = Vec::new();
    let plan = plan_fixes(&ws, &all(true), &mut |rem| {
        asked.push(rem.rule_id.clone());
        rem.rule_id != "AWS-EBS-001"
    })
    .unwrap();
    assert!(asked.contains(&"AWS-EBS-001".to_string()));
    let ebs = plan
        .items
        .iter()
        .find(|p| p.finding.rule_id == "AWS-EBS-001")
        .unwrap();
    assert_eq!(ebs.decision, Decision::Skip("declined".into()));
    assert!(plan.remaining.iter().any(|f| f.rule_id == "AWS-EBS-001"));
}

#[test]
fn a_failed_write_leaves_the_original_intact() {
    let dir = project(&[("main.tf", MAIN)]);
    let main = dir.path().join("main.tf");
    let result = write_atomically_with(&main, "garbage", |_| {
        Err(std::io::Error::other("disk full"))
    });
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("main.tf") && err.contains("disk full"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&main).unwrap(), MAIN);
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        left,
        vec![std::ffi::OsString::from("main.tf")],
        "no temporary file is left"
    );
}

#[test]
fn a_file_changed_since_the_scan_is_not_overwritten() {
    let dir = project(&[("main.tf", MAIN)]);
    let ws = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    let plan = plan_fixes(&ws, &all(true), &mut |_| true).unwrap();
    std::fs::write(dir.path().join("main.tf"), "# edited meanwhile\n").unwrap();
    let report = write_plan(&ws, &plan).unwrap();
    assert!(report.written.is_empty(), "{report:?}");
    assert!(
        report.refused.len() == 1
            && report.refused[0].path.ends_with("main.tf")
            && report.refused[0]
                .reason
                .contains("changed since it was scanned"),
        "{report:?}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "# edited meanwhile\n"
    );
}

#[test]
fn the_dry_run_diff_applies_with_patch_p1() {
    assert!(
        Path::new("/usr/bin/patch").exists() || which_patch(),
        "the `patch` binary is part of the base system"
    );
    let dir = project(&[
        ("main.tf", MAIN),
        (
            "modules/x/other.tf",
            "resource \"aws_kms_key\" \"k\" {\n  description = \"k\"\n}\n",
        ),
    ]);
    let ws = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    let plan = plan_fixes(&ws, &all(true), &mut |_| true).unwrap();
    let edited: Vec<String> = plan
        .new_texts
        .keys()
        .map(|file| {
            Path::new(file)
                .strip_prefix(dir.path())
                .unwrap_or_else(|_| panic!("{file} is outside the project"))
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        edited,
        ["main.tf", "modules/x/other.tf"],
        "fixes in two files"
    );
    let diff = diff_of(&ws, &plan.edits);
    assert!(diff.contains("--- a/") && diff.contains("+++ b/"), "{diff}");
    // the temporary folder is outside the current one: the first line names the folder the
    // paths are relative to, and `patch -d` there applies the diff as printed
    let folder = diff
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# paths are relative to "))
        .and_then(|l| l.split_once(": apply with"))
        .map(|(folder, _)| folder.to_string())
        .unwrap_or_else(|| panic!("no folder line: {diff}"));
    assert_eq!(
        Path::new(&folder).canonicalize().unwrap(),
        dir.path().canonicalize().unwrap()
    );
    let out = std::process::Command::new("patch")
        .args(["-p1", "--forward", "--batch", "-d", &folder])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(diff.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "patch failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, text) in &plan.new_texts {
        assert_eq!(&std::fs::read_to_string(file).unwrap(), text, "{file}");
    }
}

fn which_patch() -> bool {
    std::process::Command::new("which")
        .arg("patch")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn files_outside_the_scanned_paths_are_never_edited() {
    let dir = project(&[
        (
            "main.tf",
            "resource \"aws_instance\" \"web\" {\n  ami = \"ami-1\"\n  metadata_options {\n    http_tokens = var.tokens\n  }\n}\n",
        ),
        (
            "variables.tf",
            "variable \"tokens\" {\n  default = \"required\"\n}\n",
        ),
    ]);
    let elsewhere = project(&[("prod.tfvars", "tokens = \"optional\"\n")]);
    let options = LoadOptions {
        var_files: vec![elsewhere.path().join("prod.tfvars")],
        ..LoadOptions::default()
    };
    let ws = load(&[dir.path().to_path_buf()], &options);
    let plan = plan_fixes(&ws, &all(true), &mut |_| true).unwrap();
    let imds = plan
        .items
        .iter()
        .find(|p| p.finding.rule_id == "AWS-EC2-007")
        .expect("reported from the var file value");
    assert!(
        matches!(&imds.decision, Decision::Skip(why) if why.contains("outside the scanned paths")),
        "{:?}",
        imds.decision
    );
    assert!(plan.new_texts.keys().all(|f| !f.contains("prod.tfvars")));
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("prod.tfvars")).unwrap(),
        "tokens = \"optional\"\n"
    );
}

#[test]
fn website_buckets_and_load_balancer_ports_are_not_auto_applied() {
    let dir = project(&[(
        "main.tf",
        r#"resource "aws_s3_bucket" "site" {
  bucket = "acme-site"
  acl    = "public-read"

  website {
    index_document = "index.html"
  }
}

resource "aws_security_group" "lb" {
  name        = "lb"
  description = "public load balancer"

  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "public" {
  name            = "public"
  internal        = false
  security_groups = [aws_security_group.lb.id]
}
"#,
    )]);
    let ws = load(&[dir.path().to_path_buf()], &LoadOptions::default());
    let acl = ws
        .findings
        .iter()
        .find(|f| f.rule_id == "AWS-S3-001")
        .expect("public ACL reported");
    let rem = rampart_fix::remediate(&ws, acl).expect("a fix");
    let website = rem
        .safety
        .facts
        .iter()
        .find(|f| f.fact == "bucket_hosts_website")
        .expect("fact listed");
    assert!(website.holds && !rem.safety.auto_apply, "{:?}", rem.safety);

    // closing 443 on the group the internet-facing load balancer uses
    let close = rampart_rules::rule::Fix {
        summary: "remove the open ingress".into(),
        changes: vec![rampart_model::Change::RemoveAttribute {
            address: "aws_security_group.lb".into(),
            path: "ingress.0".into(),
        }],
        applicability: rampart_model::Applicability::Safe,
    };
    let verdict = rampart_fix::safety::assess(
        ws.inventory(),
        "aws_security_group.lb",
        &close,
        &Verification::Verified,
    );
    let lb = verdict
        .facts
        .iter()
        .find(|f| f.fact == "security_group_serves_internet_facing_load_balancer")
        .expect("fact listed");
    assert!(lb.holds && !verdict.auto_apply, "{verdict:?}");
    assert!(lb.detail.contains("aws_lb.public"), "{}", lb.detail);
    let plan = plan_fixes(&ws, &all(false), &mut |_| true).unwrap();
    let s3 = plan
        .items
        .iter()
        .find(|p| p.finding.rule_id == "AWS-S3-001")
        .unwrap();
    assert!(
        matches!(&s3.decision, Decision::Skip(why) if why.contains("bucket_hosts_website")),
        "{:?}",
        s3.decision
    );
}
