//! `rampart scan` and `explain` on a check left undecided by an unknown value: counted,
//! listed with `--show-undecided`, explained at its FILE:LINE, and never a failure.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{outcome, project, rampart, scan_json};

// AWS-EBS-001 reads `encrypted`, which is a variable without a value: it cannot decide
const UNKNOWN_ENCRYPTION: &str = r#"variable "encrypted" {}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypted
}
"#;

#[test]
fn undecided_is_counted_listed_on_request_and_never_fails_the_scan() {
    let dir = project(&[("main.tf", UNKNOWN_ENCRYPTION)]);
    let (code, report) = scan_json(dir.path(), &["--rule", "AWS-EBS-001"]);
    assert_eq!(code, 0, "undecided is not a finding: {report}");
    assert_eq!(report["summary"]["undecided"], 1, "{report}");
    let u = &report["undecided"][0];
    assert_eq!(u["rule_id"], "AWS-EBS-001");
    assert_eq!(u["address"], "aws_ebs_volume.data");
    assert_eq!(u["attribute"], "encrypted");
    assert_eq!(u["line"], 6);

    let (code, text, _) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--rule", "AWS-EBS-001"]),
    );
    assert_eq!(code, 0);
    assert!(
        text.contains("1 check undecided (--show-undecided lists them)"),
        "{text}"
    );
    assert!(!text.contains("undecided checks"), "{text}");
    let (code, listed, _) = outcome(rampart().arg("scan").arg(dir.path()).args([
        "--rule",
        "AWS-EBS-001",
        "--show-undecided",
    ]));
    assert_eq!(code, 0);
    assert!(
        listed.contains("main.tf:6: AWS-EBS-001 aws_ebs_volume.data: `encrypted` is unknown"),
        "{listed}"
    );
}

#[test]
fn explain_at_the_line_says_which_value_is_unknown() {
    let dir = project(&[("main.tf", UNKNOWN_ENCRYPTION)]);
    let place = format!("{}:6", dir.path().join("main.tf").display());
    let (code, out, stderr) = outcome(rampart().current_dir(dir.path()).args(["explain", &place]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        out.contains("undecided: AWS-EBS-001 on aws_ebs_volume.data"),
        "{out}"
    );
    assert!(out.contains("`encrypted` is unknown statically"), "{out}");
    // a line with neither a finding nor an undecided check is still an error
    let nowhere = format!("{}:1", dir.path().join("main.tf").display());
    let (code, _, stderr) = outcome(
        rampart()
            .current_dir(dir.path())
            .args(["explain", &nowhere]),
    );
    assert_ne!(code, 0);
    assert!(stderr.contains("no finding at"), "{stderr}");
}

#[test]
fn a_secret_read_from_a_variable_is_decided_not_undecided() {
    // `password = var.db_password` is the recommended pattern: not hard-coded, decided
    let dir = project(&[(
        "main.tf",
        r#"variable "db_password" {}

resource "aws_db_instance" "db" {
  engine         = "postgres"
  instance_class = "db.t3.micro"
  username       = "app"
  password       = var.db_password
}
"#,
    )]);
    let (_, report) = scan_json(dir.path(), &["--rule", "AWS-SEC-004"]);
    assert_eq!(report["summary"]["undecided"], 0, "{report}");
}
