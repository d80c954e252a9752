//! Azure network security rules open to any address (AZU-NSG-001 SSH, AZU-NSG-002 RDP) are
//! fixed like AWS security groups: the any-address sources go and the others stay, or the
//! rule goes when nothing else would remain. Unsafe, so only with `--unsafe`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::plan::{Decision, FixSelection, plan_fixes};
use rampart_fix::verify::Workspace;
use rampart_ingest::LoadOptions;
use rampart_rules::{EngineOptions, builtin_rules};

const RULE: &str = r#"resource "azurerm_network_security_rule" "ssh" {
  name                        = "ssh"
  resource_group_name         = "rg"
  network_security_group_name = "web-nsg"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "22"
  source_address_prefixes     = ["0.0.0.0/0", "10.0.0.0/8"]
  destination_address_prefix  = "*"
}
"#;

fn plan(include_unsafe: bool) -> (tempfile::TempDir, rampart_fix::FixPlan) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), RULE).unwrap();
    let ws = Workspace::load(
        &[dir.path().to_path_buf()],
        &LoadOptions::default(),
        builtin_rules(),
        EngineOptions::default(),
    );
    let selection = FixSelection {
        include_unsafe,
        rule_ids: vec!["AZU-NSG-001".into()],
    };
    let plan = plan_fixes(&ws, &selection, &mut |_| true).unwrap();
    (dir, plan)
}

#[test]
fn the_other_sources_of_an_open_ssh_rule_are_kept() {
    let (_dir, plan) = plan(true);
    let item = plan.items.first().expect("AZU-NSG-001 is reported");
    assert_eq!(item.decision, Decision::Apply, "{:?}", item.decision);
    let text = plan.new_texts.values().next().expect("main.tf is fixed");
    assert!(
        text.contains("source_address_prefixes     = [\"10.0.0.0/8\"]"),
        "{text}"
    );
    assert!(text.contains("resource \"azurerm_network_security_rule\" \"ssh\""));
}

#[test]
fn closing_a_port_waits_for_unsafe() {
    let (_dir, plan) = plan(false);
    let item = plan.items.first().expect("AZU-NSG-001 is reported");
    assert!(
        matches!(&item.decision, Decision::Skip(why) if why.contains("--unsafe")),
        "{:?}",
        item.decision
    );
}
