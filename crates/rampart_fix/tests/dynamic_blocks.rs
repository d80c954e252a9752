//! Blocks a `dynamic` block makes from a variable or a local are fixed where their values are
//! written: the list element in the variable's default, the tfvars file or the local. The
//! `dynamic` block itself is never edited (that would change every block it makes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{Decision, FixPlan, FixSelection, plan_fixes};
use rampart_fix::verify::Workspace;
use rampart_fix::writer::write_plan;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};
use std::path::Path;

const GROUP: &str = r#"resource "aws_security_group" "web" {
  name        = "web"
  description = "web"

  dynamic "ingress" {
    for_each = RULES
    content {
      description = "rule"
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }
}
"#;

fn project(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn fix(dir: &Path) -> FixPlan {
    let ws = Workspace::load(
        &[dir.to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    );
    let selection = FixSelection {
        include_unsafe: true,
        rule_ids: vec!["AWS-EC2-001".into()],
    };
    let plan = plan_fixes(&ws, &selection, &mut |_| true).unwrap();
    let decisions: Vec<String> = plan
        .items
        .iter()
        .map(|p| format!("{} {:?}", p.finding.rule_id, p.decision))
        .collect();
    assert!(
        plan.items.iter().all(|p| p.decision == Decision::Apply) && !plan.items.is_empty(),
        "{decisions:?}"
    );
    write_plan(&ws, &plan).unwrap();
    plan
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn an_open_element_of_a_variable_default_is_removed_from_the_list() {
    let main = GROUP.replace("RULES", "var.ingress_rules");
    let vars = "variable \"ingress_rules\" {\n  default = [\n    { port = 22, cidrs = [\"0.0.0.0/0\"] },\n    { port = 443, cidrs = [\"10.0.0.0/8\"] },\n  ]\n}\n";
    let dir = project(&[("main.tf", main.clone()), ("variables.tf", vars.into())]);
    fix(dir.path());
    assert_eq!(
        read(dir.path(), "main.tf"),
        main,
        "the dynamic block is kept"
    );
    assert_eq!(
        read(dir.path(), "variables.tf"),
        "variable \"ingress_rules\" {\n  default = [\n    { port = 443, cidrs = [\"10.0.0.0/8\"] },\n  ]\n}\n"
    );
}

#[test]
fn other_sources_of_an_element_of_a_local_are_kept() {
    let main = GROUP.replace("RULES", "local.rules")
        + "\nlocals {\n  rules = [\n    { port = 22, cidrs = [\"0.0.0.0/0\", \"10.0.0.0/8\"] },\n  ]\n}\n";
    let dir = project(&[("main.tf", main.clone())]);
    fix(dir.path());
    let text = read(dir.path(), "main.tf");
    assert!(
        text.contains("{ port = 22, cidrs = [\"10.0.0.0/8\"] },"),
        "{text}"
    );
    assert!(text.contains("cidr_blocks = ingress.value.cidrs"), "{text}");
}

#[test]
fn a_list_set_in_terraform_tfvars_is_fixed_there() {
    let main = GROUP.replace("RULES", "var.ingress_rules")
        + "\nvariable \"ingress_rules\" {\n  default = []\n}\n";
    let tfvars = "ingress_rules = [\n  { port = 3389, cidrs = [\"10.0.0.0/8\"] },\n  { port = 22, cidrs = [\"0.0.0.0/0\"] },\n]\n";
    let dir = project(&[
        ("main.tf", main.clone()),
        ("terraform.tfvars", tfvars.into()),
    ]);
    let plan = fix(dir.path());
    assert_eq!(plan.new_texts.len(), 1, "{:?}", plan.new_texts.keys());
    assert_eq!(read(dir.path(), "main.tf"), main);
    assert_eq!(
        read(dir.path(), "terraform.tfvars"),
        "ingress_rules = [\n  { port = 3389, cidrs = [\"10.0.0.0/8\"] },\n]\n"
    );
}

#[test]
fn an_open_element_of_a_map_default_is_removed_under_its_key() {
    // blocks come in key order: `admin` (block 0) is the open one although written last
    let main = GROUP.replace("RULES", "var.ingress_rules");
    let vars = "variable \"ingress_rules\" {\n  default = {\n    web   = { port = 443, cidrs = [\"10.0.0.0/8\"] }\n    admin = { port = 22, cidrs = [\"0.0.0.0/0\"] }\n  }\n}\n";
    let dir = project(&[("main.tf", main.clone()), ("variables.tf", vars.into())]);
    fix(dir.path());
    assert_eq!(
        read(dir.path(), "main.tf"),
        main,
        "the dynamic block is kept"
    );
    assert_eq!(
        read(dir.path(), "variables.tf"),
        "variable \"ingress_rules\" {\n  default = {\n    web   = { port = 443, cidrs = [\"10.0.0.0/8\"] }\n  }\n}\n"
    );
}

#[test]
fn a_map_of_objects_with_lists_in_a_local_keeps_the_other_sources() {
    // a mixed structure: a map whose elements hold lists; only the open CIDR goes
    let main = GROUP.replace("RULES", "local.rules")
        + "\nlocals {\n  rules = {\n    \"b-ssh\" = { port = 22, cidrs = [\"10.0.0.0/8\", \"0.0.0.0/0\"] }\n    \"a-web\" = { port = 443, cidrs = [\"192.168.0.0/16\"] }\n  }\n}\n";
    let dir = project(&[("main.tf", main.clone())]);
    fix(dir.path());
    let text = read(dir.path(), "main.tf");
    assert!(
        text.contains("\"b-ssh\" = { port = 22, cidrs = [\"10.0.0.0/8\"] }"),
        "{text}"
    );
    assert!(
        text.contains("\"a-web\" = { port = 443, cidrs = [\"192.168.0.0/16\"] }"),
        "{text}"
    );
    assert!(text.contains("cidr_blocks = ingress.value.cidrs"), "{text}");
}

#[test]
fn a_map_in_tfvars_is_fixed_there() {
    let main = GROUP.replace("RULES", "var.ingress_rules")
        + "\nvariable \"ingress_rules\" {\n  default = {}\n}\n";
    let tfvars = "ingress_rules = {\n  ssh = { port = 22, cidrs = [\"0.0.0.0/0\"] }\n  app = { port = 8443, cidrs = [\"10.0.0.0/8\"] }\n}\n";
    let dir = project(&[
        ("main.tf", main.clone()),
        ("terraform.tfvars", tfvars.into()),
    ]);
    let plan = fix(dir.path());
    assert_eq!(plan.new_texts.len(), 1, "{:?}", plan.new_texts.keys());
    assert_eq!(read(dir.path(), "main.tf"), main);
    assert_eq!(
        read(dir.path(), "terraform.tfvars"),
        "ingress_rules = {\n  app = { port = 8443, cidrs = [\"10.0.0.0/8\"] }\n}\n"
    );
}
