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

/// A folder of files written as bytes (some are not UTF-8).
fn project_bytes(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

#[test]
fn documents_that_were_skipped_silently_are_errors_at_their_line() {
    let deep_comment = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{}# deep\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
        " ".repeat(1001)
    );
    let dir = project_bytes(&[
        (
            "t.yaml",
            b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \xff\xfe\n",
        ),
        ("pod.yaml", deep_comment.as_bytes()),
        (
            "dup.json",
            br#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "B": {"Type": "AWS::S3::Bucket"}}}"#,
        ),
        ("volume.tf", VOLUME.as_bytes()),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 2, "{report}");
    let ids = rule_ids(&report);
    assert!(ids.contains(&"AWS-EBS-001"), "{report}");
    // the manifest with a deeply indented comment loads and is checked
    assert!(ids.iter().any(|id| id.starts_with("K8S-")), "{report}");
    let errors = errors(&report);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1, errors[0].2),
        ("dup.json", 1, 50)
    );
    assert!(
        errors[0].3.starts_with("invalid JSON: duplicate key `B`"),
        "{errors:?}"
    );
    assert_eq!(
        (errors[1].0.as_str(), errors[1].1, errors[1].2),
        ("t.yaml", 5, 19)
    );
    assert!(errors[1].3.starts_with("invalid UTF-8"), "{errors:?}");
}

#[test]
fn a_resource_declared_twice_exits_2_naming_both_places() {
    let dir = project(&[
        ("a.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"),
        ("b.tf", "\nresource \"aws_s3_bucket\" \"b\" {}\n"),
        ("volume.tf", VOLUME),
    ]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 2, "{report}");
    assert!(rule_ids(&report).contains(&"AWS-EBS-001"), "{report}");
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (file, line, _, message) = &errors[0];
    assert_eq!((file.as_str(), *line), ("b.tf", 2));
    assert!(
        message.starts_with("duplicate resource \"aws_s3_bucket\" \"b\": already declared at ")
            && message.contains("a.tf:1"),
        "{message}"
    );
}

#[test]
fn huge_numbers_load_and_binary_terraform_is_an_error_at_its_line() {
    let dir = project_bytes(&[
        (
            "n/main.tf",
            b"locals {\n  n = 1e400\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.n\n}\n",
        ),
        ("bin/main.tf", b"resource \"x\" \"y\" {}\n\x00\x01\x80\x81"),
    ]);
    let (code, report) = scan_json(&dir.path().join("n"), &[]);
    assert!(code == 0 || code == 1, "{report}");
    assert!(errors(&report).is_empty(), "{report}");
    let (code, report) = scan_json(&dir.path().join("bin"), &[]);
    assert_eq!(code, 2, "{report}");
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].1, errors[0].2), (2, 3), "{errors:?}");
    assert!(
        errors[0].3.starts_with("invalid UTF-8 (byte 0x80)"),
        "{errors:?}"
    );
}

#[cfg(unix)]
#[test]
fn file_links_inside_the_scan_load_and_links_outside_exit_2_unread() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("shared")).unwrap();
    std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
    std::fs::write(repo.join("shared/volume.tf.in"), VOLUME).unwrap();
    std::fs::write(tmp.path().join("outside/x.tf"), "# LINKED-SECRET-91\n").unwrap();
    symlink("shared/volume.tf.in", repo.join("volume.tf")).unwrap();
    symlink("../outside/x.tf", repo.join("leak.tf")).unwrap();
    symlink(".", repo.join("loop")).unwrap();
    let (code, stdout, stderr) = common::outcome(
        common::rampart()
            .arg("scan")
            .arg(&repo)
            .args(["--format", "json"]),
    );
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(!stdout.contains("LINKED-SECRET-91") && !stderr.contains("LINKED-SECRET-91"));
    let report: Json = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rule_ids(&report), vec!["AWS-EBS-001"], "{report}");
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "leak.tf");
    assert!(
        errors[0].3.contains("leads outside the scanned folders"),
        "{errors:?}"
    );
}

#[test]
fn a_state_file_reports_its_broken_entry_and_the_rest_is_scanned() {
    let state = r#"{"version": 4, "terraform_version": "1.6.0", "resources": [
  {"mode": "managed", "type": "aws_ebs_volume", "name": "v",
   "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
   "instances": [{"attributes": {"availability_zone": "a", "size": 1, "encrypted": false}}]},
  {"mode": "managed", "type": "aws_s3_bucket", "name": "b",
   "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]"}
]}"#;
    let dir = project(&[("terraform.tfstate", state)]);
    let (code, report) = scan_json(dir.path(), &[]);
    assert_eq!(code, 2, "{report}");
    assert!(rule_ids(&report).contains(&"AWS-EBS-001"), "{report}");
    let errors = errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].0.as_str(), errors[0].1),
        ("terraform.tfstate", 6)
    );
    assert!(
        errors[0].3.contains("`aws_s3_bucket.b` has no `instances`"),
        "{errors:?}"
    );
}

/// Inputs that recurse through the evaluator end with an exit status, not a crash (their
/// evaluation belongs to the Terraform evaluator; this only holds the guarantee end to end).
#[test]
fn self_calling_modules_and_self_including_templates_end_with_a_status() {
    let cases: [&[(&str, &str)]; 3] = [
        &[(
            "main.tf",
            "module \"self\" {\n  source = \"./\"\n}\nresource \"aws_s3_bucket\" \"b\" {}\n",
        )],
        &[
            (
                "main.tf",
                "resource \"aws_instance\" \"i\" {\n  ami       = \"ami-1\"\n  user_data = templatefile(\"${path.module}/t.tpl\", {})\n}\n",
            ),
            ("t.tpl", "${templatefile(\"t.tpl\", {})}"),
        ],
        &[(
            "t.yaml",
            "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n  a1: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]\n  a2: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]\n  a3: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]\n  a4: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]\n  a5: &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]\n  a6: &a6 [*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n",
        )],
    ];
    for files in cases {
        let dir = project(files);
        let (code, stdout, stderr) = common::outcome(common::rampart().arg("scan").arg(dir.path()));
        assert!(
            (0..=2).contains(&code),
            "{files:?}: {code}\n{stdout}\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("overflow"),
            "{stderr}"
        );
    }
}
