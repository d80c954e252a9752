//! AWS-EC2-011 (issue 12): a security group nothing uses is reported; one that a reference the
//! scan cannot resolve may use is undecided, naming that reference, never a finding and never
//! a silent pass.

#![allow(clippy::unwrap_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_ingest::load_terraform_text;
use rampart_rules::{EngineOptions, RuleRun, builtin_rules, run_rules_reporting_undecided};

fn run(text: &str) -> RuleRun {
    let loaded = load_terraform_text("main.tf", text);
    assert!(
        loaded.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        loaded.errors
    );
    let rules: Vec<_> = builtin_rules()
        .into_iter()
        .filter(|r| r.id == "AWS-EC2-011")
        .collect();
    run_rules_reporting_undecided(&loaded.inventory, &rules, &EngineOptions::default())
}

const GROUP: &str = "resource \"aws_security_group\" \"maybe\" {\n  name        = \"maybe\"\n  description = \"d\"\n}\n";

fn instance(groups: &str) -> String {
    format!(
        "resource \"aws_instance\" \"app\" {{\n  ami                    = \"ami-1\"\n  instance_type          = \"t3.micro\"\n  vpc_security_group_ids = {groups}\n}}\n"
    )
}

#[test]
fn a_group_named_by_an_unresolved_value_is_undecided() {
    for (groups, declared, unresolved) in [
        (
            "var.extra",
            "variable \"extra\" {\n  type = list(string)\n}\n",
            "vpc_security_group_ids",
        ),
        (
            "data.aws_security_groups.found.ids",
            "data \"aws_security_groups\" \"found\" {}\n",
            "vpc_security_group_ids",
        ),
        (
            "[aws_security_group.other.id, var.extra]",
            "variable \"extra\" {}\nresource \"aws_security_group\" \"other\" {\n  description = \"d\"\n}\n",
            "vpc_security_group_ids.1",
        ),
    ] {
        let run = run(&format!("{GROUP}{declared}{}", instance(groups)));
        let maybe: Vec<_> = run
            .findings
            .iter()
            .filter(|f| f.address == "aws_security_group.maybe")
            .collect();
        assert!(maybe.is_empty(), "{groups}: {maybe:?}");
        let undecided: Vec<(&str, Option<&str>)> = run
            .undecided
            .iter()
            .map(|u| (u.address.as_str(), u.because.as_deref()))
            .collect();
        let because = format!(
            "`aws_instance.app.{unresolved}` names its security groups by a value not known statically, so it may use this group"
        );
        assert_eq!(
            undecided,
            [("aws_security_group.maybe", Some(because.as_str()))],
            "{groups}"
        );
    }
}

#[test]
fn without_the_unresolved_reference_the_same_group_is_reported() {
    let run = run(&format!(
        "{GROUP}{}",
        instance("[\"sg-0123456789abcdef0\"]")
    ));
    let found: Vec<&str> = run.findings.iter().map(|f| f.address.as_str()).collect();
    assert_eq!(found, ["aws_security_group.maybe"]);
    assert!(run.undecided.is_empty(), "{:?}", run.undecided);
}

#[test]
fn a_group_whose_name_is_unknown_is_undecided_when_groups_are_named_by_name() {
    let text = format!(
        "variable \"name\" {{}}\nresource \"aws_security_group\" \"maybe\" {{\n  name = var.name\n}}\n{}",
        instance("[\"web\"]")
    );
    let run = run(&text);
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    assert_eq!(run.undecided.len(), 1, "{:?}", run.undecided);
}
