//! User-defined rules are seen by every command that looks rules up, not only `scan`.
#![allow(clippy::unwrap_used)]

use assert_cmd::Command;

const RULE: &str = "id: ACME-TAG-001\ntitle: S3 bucket has no owner tag\nseverity: medium\ncategory: data\nresource_kinds: [aws_s3_bucket]\ndescription: Every bucket needs an owner.\nremediation: Add an `owner` tag.\nviolation_when:\n  attribute: tags.owner\n  absent: true\n";

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".rampart/rules")).unwrap();
    std::fs::write(dir.path().join(".rampart/rules/tags.yaml"), RULE).unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"acme-logs\"\n  tags = {\n    team = \"ops\"\n  }\n}\n",
    )
    .unwrap();
    dir
}

#[test]
fn explain_knows_a_user_rule() {
    let dir = project();
    let out = Command::cargo_bin("rampart")
        .unwrap()
        .current_dir(dir.path())
        .args(["explain", "ACME-TAG-001"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "explain failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("S3 bucket has no owner tag"), "{text}");
}

#[test]
fn fix_sees_user_rule_findings_as_remaining() {
    let dir = project();
    // the user rule has no machine fix, so its finding remains and fix reports it (exit 1)
    let out = Command::cargo_bin("rampart")
        .unwrap()
        .current_dir(dir.path())
        .args(["fix", ".", "--dry-run", "--rule", "ACME-TAG-001"])
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(all.contains("ACME-TAG-001"), "{all}");
}
