//! Inputs built to exhaust the stack or memory: YAML and JSON nested 100000 deep, 5000 nested
//! `Fn::Join`, a billion-laughs alias bomb. Each ends as an error with file:line (or loads),
//! never as a crash: a stack overflow here aborts the whole test binary.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rampart_ingest::LoadOptions;
use rampart_ingest::documents::{DocumentsOutput, load_document_text};
use rampart_model::LoadError;

fn load(name: &str, text: &str) -> DocumentsOutput {
    load_document_text(name, text, &LoadOptions::default())
}

fn only_error(out: &DocumentsOutput) -> &LoadError {
    let errors: Vec<&LoadError> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0]
}

const HEAD: &str = "AWSTemplateFormatVersion: '2010-09-09'\n";

#[test]
fn flow_yaml_nested_100000_deep_is_an_error_at_its_line() {
    let text = format!(
        "{HEAD}Resources: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let out = load("t.yaml", &text);
    let e = only_error(&out);
    assert_eq!(e.line, 2, "{e}");
    assert!(e.message.contains("nested deeper than 255 levels"), "{e}");
}

#[test]
fn block_yaml_nested_deep_is_an_error_at_the_first_line_past_the_bound() {
    let text = format!(
        "{HEAD}Resources:\n{}",
        (1..3_000)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect::<String>()
    );
    let out = load("t.yaml", &text);
    let e = only_error(&out);
    assert!(e.message.contains("nesting this deep"), "{e}");
    // the bound is 2 × (indentation + 1): past 2000 at 1000 columns, 500 levels in
    assert_eq!(e.line, 2 + 500, "{e}");
    let compact = format!("{HEAD}Resources:\n  B:\n    {}x\n", "- ".repeat(100_000));
    assert!(
        only_error(&load("c.yaml", &compact))
            .message
            .contains("nesting this deep")
    );
}

#[test]
fn json_with_5000_nested_joins_is_an_error_in_words() {
    let text = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\",\n \"Properties\": {{\"BucketName\": {}\"x\"{}}}}}}}}}",
        "{\"Fn::Join\": [\"\", [".repeat(5000),
        "]]}".repeat(5000)
    );
    let out = load("t.json", &text);
    let e = only_error(&out);
    assert_eq!(e.line, 2, "{e}");
    assert!(
        e.message
            .starts_with("invalid JSON: nested deeper than 128 levels"),
        "{e}"
    );
}

#[test]
fn yaml_with_5000_nested_joins_is_an_error_and_200_are_evaluated_to_unknown() {
    let deep = format!(
        "{HEAD}Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {}x{}\n",
        "!Join ['', [".repeat(5000),
        "]]".repeat(5000)
    );
    assert!(
        only_error(&load("t.yaml", &deep))
            .message
            .contains("nested deeper than 255")
    );
    // 120 levels parse (240 flow levels), and evaluate past the evaluator's depth bound
    let bounded = format!(
        "{HEAD}Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {}x{}\n",
        "!Join ['', [".repeat(120),
        "]]".repeat(120)
    );
    let out = load("t.yaml", &bounded);
    assert!(out.errors.iter().all(|e| !e.is_error()), "{:?}", out.errors);
    let bucket = out
        .resources
        .iter()
        .find(|r| r.address == "B")
        .expect("loaded");
    assert!(bucket.attributes.contains_key("bucket"));
}

#[test]
fn an_alias_bomb_is_an_error_not_a_billion_nodes() {
    let mut text = format!(
        "{HEAD}Metadata:\n  a0: &a0 [{}]\n",
        ["\"lol\""; 9].join(",")
    );
    for i in 1..10 {
        let below = format!("*a{}", i - 1);
        text.push_str(&format!(
            "  a{i}: &a{i} [{}]\n",
            [below.as_str(); 9].join(",")
        ));
    }
    text.push_str("Resources:\n  B:\n    Type: AWS::S3::Bucket\n");
    let out = load("t.yaml", &text);
    let e = only_error(&out);
    assert!(e.message.contains("alias expansion exceeded"), "{e}");
    assert!(e.line >= 3, "{e}");
}
