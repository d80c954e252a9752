//! `Finding::history_fingerprint` on findings the real rules produce: moving code inside its
//! file keeps every fingerprint, the same code in another file is another finding.

use rampart_ingest::load_terraform_text;
use rampart_rules::{EngineOptions, builtin_rules, run_rules};
use std::collections::BTreeSet;

const BUCKET: &str = r#"
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
  acl    = "public-read"
}
"#;

fn scan(file: &str, text: &str) -> Vec<rampart_model::Finding> {
    let out = load_terraform_text(file, text);
    run_rules(&out.inventory, &builtin_rules(), &EngineOptions::default())
}

fn prints(findings: &[rampart_model::Finding]) -> BTreeSet<String> {
    findings.iter().map(|f| f.history_fingerprint()).collect()
}

#[test]
fn moving_code_keeps_fingerprints_and_another_file_changes_them() {
    let before = scan("main.tf", BUCKET);
    assert!(before.len() >= 2, "the public bucket should have findings");
    let moved = scan("main.tf", &format!("\n\n\n\n{BUCKET}"));
    assert_ne!(
        before.iter().map(|f| f.line()).collect::<Vec<_>>(),
        moved.iter().map(|f| f.line()).collect::<Vec<_>>(),
        "the lines moved"
    );
    assert_eq!(prints(&before), prints(&moved));
    // one fingerprint per finding: rule and resource identify it
    assert_eq!(prints(&before).len(), before.len());
    let elsewhere = scan("modules/logs/main.tf", BUCKET);
    assert!(prints(&before).is_disjoint(&prints(&elsewhere)));
}
