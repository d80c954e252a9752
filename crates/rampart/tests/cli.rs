//! End-to-end tests of the `rampart` binary: exit codes, formats, thresholds, config, baseline,
//! colour, rule listing and suppression comments. Fixtures are written to temporary folders.
//! They rely only on the built-in rule AWS-EBS-001 (unencrypted EBS volume, severity high,
//! aliases CKV_AWS_3, AVD-AWS-0026, aws-ebs-enable-volume-encryption).

// test helpers outside #[test] functions may unwrap too
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{outcome, project, rampart, scan_json};
use serde_json::Value as Json;
use std::path::Path;

const UNENCRYPTED: &str = r#"
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
}
"#;

const ENCRYPTED: &str = r#"
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = true
}
"#;

fn rule_ids(report: &Json) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap().to_string())
        .collect()
}

fn addresses(report: &Json) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"].is_null())
        .map(|f| f["address"].as_str().unwrap().to_string())
        .collect()
}

// ---------- exit codes ----------

#[test]
fn clean_folder_exits_0() {
    let dir = project(&[("main.tf", ENCRYPTED)]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert!(rule_ids(&report).is_empty(), "{report}");
}

#[test]
fn finding_exits_1_and_is_reported_in_text() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, stdout, _) = outcome(rampart().arg("scan").arg(dir.path()));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("AWS-EBS-001"), "{stdout}");
    assert!(stdout.contains("aws_ebs_volume.data"), "{stdout}");
}

#[test]
fn unparsable_file_exits_2_and_other_files_are_still_scanned() {
    let dir = project(&[
        ("good/main.tf", UNENCRYPTED),
        (
            "broken/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \n",
        ),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 2, "{report}");
    assert_eq!(rule_ids(&report), vec!["AWS-EBS-001"]);
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"].as_str().unwrap().contains("broken")),
        "{report}"
    );
}

#[test]
fn unparsable_file_in_the_same_module_does_not_hide_the_others() {
    let dir = project(&[
        ("volume.tf", UNENCRYPTED),
        ("broken.tf", "variable \"x\" {\n  default = [1, 2\n"),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 2, "{report}");
    assert_eq!(rule_ids(&report), vec!["AWS-EBS-001"], "{report}");
}

#[test]
fn nonexistent_path_exits_2_naming_it() {
    let (code, _, stderr) = outcome(rampart().args(["scan", "/no/such/place"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("/no/such/place"), "{stderr}");
}

#[test]
fn bad_flag_exits_2() {
    let (code, _, stderr) = outcome(rampart().args(["scan", "--no-such-flag"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--no-such-flag"), "{stderr}");
    let (code, _, _) = outcome(rampart().args(["scan", "--severity", "urgent"]));
    assert_eq!(code, 2);
}

#[test]
fn unknown_rule_on_the_command_line_exits_2() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, _, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--skip-rule", "AWS-NOPE-999"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("AWS-NOPE-999"), "{stderr}");
}

#[test]
fn unknown_config_key_exits_2_naming_key_file_and_line() {
    let dir = project(&[
        ("main.tf", ENCRYPTED),
        (
            ".rampart.toml",
            "exclude = []\nskip_rule = [\"AWS-EBS-001\"]\n",
        ),
    ]);
    let (code, _, stderr) = outcome(rampart().arg("scan").arg(dir.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains("skip_rule"), "{stderr}");
    assert!(stderr.contains(".rampart.toml:2"), "{stderr}");
}

#[test]
fn invalid_config_value_exits_2_with_its_line() {
    let dir = project(&[
        ("main.tf", ENCRYPTED),
        (
            ".rampart.toml",
            "fail_on = \"high\"\nmin_severity = \"urgent\"\n",
        ),
    ]);
    let (code, _, stderr) = outcome(rampart().arg("scan").arg(dir.path()));
    assert_eq!(code, 2);
    assert!(stderr.contains(".rampart.toml:2"), "{stderr}");
    assert!(stderr.contains("urgent"), "{stderr}");
}

// ---------- formats and output ----------

#[test]
fn json_has_findings_errors_and_summary() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&report), vec!["AWS-EBS-001"]);
    assert!(report["errors"].as_array().unwrap().is_empty());
    assert_eq!(report["summary"]["findings"], 1, "{report}");
}

#[test]
fn sarif_parses_and_lists_the_finding() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, stdout, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--format", "sarif"]),
    );
    assert_eq!(code, 1, "{stderr}");
    let sarif: serde_sarif::sarif::Sarif = serde_json::from_str(&stdout).unwrap();
    let json: Json = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["version"], "2.1.0");
    let results = sarif.runs[0].results.as_ref().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].rule_id.as_deref(), Some("AWS-EBS-001"));
}

#[test]
fn junit_parses_and_has_a_failing_case() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, stdout, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--format", "junit"]),
    );
    assert_eq!(code, 1, "{stderr}");
    let report = quick_junit::Report::deserialize_from_str(&stdout).unwrap();
    let failures: usize = report.test_suites.iter().map(|s| s.failures).sum();
    // one failing case per finding: exactly as many as the JSON report lists
    let (_, json, _) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--format", "json"]),
    );
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "{json}");
    assert_eq!(failures, findings.len(), "{stdout}");
    assert!(stdout.contains("AWS-EBS-001"), "{stdout}");
}

#[test]
fn output_writes_the_file_and_nothing_on_stdout() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let out = dir.path().join("reports/out.sarif");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let (code, stdout, _) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--format", "sarif", "--output"])
            .arg(&out),
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    let written: Json = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["version"], "2.1.0");
    // nothing else left behind (the temporary file was renamed)
    let left: Vec<_> = std::fs::read_dir(out.parent().unwrap()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn output_into_a_missing_folder_exits_2() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, _, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .arg("--output")
            .arg(dir.path().join("missing/out.json")),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("missing"), "{stderr}");
}

// ---------- thresholds ----------

#[test]
fn severity_hides_lower_findings_and_sets_the_default_failure_threshold() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, report) = scan_json(dir.path(), &["--severity", "critical"]);
    assert_eq!(code, 0, "{report}");
    assert!(rule_ids(&report).is_empty(), "{report}");
    let (code, report) = scan_json(dir.path(), &["--severity", "high"]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&report), vec!["AWS-EBS-001"]);
}

#[test]
fn fail_on_decides_the_exit_code_independently_of_what_is_shown() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, report) = scan_json(dir.path(), &["--fail-on", "critical"]);
    assert_eq!(code, 0);
    assert_eq!(
        rule_ids(&report),
        vec!["AWS-EBS-001"],
        "shown but not failing"
    );
    let (code, _) = scan_json(dir.path(), &["--severity", "critical", "--fail-on", "low"]);
    assert_eq!(code, 1, "hidden but failing");
}

// ---------- config ----------

#[test]
fn config_skip_rules_accepts_aliases_and_the_rule_does_not_run() {
    let dir = project(&[
        ("main.tf", UNENCRYPTED),
        (".rampart.toml", "skip_rules = [\"CKV_AWS_3\"]\n"),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    assert!(rule_ids(&report).is_empty());
    assert_eq!(
        report["summary"]["rules_run"],
        rampart_rules::builtin_rules().len() - 1
    );
}

#[test]
fn explicit_rule_flag_runs_a_rule_the_config_skips() {
    let dir = project(&[
        ("main.tf", UNENCRYPTED),
        (".rampart.toml", "skip_rules = [\"AWS-EBS-001\"]\n"),
    ]);
    let (code, report) = scan_json(dir.path(), &["--rule", "CKV_AWS_3"]);
    assert_eq!(code, 1);
    assert_eq!(rule_ids(&report), vec!["AWS-EBS-001"]);
    assert_eq!(report["summary"]["rules_run"], 1);
}

#[test]
fn config_severity_override_changes_severity_and_threshold_from_config() {
    let dir = project(&[
        ("main.tf", UNENCRYPTED),
        (
            ".rampart.toml",
            "fail_on = \"medium\"\n\n[severity]\n\"AWS-EBS-001\" = \"low\"\n",
        ),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["findings"][0]["severity"], "low");
    // the command line overrides the config
    let (code, _) = scan_json(dir.path(), &["--fail-on", "low"]);
    assert_eq!(code, 1);
}

#[test]
fn config_exclude_skips_files() {
    let dir = project(&[
        ("main.tf", ENCRYPTED),
        ("legacy/old.tf", UNENCRYPTED),
        (".rampart.toml", "exclude = [\"legacy\"]\n"),
        ("empty.toml", ""),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 0, "{report}");
    // without the exclusion the file is a finding
    let empty = dir.path().join("empty.toml");
    let (code, _) = scan_json(dir.path(), &["--config", empty.to_str().unwrap()]);
    assert_eq!(code, 1);
}

#[test]
fn explicit_config_file_is_used_and_must_exist() {
    let dir = project(&[
        ("main.tf", UNENCRYPTED),
        ("ci.toml", "min_severity = \"critical\"\n"),
    ]);
    let (code, _) = scan_json(
        dir.path(),
        &["--config", dir.path().join("ci.toml").to_str().unwrap()],
    );
    assert_eq!(code, 0);
    let (code, _, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--config", "/no/such.toml"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("/no/such.toml"), "{stderr}");
}

// ---------- baseline ----------

#[test]
fn baseline_round_trip_fails_only_on_new_findings() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let baseline = dir.path().join("base.json");
    let (code, _, stderr) = outcome(
        rampart()
            .arg("baseline")
            .arg(dir.path())
            .arg("--output")
            .arg(&baseline),
    );
    assert_eq!(code, 0, "{stderr}");
    let written: Json = serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert_eq!(written["findings"][0]["rule_id"], "AWS-EBS-001");
    assert_eq!(written["findings"][0]["address"], "aws_ebs_volume.data");

    let base = baseline.to_str().unwrap();
    let (code, report) = scan_json(dir.path(), &["--baseline", base]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["suppressed"]["baseline"], 1, "{report}");

    std::fs::write(
        dir.path().join("new.tf"),
        UNENCRYPTED.replace("\"data\"", "\"logs\""),
    )
    .unwrap();
    let (code, report) = scan_json(dir.path(), &["--baseline", base]);
    assert_eq!(code, 1);
    assert_eq!(addresses(&report), vec!["aws_ebs_volume.logs"], "{report}");

    // text output lists only the new one unless asked
    let (_, text, _) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--baseline", base]),
    );
    assert!(
        text.contains("aws_ebs_volume.logs") && !text.contains("aws_ebs_volume.data"),
        "{text}"
    );
    let (_, text, _) = outcome(rampart().arg("scan").arg(dir.path()).args([
        "--baseline",
        base,
        "--show-suppressed",
    ]));
    assert!(text.contains("aws_ebs_volume.data"), "{text}");
}

/// Two folders with a privileged pod of the same name: the whole-tree load would tell them apart
/// by a file prefix on the address, a per-folder scan does not need to. A baseline is written
/// the way `scan` finds the tree, so every finding of the same tree is in it.
#[test]
fn a_baseline_covers_every_finding_of_the_tree_it_was_written_from() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n";
    let dir = project(&[("team-a/pod.yaml", pod), ("team-b/pod.yaml", pod)]);
    let baseline = dir.path().join("base.json");
    let (code, _, stderr) = outcome(
        rampart()
            .arg("baseline")
            .arg(dir.path())
            .arg("--output")
            .arg(&baseline),
    );
    assert_eq!(code, 0, "{stderr}");
    let (_, before) = scan_json(dir.path(), &[]);
    let found = before["findings"].as_array().unwrap().len();
    assert!(
        rule_ids(&before).contains(&"K8S-001".to_string()),
        "{before}"
    );
    let (code, report) = scan_json(dir.path(), &["--baseline", baseline.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(
        report["summary"]["suppressed"]["baseline"], found as u64,
        "{report}"
    );
}

#[test]
fn missing_baseline_exits_2() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (code, _, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--baseline", "/no/base.json"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("/no/base.json"), "{stderr}");
}

// ---------- colour ----------

#[test]
fn piped_output_has_no_escape_codes() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let (_, stdout, _) = outcome(rampart().arg("scan").arg(dir.path()));
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
}

/// Runs the scan inside a pseudo-terminal (util-linux `script`) so colour is possible.
fn scan_in_terminal(dir: &Path, env: &[(&str, &str)], extra: &str) -> Option<String> {
    let bin = assert_cmd::cargo::cargo_bin!("rampart");
    let command = format!(
        "{} scan {} {extra} 2>/dev/null",
        bin.display(),
        dir.display()
    );
    let mut script = std::process::Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR");
    for (k, v) in env {
        script.env(k, v);
    }
    let output = script.output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn colour_only_on_a_terminal_without_no_color() {
    let dir = project(&[("main.tf", UNENCRYPTED)]);
    let Some(coloured) = scan_in_terminal(dir.path(), &[], "") else {
        eprintln!("skipped: util-linux `script` is not available");
        return;
    };
    assert!(coloured.contains("AWS-EBS-001"), "{coloured:?}");
    assert!(
        coloured.contains('\u{1b}'),
        "a terminal gets colour: {coloured:?}"
    );
    let plain = scan_in_terminal(dir.path(), &[("NO_COLOR", "1")], "").unwrap();
    assert!(plain.contains("AWS-EBS-001"), "{plain:?}");
    assert!(!plain.contains('\u{1b}'), "NO_COLOR: {plain:?}");
    let plain = scan_in_terminal(dir.path(), &[("NO_COLOR", "")], "").unwrap();
    assert!(!plain.contains('\u{1b}'), "empty NO_COLOR: {plain:?}");
    let plain = scan_in_terminal(dir.path(), &[], "--no-color").unwrap();
    assert!(!plain.contains('\u{1b}'), "--no-color: {plain:?}");
}

// ---------- rules and explain ----------

#[test]
fn rules_json_lists_every_registered_rule_with_aliases() {
    let (code, stdout, _) = outcome(rampart().args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let listed: Json = serde_json::from_str(&stdout).unwrap();
    let listed = listed.as_array().unwrap();
    let registered = rampart_rules::builtin_rules();
    assert_eq!(listed.len(), registered.len());
    for (entry, rule) in listed.iter().zip(&registered) {
        assert_eq!(entry["id"], rule.id);
        let aliases: Vec<&str> = entry["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(aliases, rule.aliases.to_vec());
        assert_eq!(entry["automatic_fix"], rule.fix.is_some());
    }
    let ebs = listed.iter().find(|e| e["id"] == "AWS-EBS-001").unwrap();
    assert_eq!(ebs["severity"], "high");
    assert_eq!(ebs["provider"], "aws");
}

#[test]
fn rules_provider_filter_and_unknown_provider() {
    let (code, stdout, _) =
        outcome(rampart().args(["rules", "--format", "json", "--provider", "azure"]));
    assert_eq!(code, 0);
    let listed: Json = serde_json::from_str(&stdout).unwrap();
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["provider"] == "azure")
    );
    assert!(!stdout.contains("AWS-EBS-001"));
    let (code, _, _) = outcome(rampart().args(["rules", "--provider", "mars"]));
    assert_eq!(code, 2);
}

#[test]
fn explain_resolves_an_alias() {
    let (code, stdout, _) = outcome(rampart().args(["explain", "CKV_AWS_3"]));
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("AWS-EBS-001: EBS volume is not encrypted"),
        "{stdout}"
    );
    assert!(stdout.contains("severity: high"), "{stdout}");
    assert!(
        stdout.contains("encrypted = true"),
        "remediation shown: {stdout}"
    );
    assert!(stdout.contains("AVD-AWS-0026"), "aliases shown: {stdout}");
    let (code, _, stderr) = outcome(rampart().args(["explain", "CKV_AWS_99999"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("CKV_AWS_99999"), "{stderr}");
}

// ---------- suppression comments ----------

fn suppressed_volume(name: &str, comment: &str) -> String {
    format!(
        "{comment}\nresource \"aws_ebs_volume\" \"{name}\" {{\n  availability_zone = \"eu-west-1a\"\n  size = 10\n}}\n"
    )
}

#[test]
fn every_suppression_dialect_suppresses_and_is_counted() {
    let dialects = [
        ("rampart", "# rampart:ignore:AWS-EBS-001 scratch disk"),
        ("checkov", "#checkov:skip=CKV_AWS_3:scratch disk"),
        ("tfsec", "#tfsec:ignore:aws-ebs-enable-volume-encryption"),
        ("trivy", "# trivy:ignore:AVD-AWS-0026"),
    ];
    for (name, comment) in dialects {
        let dir = project(&[("main.tf", &suppressed_volume(name, comment))]);
        let (code, report) = scan_json(dir.path(), &[]);
        assert_eq!(code, 0, "{name}: {report}");
        assert_eq!(
            report["summary"]["suppressed"]["comment"], 1,
            "{name}: {report}"
        );
        assert_eq!(report["summary"]["findings"], 0, "{name}: {report}");
        // JSON lists it, marked
        assert_eq!(
            report["findings"][0]["suppressed"]["by"], "comment",
            "{name}: {report}"
        );
        // text shows it only when asked
        let (_, text, _) = outcome(rampart().arg("scan").arg(dir.path()));
        assert!(
            !text.contains(&format!("aws_ebs_volume.{name}")),
            "{name}: {text}"
        );
        let (_, text, _) = outcome(
            rampart()
                .arg("scan")
                .arg(dir.path())
                .arg("--show-suppressed"),
        );
        assert!(
            text.contains(&format!("aws_ebs_volume.{name}")),
            "{name}: {text}"
        );
    }
    // a comment for another rule suppresses nothing
    let dir = project(&[(
        "main.tf",
        &suppressed_volume("other", "# rampart:ignore:AWS-S3-001"),
    )]);
    let (code, _) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1);
}

// ---------- variables ----------

const VARIABLE_DRIVEN: &str = r#"
variable "encrypt" {
  type    = bool
  default = false
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 10
  encrypted         = var.encrypt
}
"#;

#[test]
fn var_and_var_file_reach_the_evaluator() {
    let dir = project(&[
        ("main.tf", VARIABLE_DRIVEN),
        ("prod.tfvars", "encrypt = true\n"),
    ]);
    let (code, _) = scan_json(dir.path(), &[]);
    assert_eq!(code, 1, "the default leaves the volume unencrypted");
    let (code, report) = scan_json(dir.path(), &["--var", "encrypt=true"]);
    assert_eq!(code, 0, "{report}");
    let var_file = dir.path().join("prod.tfvars");
    let (code, report) = scan_json(dir.path(), &["--var-file", var_file.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    let (code, _, stderr) = outcome(
        rampart()
            .arg("scan")
            .arg(dir.path())
            .args(["--var-file", "/no/such.tfvars"]),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("/no/such.tfvars"), "{stderr}");
}

#[test]
fn baseline_is_not_written_from_an_incomplete_scan() {
    let dir = project(&[
        ("good/main.tf", UNENCRYPTED),
        ("broken/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n"),
    ]);
    let baseline = dir.path().join("base.json");
    let (code, _, stderr) = outcome(
        rampart()
            .arg("baseline")
            .arg(dir.path())
            .arg("--output")
            .arg(&baseline),
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("broken"), "{stderr}");
    assert!(!baseline.exists());
}
