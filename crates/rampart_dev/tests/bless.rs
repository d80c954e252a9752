//! `rampart-dev fixtures --bless` on a scratch fixtures folder: it writes the findings as
//! `expect:` annotations (a trailing comment, or the sidecar for JSON and heredoc lines),
//! keeps every other byte, writes the fixed-text snapshot, removes stale ones, and a second
//! run changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failed step fails the test

use rampart_dev::fixtures::bless::bless;
use rampart_dev::fixtures::expect::strip;
use rampart_rules::{Rule, builtin_rules};
use std::path::Path;

fn rule(id: &str) -> &'static Rule {
    builtin_rules().into_iter().find(|r| r.id == id).unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

// CRLF line endings, a comment on the reported line, trailing blanks: all kept
const TRAIL: &str = "# a trail without validation\r\nresource \"aws_cloudtrail\" \"main\" {  # keep me\r\n  name           = \"main\"\r\n  s3_bucket_name = \"logs\"\r\n}\r\n";
const POLICY: &str = "resource \"aws_iam_policy\" \"admin\" {\n  name   = \"admin\"\n  policy = <<EOF\n{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}\nEOF\n}\n";

#[test]
fn bless_annotates_keeps_every_other_byte_and_is_idempotent() {
    let root = tempfile::tempdir().unwrap();
    let ct = root.path().join("AWS-CT-002");
    write(&ct.join("bad.tf"), TRAIL);
    write(&ct.join("bad_module/main.tf"), &TRAIL.replace("\r\n", "\n"));
    write(
        &ct.join("good.tf"),
        "resource \"aws_cloudtrail\" \"ok\" {\n  enable_log_file_validation = true\n}\n",
    );
    write(&ct.join("snapshots/bad_gone.tf.fixed"), "stale\n");
    let iam = root.path().join("AWS-IAM-001");
    write(&iam.join("bad.tf"), POLICY);
    let rules = [rule("AWS-CT-002"), rule("AWS-IAM-001")];
    let every = builtin_rules();

    let first = bless(root.path(), &rules, &every, true);
    assert_eq!(first.problems, Vec::<String>::new());
    assert_eq!(first.annotated, 3);

    let trail = read(&ct.join("bad.tf"));
    assert_eq!(
        trail,
        TRAIL.replacen("# keep me\r\n", "# keep me # expect: AWS-CT-002\r\n", 1)
    );
    assert_eq!(
        strip(&trail).0,
        TRAIL,
        "stripping gives back the original bytes"
    );
    assert!(read(&ct.join("bad_module/main.tf")).contains("# keep me # expect: AWS-CT-002\n"));
    // the fixed text of the file and of the folder, and the stale snapshot removed
    let fixed = read(&ct.join("snapshots/bad.tf.fixed"));
    assert!(
        fixed.contains("enable_log_file_validation = true"),
        "{fixed}"
    );
    assert!(
        fixed.contains("# expect: AWS-CT-002"),
        "the fixed text is the annotated fixture's"
    );
    assert!(ct.join("snapshots/bad_module/main.tf.fixed").is_file());
    assert!(!ct.join("snapshots/bad_gone.tf.fixed").exists());
    assert_eq!(first.removed, [ct.join("snapshots/bad_gone.tf.fixed")]);
    assert_eq!(read(&ct.join("good.tf")).matches("expect").count(), 0);
    // a `#` after `<<EOF` would break the heredoc: the line goes to the sidecar
    assert_eq!(read(&iam.join("bad.tf")), POLICY);
    assert_eq!(read(&iam.join("bad.tf.expect")), "3 AWS-IAM-001\n");

    let second = bless(root.path(), &rules, &every, true);
    assert_eq!(second.problems, Vec::<String>::new());
    assert!(
        second.changed.is_empty() && second.removed.is_empty(),
        "{second:?}"
    );
    let check = bless(root.path(), &rules, &every, false);
    assert!(
        check.changed.is_empty() && check.removed.is_empty(),
        "{check:?}"
    );
}

#[test]
fn bless_names_what_it_cannot_bless_and_leaves_it() {
    let root = tempfile::tempdir().unwrap();
    let ct = root.path().join("AWS-CT-002");
    let clean = "resource \"aws_cloudtrail\" \"ok\" {\n  enable_log_file_validation = true\n}\n";
    write(&ct.join("bad_not_bad.tf"), clean);
    write(&ct.join("good.tf"), TRAIL);
    let report = bless(root.path(), &[rule("AWS-CT-002")], &builtin_rules(), true);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("bad_not_bad.tf") && p.contains("reports nothing")),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("good.tf: a good fixture is reported")),
        "{:?}",
        report.problems
    );
    assert_eq!(read(&ct.join("bad_not_bad.tf")), clean);
    assert_eq!(read(&ct.join("good.tf")), TRAIL);
}
