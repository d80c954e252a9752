//! `new-rule` writes a rule file and its fixtures into a given root, never over existing
//! files, and refuses ids, providers and kinds that do not fit.

#![allow(clippy::panic)]

use rampart_dev::scaffold::{FIXTURES, NewRule, RULES_SRC, parse_provider, scaffold};
use rampart_model::{Category, Severity};
use rampart_rules::{Provider, builtin_rules};
use std::path::Path;

fn new_rule(id: &str, provider: Provider, kind: &str) -> NewRule {
    NewRule {
        id: id.to_string(),
        provider,
        kind: kind.to_string(),
        name: None,
        category: Category::Encryption,
        severity: Severity::High,
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn scaffolds_a_rule_and_its_fixtures_once() {
    let root = tempfile::tempdir().unwrap();
    let new = new_rule("AWS-XYZ-901", Provider::Aws, "aws_xyz_widget");
    let written = scaffold(root.path(), &new, &builtin_rules()).unwrap();
    let rule_file = root.path().join(RULES_SRC).join("aws/xyz_widget_901.rs");
    let fixtures = root.path().join(FIXTURES).join("AWS-XYZ-901");
    assert_eq!(
        written,
        [
            rule_file.clone(),
            fixtures.join("bad.tf"),
            fixtures.join("good.tf")
        ]
    );
    let source = read(&rule_file);
    assert!(source.contains("id: \"AWS-XYZ-901\""));
    assert!(source.contains("kinds: &[\"aws_xyz_widget\"]"));
    assert!(source.contains("severity: Severity::High"));
    assert!(source.contains("category: Category::Encryption"));
    assert!(source.contains("provider: Provider::Aws"));
    assert!(!source.contains("{{"), "a placeholder was left: {source}");
    assert!(read(&fixtures.join("bad.tf")).contains("resource \"aws_xyz_widget\" \"bad\""));
    assert!(read(&fixtures.join("good.tf")).contains("enabled = true"));
    // the bad fixture declares the finding the template rule reports, at its line
    let declared = |name: &str, expectation| {
        rampart_dev::fixtures::Fixture {
            rule_id: "AWS-XYZ-901".into(),
            path: fixtures.join(name),
            expectation,
        }
        .declared()
        .unwrap()
    };
    let bad: Vec<String> = declared("bad.tf", rampart_dev::fixtures::Expectation::Bad)
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(bad, ["AWS-XYZ-901 at bad.tf:4"]);
    assert!(declared("good.tf", rampart_dev::fixtures::Expectation::Good).is_empty());

    // the same id again is refused (found in the rule file), and nothing is overwritten
    std::fs::write(fixtures.join("good.tf"), "# edited\n").unwrap();
    let again = scaffold(root.path(), &new, &builtin_rules()).unwrap_err();
    assert!(again.contains("already used in"), "{again}");
    let other_id = NewRule {
        id: "AWS-XYZ-902".into(),
        name: Some("xyz_widget_901".into()),
        ..new
    };
    let clash = scaffold(root.path(), &other_id, &builtin_rules()).unwrap_err();
    assert!(clash.contains("already exists"), "{clash}");
    assert_eq!(read(&fixtures.join("good.tf")), "# edited\n");
}

#[test]
fn refuses_what_does_not_fit_and_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let rules = builtin_rules();
    let cases = [
        (
            new_rule("AWS-EBS-001", Provider::Aws, "aws_ebs_volume"),
            "already used by rule",
        ),
        (
            new_rule("CKV_AWS_3", Provider::Aws, "aws_ebs_volume"),
            "is not of the form",
        ),
        (
            new_rule("GCP-XYZ-001", Provider::Aws, "aws_ebs_volume"),
            "starts with `AWS-`",
        ),
        (
            new_rule("AZU-XYZ-901", Provider::Azure, "aws_ebs_volume"),
            "not a azure Terraform type",
        ),
        (
            NewRule {
                name: Some("Bad-Name".into()),
                ..new_rule("K8S-901", Provider::Kubernetes, "kubernetes_pod")
            },
            "not lower_snake_case",
        ),
    ];
    for (new, expected) in cases {
        let error = scaffold(root.path(), &new, &rules).unwrap_err();
        assert!(error.contains(expected), "{}: {error}", new.id);
    }
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    assert!(parse_provider("mars").is_err());
    assert_eq!(parse_provider("GCP"), Ok(Provider::Gcp));
}
