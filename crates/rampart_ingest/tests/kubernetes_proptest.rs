//! No input makes the manifest loader panic: random text, and real manifests mutated with the
//! tokens that matter to YAML, JSON and Kubernetes (`---`, `kind: List`, anchors, tags). Both
//! the loader itself and the document dispatch that calls it are exercised. (This is the one
//! kind of test that only checks "did not crash"; it also checks that every error it reports
//! has a position inside the file.)

#![allow(clippy::expect_used, clippy::panic)] // test helpers

mod common;

use common::{apply_tokens, edit};
use proptest::prelude::*;
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use rampart_ingest::kubernetes::load_text;
use std::sync::Arc;

const SEEDS: &[(&str, &str)] = &[
    (
        "h.yaml",
        include_str!("fixtures/kubernetes/helm_rendered.yaml"),
    ),
    ("l.yaml", include_str!("fixtures/kubernetes/list.yaml")),
    ("p.json", include_str!("fixtures/kubernetes/pod.json")),
    (
        "b.yaml",
        include_str!("fixtures/kubernetes/mixed/broken.yaml"),
    ),
    (
        "c.yaml",
        include_str!("fixtures/kubernetes/mixed/custom.yaml"),
    ),
];

const TOKENS: &[&str] = &[
    "---\n",
    "...\n",
    "--- ",
    "kind: List\nitems:\n",
    "apiVersion: v1\n",
    "kind: Pod\n",
    "items: ",
    "containers:\n  - ",
    "&a ",
    "*a",
    "!!str ",
    "!custom ",
    "<<: *a\n",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "? ",
    "\n",
    "  ",
    "\t",
    "\"",
    "'",
    "|",
    ">-",
    "# rampart:ignore:K8S-001\n",
    "checkov.io/skip1: ",
    "{{ .Values.x }}",
    "é",
    "\u{feff}",
    ",",
    "0",
    "-1",
    "1e999",
    "null",
    "~",
    "true",
    "\\",
];

fn check(name: &str, text: &str) {
    let lines = text.lines().count() as u32 + 1;
    let out = load_text(&Arc::from(name), text);
    for e in &out.errors {
        assert!(e.line >= 1 && e.line <= lines, "{e} outside {lines} lines");
    }
    for r in &out.resources {
        let span = r.origin.span().expect("manifest resources have spans");
        assert!(span.end_byte <= text.len() && span.start_byte <= span.end_byte);
        assert!(text.is_char_boundary(span.start_byte) && text.is_char_boundary(span.end_byte));
    }
    let _ = load_document_text(name, text, &LoadOptions::default());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_manifests_never_panic(
        seed in 0..SEEDS.len(),
        edits in proptest::collection::vec(edit(TOKENS.len()), 1..8),
    ) {
        let (name, text) = SEEDS[seed];
        check(name, &apply_tokens(text, &edits, TOKENS));
    }

    #[test]
    fn random_text_never_panics(text in "(apiVersion: v1\nkind: |---\n|[ -~\\n\\t]{0,40}|é){0,30}") {
        check("r.yaml", &text);
    }
}
