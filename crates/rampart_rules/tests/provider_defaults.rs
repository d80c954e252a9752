//! Rules judge the provider's defaults (issue 12): the defaults table names real kinds and
//! attributes, and where a default depends on something the code does not say (the AMI, the
//! account, a cluster that is not in the code) the check is undecided with that reason, never a
//! finding and never a silent pass.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test helpers: a failed step fails the test

use rampart_ingest::{LoadOptions, load_paths, load_terraform_text};
use rampart_model::Inventory;
use rampart_rules::views::defaults::{DEFAULTS, IMPLICIT, When};
use rampart_rules::{EngineOptions, RuleRun, builtin_rules, run_rules_reporting_undecided};
use std::path::Path;

fn run(inventory: &Inventory, rule_id: &str) -> RuleRun {
    let rules: Vec<_> = builtin_rules()
        .into_iter()
        .filter(|r| r.id == rule_id)
        .collect();
    assert_eq!(rules.len(), 1, "{rule_id} is not registered");
    run_rules_reporting_undecided(inventory, &rules, &EngineOptions::default())
}

fn run_text(text: &str, rule_id: &str) -> RuleRun {
    let loaded = load_terraform_text("main.tf", text);
    assert!(
        loaded.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        loaded.errors
    );
    run(&loaded.inventory, rule_id)
}

/// The text of every fixture of the rules that look at `kind`, and of every fixture that
/// declares a resource of `kind` (a setting a rule reaches through a relation).
fn fixture_text_for(kind: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let declared = format!("resource \"{kind}\"");
    let mut text = String::new();
    for rule in builtin_rules() {
        let Ok(entries) = std::fs::read_dir(root.join(rule.id)) else {
            continue;
        };
        for entry in entries.flatten() {
            if let Ok(t) = std::fs::read_to_string(entry.path())
                && (rule.kinds.contains(&kind) || t.contains(&declared))
            {
                text.push_str(&t);
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn every_default_names_a_kind_a_rule_looks_at_and_attributes_its_fixtures_write() {
    let kinds: Vec<&str> = builtin_rules()
        .iter()
        .flat_map(|r| r.kinds.iter().copied())
        .collect();
    let mut problems = Vec::new();
    for d in DEFAULTS {
        let fixtures = fixture_text_for(d.kind);
        if !kinds.contains(&d.kind) && !fixtures.contains(&format!("resource \"{}\"", d.kind)) {
            problems.push(format!(
                "{}: no rule looks at this kind and no fixture declares it",
                d.kind
            ));
            continue;
        }
        let mut names: Vec<&str> = d
            .path
            .split('.')
            .filter(|s| s.parse::<usize>().is_err())
            .collect();
        if let When::Equals(other, _) = d.when {
            names.push(other);
        }
        for name in names {
            // written as an attribute, a block or a map key in some fixture of the kind's rules
            let written = [
                format!("{name} "),
                format!("{name}="),
                format!("\"{name}\""),
            ]
            .iter()
            .any(|form| fixtures.contains(form.as_str()));
            if !written {
                problems.push(format!(
                    "{} {}: `{name}` is written in no fixture of the rules that look at `{}`",
                    d.kind, d.path, d.kind
                ));
            }
        }
    }
    for i in IMPLICIT {
        if !kinds.contains(&i.kind) {
            problems.push(format!("implicit {}: no rule looks at this kind", i.kind));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn an_unmanaged_vpc_default_group_is_reported_on_the_vpc() {
    let out = run_text(
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
"#,
        "AWS-EC2-006",
    );
    assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
    assert_eq!(out.findings[0].address, "aws_vpc.main");
    assert!(
        out.findings[0]
            .message
            .contains("all traffic between its members")
    );
}

#[test]
fn a_vpc_whose_default_group_is_managed_is_not_reported() {
    let out = run_text(
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
"#,
        "AWS-EC2-006",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(out.undecided.is_empty(), "{:?}", out.undecided);
}

#[test]
fn a_default_group_of_an_unknown_vpc_leaves_the_vpc_undecided_with_the_reason() {
    let out = run_text(
        r#"variable "vpc_id" {
  type = string
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_default_security_group" "default" {
  vpc_id = var.vpc_id
}
"#,
        "AWS-EC2-006",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let vpc: Vec<_> = out
        .undecided
        .iter()
        .filter(|u| u.address == "aws_vpc.main")
        .collect();
    assert_eq!(vpc.len(), 1, "{:?}", out.undecided);
    assert!(
        vpc[0]
            .reason()
            .contains("aws_default_security_group.default"),
        "{}",
        vpc[0].reason()
    );
}

#[test]
fn a_default_group_with_a_literal_vpc_id_names_another_vpc() {
    let out = run_text(
        r#"resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_default_security_group" "elsewhere" {
  vpc_id = "vpc-0123456789abcdef0"
}
"#,
        "AWS-EC2-006",
    );
    let on_vpc: Vec<_> = out
        .findings
        .iter()
        .filter(|f| f.address == "aws_vpc.main")
        .collect();
    assert_eq!(on_vpc.len(), 1, "{:?}", out.findings);
}

#[test]
fn a_cloudformation_vpc_is_reported_with_no_machine_fix() {
    let text = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Main:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";
    let out =
        rampart_ingest::documents::load_document_text("vpc.yaml", text, &LoadOptions::default());
    let inventory = Inventory::new(out.resources);
    let run = run(&inventory, "AWS-EC2-006");
    assert_eq!(run.findings.len(), 1, "{:?}", run.findings);
    let rule = builtin_rules()
        .into_iter()
        .find(|r| r.id == "AWS-EC2-006")
        .unwrap();
    let vpc = inventory.of_kind("aws_vpc").next().unwrap();
    let hit = rule.check(vpc).pop().unwrap();
    assert!(rule.fix.unwrap()(vpc, &hit).is_none());
}

#[test]
fn a_root_volume_without_encrypted_is_undecided_because_of_the_ami() {
    for text in [
        r#"resource "aws_instance" "app" {
  ami           = "ami-7f89a64f"
  instance_type = "t3.micro"
}
"#,
        r#"resource "aws_instance" "app" {
  ami           = "ami-7f89a64f"
  instance_type = "t3.micro"
  root_block_device {
    volume_size = 20
  }
}
"#,
    ] {
        let out = run_text(text, "AWS-EC2-008");
        assert!(out.findings.is_empty(), "{:?}", out.findings);
        assert_eq!(out.undecided.len(), 1, "{:?}", out.undecided);
        assert_eq!(out.undecided[0].attribute, "root_block_device.0.encrypted");
        assert!(
            out.undecided[0].reason().contains("AMI"),
            "{}",
            out.undecided[0].reason()
        );
    }
}

#[test]
fn encryption_by_default_in_the_same_root_decides_the_root_volume() {
    let out = run_text(
        r#"resource "aws_ebs_encryption_by_default" "on" {}
resource "aws_instance" "app" {
  ami           = "ami-7f89a64f"
  instance_type = "t3.micro"
}
"#,
        "AWS-EC2-008",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert!(out.undecided.is_empty(), "{:?}", out.undecided);
}

#[test]
fn encryption_by_default_in_another_root_does_not_cover_an_instance() {
    let dir = tempfile::tempdir().unwrap();
    let account = dir.path().join("account");
    let app = dir.path().join("app");
    std::fs::create_dir_all(&account).unwrap();
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(
        account.join("main.tf"),
        "resource \"aws_ebs_encryption_by_default\" \"on\" {\n  enabled = true\n}\n",
    )
    .unwrap();
    std::fs::write(
        app.join("main.tf"),
        "resource \"aws_instance\" \"app\" {\n  ami = \"ami-1\"\n  root_block_device {\n    encrypted = false\n  }\n}\nresource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size = 10\n}\n",
    )
    .unwrap();
    let loaded = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let scopes: std::collections::BTreeSet<_> = loaded
        .inventory
        .resources()
        .iter()
        .map(|r| r.scope.clone())
        .collect();
    assert_eq!(scopes.len(), 2, "two roots are two scopes");
    let out = run(&loaded.inventory, "AWS-EC2-008");
    assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
    let volume = run(&loaded.inventory, "AWS-EBS-001");
    assert_eq!(volume.findings.len(), 1, "{:?}", volume.findings);
}

#[test]
fn an_rds_cluster_takes_the_default_of_its_engine_mode() {
    let cluster = |mode: &str| {
        format!(
            "variable \"mode\" {{\n  type = string\n}}\nresource \"aws_rds_cluster\" \"db\" {{\n  engine = \"aurora-mysql\"\n  engine_mode = {mode}\n}}\n"
        )
    };
    // Aurora Serverless v1 is always encrypted; a provisioned cluster is not by default
    assert!(
        run_text(&cluster("\"serverless\""), "AWS-RDS-001")
            .findings
            .is_empty()
    );
    assert_eq!(
        run_text(&cluster("\"provisioned\""), "AWS-RDS-001")
            .findings
            .len(),
        1
    );
    let unknown = run_text(&cluster("var.mode"), "AWS-RDS-001");
    assert!(unknown.findings.is_empty(), "{:?}", unknown.findings);
    assert_eq!(unknown.undecided.len(), 1, "{:?}", unknown.undecided);
    assert_eq!(unknown.undecided[0].attribute, "engine_mode");
}

#[test]
fn a_node_pool_of_a_cluster_outside_the_code_is_undecided() {
    let out = run_text(
        r#"resource "google_container_node_pool" "pool" {
  name    = "pool"
  cluster = "projects/p/locations/europe-west1/clusters/elsewhere"
  node_config {
    service_account = "nodes@p.iam.gserviceaccount.com"
  }
}
"#,
        "GCP-GKE-009",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(out.undecided.len(), 1, "{:?}", out.undecided);
    assert!(out.undecided[0].reason().contains("Workload Identity"));
}

#[test]
fn a_cluster_default_pool_without_workload_identity_gets_the_exposing_default() {
    let out = run_text(
        r#"resource "google_container_cluster" "main" {
  name     = "main"
  location = "europe-west1"
}
"#,
        "GCP-GKE-009",
    );
    assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
    assert!(out.findings[0].message.contains("\"GCE_METADATA\""));
    let with_identity = run_text(
        r#"resource "google_container_cluster" "main" {
  name     = "main"
  location = "europe-west1"
  workload_identity_config {
    workload_pool = "p.svc.id.goog"
  }
}
"#,
        "GCP-GKE-009",
    );
    assert!(
        with_identity.findings.is_empty(),
        "{:?}",
        with_identity.findings
    );
    assert!(
        with_identity.undecided.is_empty(),
        "{:?}",
        with_identity.undecided
    );
}

#[test]
fn an_unknown_workload_identity_leaves_the_default_pool_undecided() {
    let out = run_text(
        r#"variable "pool" {
  type = string
}
resource "google_container_cluster" "main" {
  name     = "main"
  location = "europe-west1"
  workload_identity_config {
    workload_pool = var.pool
  }
}
"#,
        "GCP-GKE-009",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(out.undecided.len(), 1, "{:?}", out.undecided);
}

#[test]
fn a_domain_is_never_reported_for_what_its_version_cannot_have() {
    // Elasticsearch 2.3, single node: no node-to-node encryption, no encryption at rest, no
    // audit logs exist for it
    let text = r#"resource "aws_elasticsearch_domain" "old" {
  domain_name           = "old"
  elasticsearch_version = "2.3"
  cluster_config {
    instance_count = 1
  }
}
"#;
    for rule in ["AWS-OS-001", "AWS-OS-002", "AWS-OS-005"] {
        let out = run_text(text, rule);
        assert!(out.findings.is_empty(), "{rule}: {:?}", out.findings);
        assert!(out.undecided.is_empty(), "{rule}: {:?}", out.undecided);
    }
    let newer = text.replace("\"2.3\"", "\"7.10\"");
    for rule in ["AWS-OS-001", "AWS-OS-002", "AWS-OS-005"] {
        assert_eq!(run_text(&newer, rule).findings.len(), 1, "{rule}");
    }
}

#[test]
fn no_rule_reports_the_egress_rule_aws_adds_to_a_cloudformation_group() {
    let text = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: web\n      VpcId: vpc-0123\n      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 10.0.0.0/8\n          Description: https from the vpc\n";
    let out =
        rampart_ingest::documents::load_document_text("sg.yaml", text, &LoadOptions::default());
    let inventory = Inventory::new(out.resources);
    let group = inventory.of_kind("aws_security_group").next().unwrap();
    // the loader models AWS's default rule, so rules that reason about reachability see it
    assert!(group.attributes.contains_key("egress"));
    let all = builtin_rules();
    let run = run_rules_reporting_undecided(&inventory, &all, &EngineOptions::default());
    let on_egress: Vec<_> = run
        .findings
        .iter()
        .filter(|f| {
            f.attribute
                .as_deref()
                .is_some_and(|a| a.starts_with("egress"))
        })
        .collect();
    assert!(on_egress.is_empty(), "{on_egress:?}");
}

#[test]
fn a_redshift_cluster_without_publicly_accessible_takes_the_private_default() {
    let cluster = "resource \"aws_redshift_cluster\" \"dw\" {\n  cluster_identifier = \"dw\"\n  node_type          = \"ra3.xlplus\"\n}\n";
    let quiet = run_text(cluster, "AWS-RS-003");
    assert!(quiet.findings.is_empty(), "{:?}", quiet.findings);
    assert!(quiet.undecided.is_empty(), "{:?}", quiet.undecided);
    let public = cluster.replace("\n}\n", "\n  publicly_accessible = true\n}\n");
    let found = run_text(&public, "AWS-RS-003");
    let rules: Vec<&str> = found.findings.iter().map(|f| &*f.rule_id).collect();
    assert_eq!(rules, ["AWS-RS-003"]);
}
