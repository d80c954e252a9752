//! A suppression directive counts only in a real comment of the file's syntax (or in the
//! documented Metadata / annotation keys). The same words inside a string value — a tag, user
//! data, a CloudFormation tag value, a Kubernetes annotation value — are data a pull request
//! from a stranger can carry, and must not switch any check off.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{project, scan_json};
use serde_json::Value as Json;

/// (unsuppressed findings, findings suppressed by a comment) of a scan of `files`.
fn counts(files: &[(&str, &str)]) -> (u64, u64, Json) {
    let dir = project(files);
    let (_, report) = scan_json(dir.path(), &[]);
    let open = report["summary"]["findings"].as_u64().unwrap_or(0);
    let by_comment = report["summary"]["suppressed"]["comment"]
        .as_u64()
        .unwrap_or(0);
    (open, by_comment, report)
}

fn volume(inside: &str) -> String {
    format!(
        "resource \"aws_ebs_volume\" \"data\" {{\n  availability_zone = \"eu-west-1a\"\n  size = 10\n{inside}\n}}\n"
    )
}

fn assert_not_suppressed(files: &[(&str, &str)], case: &str) {
    let (open, by_comment, report) = counts(files);
    assert_eq!(
        by_comment, 0,
        "{case}: a string value suppressed a finding: {report}"
    );
    assert!(open > 0, "{case}: the finding is gone: {report}");
}

fn assert_suppressed(files: &[(&str, &str)], case: &str) {
    let (_, by_comment, report) = counts(files);
    assert!(
        by_comment > 0,
        "{case}: a real comment did not suppress: {report}"
    );
}

#[test]
fn terraform_string_values_never_suppress() {
    for (case, inside) in [
        ("tag value", "  tags = { note = \"# rampart:ignore:*\" }"),
        (
            "checkov in a string",
            "  tags = { note = \"#checkov:skip=CKV_AWS_3:x\" }",
        ),
        (
            "slashes in a string",
            "  tags = { note = \"// rampart:ignore:AWS-EBS-001\" }",
        ),
        (
            "template interpolation",
            "  tags = { note = \"${lower(\"# rampart:ignore:*\")}\" }",
        ),
        (
            "heredoc",
            "  tags = { note = <<-EOT\n    # rampart:ignore:*\n    #checkov:skip=CKV_AWS_3:x\n  EOT\n  }",
        ),
    ] {
        assert_not_suppressed(&[("main.tf", &volume(inside))], case);
    }
}

#[test]
fn user_data_heredoc_never_suppresses() {
    let text = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-123\"\n  instance_type = \"t3.micro\"\n  user_data = <<EOF\n#!/bin/sh\n# rampart:ignore:*\necho hi\nEOF\n}\n";
    assert_not_suppressed(&[("main.tf", text)], "user data heredoc");
}

#[test]
fn terraform_json_has_no_comments() {
    let text = r##"{"resource": {"aws_ebs_volume": {"data": {
  "availability_zone": "eu-west-1a",
  "size": 10,
  "tags": {"note": "# rampart:ignore:*"}
}}}}"##;
    assert_not_suppressed(&[("main.tf.json", text)], "tf json");
}

#[test]
fn real_hcl_comments_still_suppress() {
    for (case, text) in [
        ("hash above", format!("# rampart:ignore:*\n{}", volume(""))),
        ("slashes inside", volume("  // rampart:ignore:AWS-EBS-001")),
        ("block comment", volume("  /* #checkov:skip=CKV_AWS_3:x */")),
        (
            "after a string",
            volume("  tags = { note = \"x\" } # rampart:ignore:*"),
        ),
    ] {
        assert_suppressed(&[("main.tf", &text)], case);
    }
}

const CFN_VOLUME: &str = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Volume:\n    Type: AWS::EC2::Volume\n    Properties:\n      AvailabilityZone: eu-west-1a\n      Size: 10\n      Encrypted: false\n";

#[test]
fn cloudformation_tag_values_never_suppress() {
    for (case, tag) in [
        ("double quoted", "\"# rampart:ignore:*\""),
        ("single quoted", "'#checkov:skip=CKV_AWS_3:x'"),
        ("block scalar", "|\n            # rampart:ignore:*"),
        (
            "tagged string",
            "!Sub \" # rampart:ignore:* ${AWS::Region}\"",
        ),
        (
            "tagged block scalar",
            "!Sub |\n            # rampart:ignore:*",
        ),
    ] {
        let text =
            format!("{CFN_VOLUME}      Tags:\n        - Key: note\n          Value: {tag}\n");
        assert_not_suppressed(&[("template.yaml", &text)], case);
    }
    let json = r##"{"Resources": {"Volume": {"Type": "AWS::EC2::Volume", "Properties": {
  "AvailabilityZone": "eu-west-1a", "Size": 10, "Encrypted": false,
  "Tags": [{"Key": "note", "Value": "# rampart:ignore:*"}]}}}}"##;
    assert_not_suppressed(&[("template.json", json)], "cloudformation json");
}

#[test]
fn cloudformation_comments_and_metadata_still_suppress() {
    let commented = CFN_VOLUME.replace(
        "    Type: AWS::EC2::Volume",
        "    # rampart:ignore:* scratch\n    Type: AWS::EC2::Volume",
    );
    assert_suppressed(&[("template.yaml", &commented)], "yaml comment");
    let metadata = CFN_VOLUME.replace(
        "    Type: AWS::EC2::Volume",
        "    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_3\n            comment: scratch\n    Type: AWS::EC2::Volume",
    );
    let (_, _, report) = counts(&[("template.yaml", &metadata)]);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "AWS-EBS-001" && !f["suppressed"].is_null()),
        "Metadata skip no longer suppresses: {report}"
    );
}

const PRIVILEGED_POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\n  namespace: shop\n  annotations:\n    note: NOTE\nspec:\n  containers:\n    - name: app\n      image: registry.example.com/app:1.2.3\n      securityContext:\n        privileged: true\n";

#[test]
fn kubernetes_annotation_values_never_suppress() {
    for (case, value) in [
        ("double quoted", "\"# rampart:ignore:*\""),
        ("single quoted", "'#checkov:skip=CKV_K8S_16:x'"),
    ] {
        let text = PRIVILEGED_POD.replace("NOTE", value);
        assert_not_suppressed(&[("pod.yaml", &text)], case);
    }
    // a real comment and the documented annotation key still work
    let commented = PRIVILEGED_POD.replace("NOTE", "x # rampart:ignore:*");
    assert_suppressed(&[("pod.yaml", &commented)], "yaml comment");
    let annotated = PRIVILEGED_POD.replace("note: NOTE", "rampart.dev/ignore: K8S-001");
    let (_, _, report) = counts(&[("pod.yaml", &annotated)]);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule_id"] == "K8S-001" && !f["suppressed"].is_null()),
        "the annotation no longer suppresses: {report}"
    );
}
