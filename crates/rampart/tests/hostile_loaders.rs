//! End-to-end: a repository is hostile input. Each file here crashed the loaders or was skipped
//! without a word; now it loads, or it is an error naming file:line, the scan goes on with the
//! other files, and the exit status is 2. The control file `volume.tf` (an unencrypted EBS
//! volume, AWS-EBS-001) proves the rest of the scan still ran.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{project, scan_json};
use serde_json::Value as Json;

const VOLUME: &str = "resource \"aws_ebs_volume\" \"data\" {\n  availability_zone = \"eu-west-1a\"\n  size              = 10\n}\n";

fn rule_ids(report: &Json) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect()
}

/// `(file name, line, column, message)` of each error (not warning) in a JSON report.
fn errors(report: &Json) -> Vec<(String, u64, u64, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["level"] == "error")
        .map(|e| {
            let file = e["file"].as_str().unwrap();
            (
                file.rsplit('/').next().unwrap_or(file).to_string(),
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn self_referencing_parameters_are_errors_and_the_scan_goes_on() {
    let cfn = "Parameters:\n  P:\n    Type: String\n    Default: !Ref P\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref P\n";
    let arm = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"p": {"type": "string", "defaultValue": "[parameters('p')]"}},
  "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01",
                 "name": "[parameters('p')]", "location": "westeurope", "properties": {}}]
}"#;
    let dir = project(&[("t.yaml", cfn), ("arm.json", arm), ("volume.tf", VOLUME)]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 2, "{report}");
    assert!(rule_ids(&report).contains(&"AWS-EBS-001"), "{report}");
    let errors = errors(&report);
    assert!(
        errors.iter().any(|(f, line, _, m)| f == "t.yaml"
            && *line == 4
            && m.starts_with("parameter `P`'s default refers to itself via parameter `P`")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|(f, line, _, m)| f == "arm.json"
            && *line == 4
            && m.starts_with("parameter `p`'s default refers to itself")),
        "{errors:?}"
    );
}
