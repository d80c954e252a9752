//! YAML and JSON files that were skipped without a word (a scan that said "no findings in 0
//! files") or reported at the wrong place: each now loads, or is an error at the real
//! line:col, and the other files still load.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::LoadError;

fn scan(files: &[(&str, &[u8])]) -> LoadOutput {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    load_paths(&[dir.path().to_path_buf()], &LoadOptions::default())
}

fn errors(out: &LoadOutput) -> Vec<&LoadError> {
    out.errors.iter().filter(|e| e.is_error()).collect()
}

fn file_name(e: &LoadError) -> &str {
    e.file.rsplit('/').next().unwrap_or(&e.file)
}

const GOOD_POD: &[u8] = b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: good\nspec:\n  containers:\n  - name: c\n    image: nginx\n";

#[test]
fn invalid_utf8_in_a_template_is_an_error_at_the_bad_byte() {
    let out = scan(&[
        (
            "t.yaml",
            b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \xff\xfe\n",
        ),
        ("pod.yaml", GOOD_POD),
    ]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (file_name(errors[0]), errors[0].line, errors[0].column),
        ("t.yaml", 5, 19)
    );
    assert!(
        errors[0].message.starts_with("invalid UTF-8 (byte 0xff)"),
        "{}",
        errors[0]
    );
    assert_eq!(out.inventory.of_kind("kubernetes_pod").count(), 1);
}

#[test]
fn invalid_byte_in_a_manifest_is_an_error_with_its_line() {
    let out = scan(&[(
        "pod.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: \xc3p\n",
    )]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].column), (4, 9), "{}", errors[0]);
}

#[test]
fn binary_json_that_is_no_document_stays_silent() {
    let out = scan(&[
        ("blob.json", b"\x00\xff\xfe{\"a\": 1}"),
        ("pod.yaml", GOOD_POD),
    ]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
}

#[test]
fn a_comment_indented_past_the_nesting_bound_is_only_a_comment() {
    let pod = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{}# deep\nspec:\n  containers:\n  - name: c\n    image: nginx\n",
        " ".repeat(1001)
    );
    let script = format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  run.sh: |\n    echo\n{}echo far right\n",
        " ".repeat(3000)
    );
    let out = scan(&[("pod.yaml", pod.as_bytes()), ("cm.yaml", script.as_bytes())]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.files, 2);
    assert_eq!(out.inventory.of_kind("kubernetes_pod").count(), 1);
}

#[test]
fn a_manifest_nested_too_deep_is_an_error_at_the_first_line_past_the_bound() {
    let mut pod = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n");
    for i in 0..1100 {
        pod.push_str(&format!("{}k{i}:\n", " ".repeat(4 + 2 * i)));
    }
    let out = scan(&[("pod.yaml", pod.as_bytes()), ("ok.yaml", GOOD_POD)]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    // line 6 is indented 4; the bound passes 2000 at 1000 columns of indentation: k498
    assert_eq!(errors[0].line, 6 + 498, "{}", errors[0]);
    assert!(
        errors[0].message.contains("nesting this deep"),
        "{}",
        errors[0]
    );
    assert_eq!(out.inventory.of_kind("kubernetes_pod").count(), 1);
}

#[test]
fn duplicate_keys_in_json_are_named_as_json() {
    let template = br#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"},
  "B": {"Type": "AWS::S3::Bucket"}}}"#;
    let pod = b"{\"apiVersion\": \"v1\", \"kind\": \"Pod\",\n \"metadata\": {\"name\": \"a\", \"name\": \"b\"}}";
    let arm = br#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0", "parameters": {}, "parameters": {}, "resources": []}"#;
    let out = scan(&[("t.json", template), ("pod.json", pod), ("arm.json", arm)]);
    let errors = errors(&out);
    let found: Vec<(&str, u32, &str)> = errors
        .iter()
        .map(|e| (file_name(e), e.line, e.message.as_str()))
        .collect();
    assert_eq!(found.len(), 3, "{found:?}");
    for (file, line, message) in found {
        assert_eq!(line, 2, "{file}: {message}");
        assert!(message.starts_with("invalid JSON"), "{file}: {message}");
        assert!(message.contains("duplicate key `"), "{file}: {message}");
        assert!(!message.contains("YAML"), "{file}: {message}");
    }
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("duplicate key `B`"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("duplicate key `name`"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("duplicate key `parameters`"))
    );
}

#[test]
fn flow_nesting_past_the_parser_limit_is_an_error_in_words() {
    let template = format!(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let out = scan(&[("t.yaml", template.as_bytes())]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 6);
    assert!(
        errors[0].message.contains("nested deeper than 255"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_utf16_template_is_an_error_saying_so() {
    let text =
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let out = scan(&[("t.yaml", &bytes), ("pod.yaml", GOOD_POD)]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].column), (1, 1));
    assert!(
        errors[0].message.starts_with("the file is UTF-16 text"),
        "{}",
        errors[0]
    );
}
