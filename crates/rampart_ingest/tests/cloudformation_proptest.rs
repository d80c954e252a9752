//! No input makes the document loader panic: random text, and real templates, plans and state
//! files mutated with the tokens that matter to YAML, JSON and intrinsics. (This is the one
//! kind of test that only checks "did not crash".)

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

mod common;

use common::{apply_tokens, edit};
use proptest::prelude::*;
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;

const SEEDS: &[(&str, &str)] = &[
    (
        "t.yaml",
        include_str!("fixtures/cloudformation/intrinsics.yaml"),
    ),
    (
        "t.json",
        include_str!("fixtures/cloudformation/intrinsics.json"),
    ),
    (
        "b.yaml",
        include_str!("fixtures/cloudformation/bucket.yaml"),
    ),
    (
        "s.yaml",
        include_str!("fixtures/cloudformation/security_groups.yaml"),
    ),
    ("i.yaml", include_str!("fixtures/cloudformation/iam.yaml")),
    ("plan.json", include_str!("fixtures/plan/plan.json")),
    (
        "state.json",
        include_str!("fixtures/plan/terraform.tfstate.json"),
    ),
];

const TOKENS: &[&str] = &[
    "!Ref ",
    "!Sub ",
    "!GetAtt ",
    "!If ",
    "!Join ",
    "!Select ",
    "!FindInMap ",
    "!Base64 ",
    "!Cidr ",
    "!Condition ",
    "!Not ",
    "!Equals ",
    "${",
    "${!",
    "}",
    "[",
    "]",
    "{",
    ":",
    ": ",
    "- ",
    "? ",
    "\n",
    "  ",
    "\t",
    "\"",
    "'",
    "Fn::If",
    "Fn::Sub",
    "Ref",
    "Condition",
    "AWS::NoValue",
    "AWS::Region",
    "&a ",
    "*a",
    "---\n",
    "é",
    ",",
    "0",
    "-1",
    "1e999",
    "null",
    "true",
    "\"after_unknown\": true",
    "[0]",
    "module.",
    "\\",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents_never_panic(seed in 0..SEEDS.len(), edits in prop::collection::vec(edit(TOKENS.len()), 1..8)) {
        let (name, text) = SEEDS[seed];
        let mutated = apply_tokens(text, &edits, TOKENS);
        let out = load_document_text(name, &mutated, &LoadOptions::default());
        // every error points into the file it is about
        for e in &out.errors {
            prop_assert_eq!(&e.file, name);
        }
    }

    #[test]
    fn random_text_never_panics(body in "[ -~\n\t]{0,300}", json in any::<bool>()) {
        let (name, text) = if json {
            ("r.json", format!("{{\"format_version\": \"1.2\", \"planned_values\": {body}"))
        } else {
            ("r.yaml", format!("AWSTemplateFormatVersion: x\nResources:\n{body}"))
        };
        let out = load_document_text(name, &text, &LoadOptions::default());
        for e in &out.errors {
            prop_assert_eq!(&e.file, name);
        }
    }
}

#[test]
fn pathological_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        "AWSTemplateFormatVersion: x\nResources:\n{}x",
        "- ".repeat(50_000)
    );
    let out = load_document_text("deep.yaml", &deep, &LoadOptions::default());
    assert!(
        out.errors
            .iter()
            .any(|e| e.is_error() && e.message.contains("nesting")),
        "{:?}",
        out.errors
    );
    let flow = format!(
        "AWSTemplateFormatVersion: x\nResources: {}",
        "[".repeat(100_000)
    );
    let out = load_document_text("flow.yaml", &flow, &LoadOptions::default());
    assert!(out.errors.iter().any(|e| e.is_error()), "{:?}", out.errors);
}
