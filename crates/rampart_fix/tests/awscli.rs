//! Every `aws` command Rampart can emit names a real CLI operation with valid parameters, and
//! every boto3 snippet compiles and calls real operations — checked against awscli's and
//! botocore's own service models by `awscli_check.py`, in a venv with `awscli` from PyPI
//! (`$HOME/.cache/rampart-awscli-venv`, created on demand; `.ci/run` creates it first).
//!
//! The commands come from the `aws_cli` table (every row, placeholders filled) and from the
//! remediations of every rule's violating fixtures and of `examples/`. Without the venv and no
//! PyPI to create it, the tests fail: they are never skipped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::aws_cli::table_commands;
use rampart_fix::remediation::{Remediation, remediate_all};
use rampart_fix::snippets::table_snippets;
use rampart_fix::verify::Workspace;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn venv() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp"));
    home.join(".cache/rampart-awscli-venv")
}

fn has_awscli(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import awscli.clidriver, botocore"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The venv's python with awscli, created when missing (`.ci/run` creates it first); fails the
/// test when it cannot be created, so an unchecked run never passes.
fn awscli_python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let venv = venv();
            let python = venv.join("bin/python");
            if has_awscli(&python) {
                return python;
            }
            let made = Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .output()
                .expect("python3 is needed to check the AWS CLI commands");
            assert!(
                made.status.success(),
                "cannot create {}: {}",
                venv.display(),
                String::from_utf8_lossy(&made.stderr)
            );
            let pip = Command::new(venv.join("bin/pip"))
                .args(["install", "--quiet", "--disable-pip-version-check", "awscli"])
                .output()
                .expect("the venv has pip");
            assert!(
                pip.status.success(),
                "pip install awscli failed (run `.ci/run`, which installs it, with access to PyPI):\n{}",
                String::from_utf8_lossy(&pip.stderr)
            );
            assert!(has_awscli(&python), "awscli installed but does not import");
            python
        })
        .clone()
}

/// Runs the checker on CLI commands and boto3 snippets; returns its problems.
fn check(
    cli: &[(String, String)],
    boto3: &[(String, String)],
    python: &[(String, String)],
) -> Vec<serde_json::Value> {
    let interpreter = awscli_python();
    let input = serde_json::json!({
        "cli": cli.iter().map(|(s, c)| serde_json::json!({"source": s, "command": c})).collect::<Vec<_>>(),
        "boto3": boto3.iter().map(|(s, c)| serde_json::json!({"source": s, "code": c})).collect::<Vec<_>>(),
        "python": python.iter().map(|(s, c)| serde_json::json!({"source": s, "code": c})).collect::<Vec<_>>(),
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(&path, input.to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/awscli_check.py");
    let out = Command::new(interpreter)
        .arg(script)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the checker failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fixture_workspaces() -> Vec<(String, Workspace)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let fixtures = root.join("rampart_rules/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .flat_map(|rule| {
            std::fs::read_dir(rule.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("bad") && !n.ends_with(".expect")) // not a sidecar
        })
        .collect();
    paths.push(root.join("../examples"));
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
            let ws = Workspace::load(
                std::slice::from_ref(&p),
                &LoadOptions::default(),
                builtin_rules(),
                EngineOptions::default(),
            );
            (name, ws)
        })
        .collect()
}

fn remediations() -> &'static Vec<(String, Remediation)> {
    static ALL: OnceLock<Vec<(String, Remediation)>> = OnceLock::new();
    ALL.get_or_init(|| {
        fixture_workspaces()
            .iter()
            .flat_map(|(name, ws)| {
                remediate_all(ws)
                    .into_iter()
                    .map(move |r| (format!("{} {name}", r.rule_id), r))
            })
            .collect()
    })
}

/// The AWS rules whose registry entry declares an automatic fix.
fn aws_rules_declaring_a_fix() -> BTreeSet<&'static str> {
    builtin_rules()
        .into_iter()
        .filter(|r| r.id.starts_with("AWS-") && r.fix_support.is_auto())
        .map(|r| r.id)
        .collect()
}

#[test]
fn every_aws_command_names_a_real_operation_with_valid_parameters() {
    let mut cli: Vec<(String, String)> = Vec::new();
    for step in table_commands() {
        cli.push(("aws_cli table".into(), step.command));
        cli.push(("aws_cli table (read-back)".into(), step.read_back));
    }
    let table_rows = cli.len();
    for (source, rem) in remediations() {
        for step in &rem.targets.cli {
            cli.push((source.clone(), step.command.clone()));
            cli.push((format!("{source} (read-back)"), step.read_back.clone()));
        }
    }
    let unique: BTreeSet<&str> = cli.iter().map(|(_, c)| c.as_str()).collect();
    // every row of the table, with its read-back (a changed table changes this on purpose)
    assert_eq!(table_rows, 2 * 113, "rows of the aws_cli table");
    // every AWS rule declaring a fix contributes commands (each is applied on a fixture)
    let from_rules: BTreeSet<&str> = remediations()
        .iter()
        .filter(|(_, r)| !r.targets.cli.is_empty())
        .map(|(_, r)| &*r.rule_id)
        .collect();
    assert_eq!(from_rules, aws_rules_declaring_a_fix());
    let problems = check(&cli, &[], &[]);
    eprintln!("checked {} distinct aws commands", unique.len());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| format!("{}: {}\n    {}", p["source"], p["problem"], p["text"]))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_aws_rule_with_a_fix_has_a_cli_command_and_a_read_back() {
    let mut by_rule: BTreeMap<&str, bool> = BTreeMap::new();
    for (_, rem) in remediations() {
        if !rem.rule_id.starts_with("AWS-") {
            continue;
        }
        let has = !rem.targets.cli.is_empty()
            && rem
                .targets
                .cli
                .iter()
                .all(|s| s.command.starts_with("aws ") && s.read_back.starts_with("aws "));
        *by_rule.entry(&*rem.rule_id).or_insert(false) |= has;
    }
    let missing: Vec<&str> = by_rule
        .iter()
        .filter(|(_, has)| !**has)
        .map(|(id, _)| *id)
        .collect();
    // exactly the AWS rules that declare an automatic fix (each is applied on a fixture)
    let declared: Vec<&str> = builtin_rules()
        .into_iter()
        .filter(|r| r.id.starts_with("AWS-") && r.fix_support.is_auto())
        .map(|r| r.id)
        .collect();
    assert_eq!(
        by_rule.keys().copied().collect::<Vec<_>>(),
        declared,
        "AWS rules with remediations on the fixtures vs. AWS rules declaring a fix"
    );
    assert!(
        missing.is_empty(),
        "AWS rules whose fixes have no CLI command with a read-back: {}",
        missing.join(", ")
    );
}

#[test]
fn the_checker_catches_wrong_commands() {
    let wrong = [
        "aws s3api put-bucket-versioning --bucket b",
        "aws s3api put-bucket-versionin --bucket b --versioning-configuration Status=Enabled",
        "aws s3api put-bucket-versioning --bucket b --versioning-configuration Status=Enabled --colour red",
        "aws nosuchservice do-it",
        "aws s3api put-public-access-block --bucket b --public-access-block-configuration BlockPublicAcl=true",
        "aws ec2 revoke-security-group-ingress --group-id sg-1 --ip-permissions '[{\"IpProtocol\":\"tcp\",\"CidrIp\":\"0.0.0.0/0\"}]'",
    ];
    let right = "aws rds modify-db-instance --db-instance-identifier db --no-publicly-accessible --apply-immediately --region eu-west-1 --query 'DBInstances[]'";
    let mut cli: Vec<(String, String)> = wrong
        .iter()
        .map(|c| ("wrong".to_string(), c.to_string()))
        .collect();
    cli.push(("right".into(), right.into()));
    let boto3 = vec![
        (
            "wrong".to_string(),
            "import boto3\ns3 = boto3.client(\"s3\")\ns3.put_bucket_versionin(Bucket=\"b\")\n".to_string(),
        ),
        (
            "right".to_string(),
            "import boto3\ns3 = boto3.client(\"s3\")\ns3.put_bucket_versioning(Bucket=\"b\", VersioningConfiguration={\"Status\": \"Enabled\"})\n".to_string(),
        ),
    ];
    let problems = check(&cli, &boto3, &[]);
    let flagged: BTreeSet<String> = problems
        .iter()
        .map(|p| p["text"].as_str().unwrap().to_string())
        .collect();
    for c in wrong {
        assert!(flagged.contains(c), "not flagged: {c}\n{problems:#?}");
    }
    assert!(!flagged.contains(right), "{problems:#?}");
    assert!(
        flagged.contains(&boto3[0].1) && !flagged.contains(&boto3[1].1),
        "{problems:#?}"
    );
}

#[test]
fn boto3_snippets_compile_and_call_real_operations_and_pulumi_snippets_compile() {
    let mut boto3: Vec<(String, String)> = Vec::new();
    let mut pulumi: Vec<(String, String)> = Vec::new();
    for (kind, script, snippet) in table_snippets() {
        boto3.push((format!("snippet table {kind}"), script));
        pulumi.extend(snippet.map(|p| (format!("snippet table {kind}"), p)));
    }
    let table = boto3.len();
    for (source, rem) in remediations() {
        boto3.extend(rem.targets.boto3.clone().map(|b| (source.clone(), b)));
        pulumi.extend(rem.targets.pulumi.clone().map(|p| (source.clone(), p)));
    }
    assert_eq!(table, 21, "rows of the snippet table");
    let with = |pick: fn(&Remediation) -> bool| -> BTreeSet<&str> {
        remediations()
            .iter()
            .filter(|(_, r)| pick(r))
            .map(|(_, r)| &*r.rule_id)
            .collect()
    };
    // the rules whose fixes come with a boto3 snippet; the Pulumi ones are those minus the
    // security group rules, which have no Pulumi snippet
    let pulumi_rules = [
        "AWS-CT-002",
        "AWS-CW-002",
        "AWS-DDB-001",
        "AWS-EBS-001",
        "AWS-EC2-007",
        "AWS-EC2-008",
        "AWS-EC2-009",
        "AWS-ECR-001",
        "AWS-KMS-001",
        "AWS-RDS-002",
        "AWS-S3-001",
        "AWS-S3-003",
        "AWS-S3-004",
        "AWS-S3-005",
        "AWS-S3-008",
        "AWS-S3-009",
        "AWS-S3-010",
        "AWS-S3-011",
        "AWS-S3-015",
        "AWS-SQS-001",
    ];
    let security_group_rules = [
        "AWS-EC2-001",
        "AWS-EC2-002",
        "AWS-EC2-003",
        "AWS-EC2-004",
        "AWS-EC2-005",
    ];
    assert_eq!(
        with(|r| r.targets.boto3.is_some()),
        pulumi_rules
            .iter()
            .chain(&security_group_rules)
            .copied()
            .collect::<BTreeSet<_>>()
    );
    assert_eq!(
        with(|r| r.targets.pulumi.is_some()),
        pulumi_rules.into_iter().collect::<BTreeSet<_>>()
    );
    // the fixtures' snippets carry their real identifiers
    assert!(
        remediations()
            .iter()
            .any(|(_, r)| r.targets.boto3.as_deref().is_some_and(|b| b
                .contains("put_public_access_block(")
                && !b.contains("<bucket-name>"))),
        "no boto3 snippet names a real bucket"
    );
    let problems = check(&[], &boto3, &pulumi);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| format!("{}: {}\n{}", p["source"], p["problem"], p["text"]))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
