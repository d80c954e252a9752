//! End-to-end tests of `rampart explain FINDING` on a copy of `examples/` and on a
//! CloudFormation template: by `file:line` and by finding id, in text and JSON, the attack is
//! told with the real bucket name, the blast radius lists related resources, and the
//! remediation block carries its diff, CLI command, verification and safety verdicts.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value as Json;
use std::path::Path;

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

fn copy_of_examples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples"),
        &dir.path().join("examples"),
    );
    dir
}

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

/// The line of the first line of `file` containing `needle` (1-based).
fn line_of(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()))
        + 1
}

#[test]
fn explain_file_line_tells_the_attack_with_the_real_bucket_name() {
    let dir = copy_of_examples();
    let module = dir.path().join("examples/modules/static-site/main.tf");
    let line = line_of(&module, "acl    = \"public-read\"");
    let place = format!("examples/modules/static-site/main.tf:{line}");
    let (code, out, stderr) = rampart(dir.path(), &["explain", &place]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        out.starts_with("AWS-S3-001: "),
        "the finding on that line comes first: {out}"
    );
    for expected in [
        "What is wrong",
        "Why it matters",
        "Anyone on the internet can list and read objects of shop-prod-marketing",
        "Blast radius",
        "module.site[\"marketing\"].aws_s3_bucket.this is the resource this setting belongs to",
        "verification: verified",
        "auto-apply: no: fix_marked_unsafe",
        "+  acl    = \"private\"",
        "$ aws s3api put-bucket-acl --bucket shop-prod-marketing --acl private",
        "read back: $ aws s3api get-bucket-acl --bucket shop-prod-marketing",
        "Open the S3 console and choose the bucket shop-prod-marketing.",
        "s3.put_bucket_acl(Bucket=\"shop-prod-marketing\", ACL=\"private\")",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
    // explaining changes nothing
    let again = std::fs::read_to_string(&module).unwrap();
    assert!(again.contains("acl    = \"public-read\""));
}

#[test]
fn the_diff_explain_prints_for_a_folder_outside_the_current_one_applies_as_printed() {
    let dir = copy_of_examples();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let module = dir.path().join("examples/modules/static-site/main.tf");
    let line = line_of(&module, "acl    = \"public-read\"");
    let place = format!("../examples/modules/static-site/main.tf:{line}");
    let (code, out, stderr) = rampart(&work, &["explain", &place]);
    assert_eq!(code, 0, "{stderr}");
    // the diff block as printed: from its first line to the end of its indented lines
    let start = out
        .find("    # paths are relative to ")
        .unwrap_or_else(|| panic!("no relocated diff in:\n{out}"));
    let block: String = out
        .get(start..)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("    "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!block.contains("a/../"), "{block}");
    let first = block.lines().next().unwrap();
    let folder = "../examples/modules/static-site";
    assert!(
        first.contains(&format!("`patch -d {folder} -p1`")),
        "{first}"
    );
    // `patch` reads an indented diff as it is printed
    let mut patch = std::process::Command::new("patch")
        .args(["-d", folder, "-p1", "--batch", "--forward"])
        .current_dir(&work)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("`patch` is installed");
    std::io::Write::write_all(patch.stdin.as_mut().unwrap(), block.as_bytes()).unwrap();
    let patched = patch.wait_with_output().unwrap();
    assert!(
        patched.status.success(),
        "patch failed: {}\n{block}",
        String::from_utf8_lossy(&patched.stdout)
    );
    let after = std::fs::read_to_string(&module).unwrap();
    assert!(!after.contains("acl    = \"public-read\""), "{after}");
    assert!(after.contains("acl    = \"private\""), "{after}");
}

#[test]
fn explain_finding_id_as_json_carries_the_remediation_block() {
    let dir = copy_of_examples();
    let (_, stdout, _) = rampart(dir.path(), &["scan", "examples", "--format", "json", "-q"]);
    let report: Json = serde_json::from_str(&stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "AWS-EC2-001")
        .unwrap();
    let id = finding["id"].as_str().unwrap();
    let (code, out, stderr) = rampart(dir.path(), &["explain", id, "examples", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let explained: Json = serde_json::from_str(&out).unwrap();
    let e = &explained[0];
    assert_eq!(e["finding"]["id"], id);
    let attack = e["attack"].as_str().unwrap();
    assert!(
        attack.contains("on the internet (0.0.0.0/0) can reach port 22")
            && attack.contains("shop-prod-bastion"),
        "{attack}"
    );
    assert!(
        e["blast_radius"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["address"] == "aws_security_group.bastion"),
        "{e:#}"
    );
    let rem = &e["remediation"];
    assert_eq!(rem["verified"]["status"], "verified");
    assert_eq!(rem["safety"]["auto_apply"], false);
    assert!(
        rem["targets"]["terraform"]["diff"]
            .as_str()
            .unwrap()
            .contains("-resource \"aws_security_group_rule\" \"bastion_ssh\" {")
    );
    assert!(
        rem["targets"]["cli"][0]["command"]
            .as_str()
            .unwrap()
            .starts_with("aws ec2 revoke-security-group-ingress")
    );

    // a short unique prefix of the id works too; an unknown id is an error naming it
    let (code, out, _) = rampart(dir.path(), &["explain", &id[..8], "examples"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("AWS-EC2-001: "), "{out}");
    let (code, _, stderr) = rampart(dir.path(), &["explain", "0123456789abcdef", "examples"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no finding with id `0123456789abcdef`"),
        "{stderr}"
    );
}

#[test]
fn explain_on_a_template_shows_the_cloudformation_diff() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("stack.yaml"),
        "Resources:\n  Reports:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-finance-reports\n      AccessControl: PublicRead\n",
    )
    .unwrap();
    let (code, out, stderr) = rampart(dir.path(), &["explain", "stack.yaml:6"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.starts_with("AWS-S3-001: "), "{out}");
    assert!(
        out.contains("objects of acme-finance-reports")
            && out.contains("CloudFormation")
            && out.contains("-      AccessControl: PublicRead")
            && out.contains("+      AccessControl: Private"),
        "{out}"
    );
}

#[test]
fn scan_json_carries_remediation_blocks_only_when_asked() {
    let dir = copy_of_examples();
    let (_, plain, _) = rampart(dir.path(), &["scan", "examples", "--format", "json", "-q"]);
    let plain: Json = serde_json::from_str(&plain).unwrap();
    assert!(plain["findings"][0].get("remediation").is_none());
    let (code, with, stderr) = rampart(
        dir.path(),
        &[
            "scan",
            "examples",
            "--format",
            "json",
            "--remediation",
            "-q",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    let with: Json = serde_json::from_str(&with).unwrap();
    // the report with remediation blocks still follows the published schema
    common::assert_report_schema(&with);
    let findings = with["findings"].as_array().unwrap();
    let cloudtrail = findings
        .iter()
        .find(|f| f["rule_id"] == "AWS-CT-001")
        .unwrap();
    assert_eq!(cloudtrail["remediation"]["verified"]["status"], "verified");
    assert!(
        cloudtrail["remediation"]["targets"]["cli"][0]["read_back"]
            .as_str()
            .unwrap()
            .starts_with("aws cloudtrail get-trail")
    );
    let admin = findings
        .iter()
        .find(|f| f["rule_id"] == "AWS-IAM-001")
        .unwrap();
    assert!(admin["remediation"].is_null(), "{admin:#}");
    let (code, _, stderr) = rampart(dir.path(), &["scan", "examples", "--remediation"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--remediation needs --format json"),
        "{stderr}"
    );
}
