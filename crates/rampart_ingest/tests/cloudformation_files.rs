//! Which YAML/JSON files load: a broken template is an error with file:line:col while the good
//! template beside it still loads; YAML and JSON that are not templates (a CI workflow that
//! mentions CloudFormation, a Helm template, package.json) are skipped without a word.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, load_paths};
use std::path::PathBuf;

fn mixed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cloudformation/mixed")
}

#[test]
fn broken_templates_are_errors_with_positions_and_others_still_load() {
    let out = load_paths(&[mixed()], &LoadOptions::default());
    // the good template loaded
    let volume = out
        .inventory
        .by_address("Volume")
        .expect("good.yaml loaded");
    assert!(volume.file().is_some_and(|f| f.ends_with("good.yaml")));
    assert_eq!(out.inventory.len(), 1);
    assert_eq!(out.files, 1);

    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    let files: Vec<&str> = errors
        .iter()
        .map(|e| e.file.rsplit('/').next().unwrap_or(""))
        .collect();
    assert_eq!(files, vec!["broken.template", "broken.yaml"], "{errors:?}");

    let json = errors[0];
    assert_eq!((json.line, json.column), (4, 43), "{json}");
    assert!(
        json.message.starts_with("invalid JSON: trailing comma"),
        "{json}"
    );

    let yaml = errors[1];
    assert!(yaml.message.starts_with("invalid YAML:"), "{yaml}");
    // the flow sequence opened on line 5 is never closed: reported past it, never at 0
    assert!(yaml.line >= 5 && yaml.column >= 1, "{yaml}");
    // no warning or error about the workflows (one of them broken YAML that mentions
    // `Resources` and `AWS::`), the Helm template or package.json
    assert!(
        out.errors
            .iter()
            .all(|e| e.file.ends_with("broken.yaml") || e.file.ends_with("broken.template")),
        "{:?}",
        out.errors
    );
}

#[test]
fn text_entry_point_detects_the_document_kind() {
    let options = LoadOptions::default();
    let workflow = "name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo Resources AWS::S3::Bucket\n";
    let out = rampart_ingest::documents::load_document_text("ci.yml", workflow, &options);
    assert!(out.resources.is_empty() && out.errors.is_empty() && out.files == 0);

    // a template without AWSTemplateFormatVersion is still a template
    let bare = "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n";
    let out = rampart_ingest::documents::load_document_text("q.yaml", bare, &options);
    assert_eq!(out.files, 1);
    assert_eq!(
        out.resources.first().map(|r| r.kind.as_str()),
        Some("aws_sqs_queue")
    );
    assert_eq!(
        out.resources
            .first()
            .and_then(|r| r.get("sqs_managed_sse_enabled"))
            .cloned(),
        Some(rampart_model::Value::Bool(false))
    );

    // types Rampart does not map keep their CloudFormation type and property names
    let custom = "Resources:\n  Thing:\n    Type: AWS::Some::Thing\n    Properties:\n      Secret: hunter2\n";
    let out = rampart_ingest::documents::load_document_text("t.yaml", custom, &options);
    let thing = out.resources.first().expect("thing");
    assert_eq!(thing.kind, "AWS::Some::Thing");
    assert_eq!(thing.str("Secret"), Some("hunter2"));
}

#[test]
fn same_logical_id_in_two_templates_never_joins_across_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let template = |versioned: bool| {
        let versioning = if versioned {
            "      VersioningConfiguration:\n        Status: Enabled\n"
        } else {
            ""
        };
        format!(
            "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: b\n{versioning}"
        )
    };
    std::fs::write(dir.path().join("a.yaml"), template(true)).expect("write");
    std::fs::write(dir.path().join("b.yaml"), template(false)).expect("write");
    let out = load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let inv = &out.inventory;
    assert_eq!(inv.len(), 3);
    let a = inv
        .iter()
        .find(|r| r.kind == "aws_s3_bucket" && r.file().is_some_and(|f| f.ends_with("a.yaml")))
        .expect("a");
    let b = inv
        .iter()
        .find(|r| r.kind == "aws_s3_bucket" && r.file().is_some_and(|f| f.ends_with("b.yaml")))
        .expect("b");
    assert_ne!(a.address, b.address);
    assert_eq!(a.related("aws_s3_bucket_versioning").count(), 1);
    assert_eq!(b.related("aws_s3_bucket_versioning").count(), 0);
}
