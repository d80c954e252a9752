//! No ARM template makes the loader panic: random text, and a real template mutated with the
//! tokens that matter to JSON and to template expressions. (This is the one kind of test that
//! only checks "did not crash".)

use proptest::prelude::*;
use rampart_ingest::arm::expr::{self, Scope, Val};
use rampart_ingest::arm::load_text;
use std::sync::Arc;

const SEED: &str = include_str!("fixtures/arm/all_kinds.json");

const TOKENS: &[&str] = &[
    "[",
    "]",
    "[[",
    "(",
    ")",
    "'",
    "''",
    ",",
    ".",
    "{",
    "}",
    "\"",
    ":",
    "\\",
    "concat(",
    "format('{0}{9}', ",
    "parameters('prefix')",
    "variables('storageName')",
    "variables('nope')",
    "resourceId(",
    "if(",
    "equals(",
    "reference(",
    "true",
    "false",
    "null",
    "-1",
    "99999999999999999999",
    "{0}",
    "\n",
    "\u{feff}",
    "é",
];

struct Empty;
impl Scope for Empty {
    fn parameter(&self, _: &str, _: usize) -> Val {
        Val::unknown()
    }
    fn variable(&self, _: &str, _: usize) -> Val {
        Val::unknown()
    }
    fn resource_address(&self, _: &str, _: &str) -> Option<String> {
        None
    }
}

fn mutate(seed: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut text: Vec<char> = seed.chars().collect();
    for &(at, cut, token) in edits {
        let at = at % (text.len() + 1);
        let end = (at + cut % 8).min(text.len());
        let insert: Vec<char> = TOKENS[token % TOKENS.len()].chars().collect();
        text.splice(at..end, insert);
    }
    text.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_templates_never_panic(edits in prop::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..6)) {
        let text = mutate(SEED, &edits);
        let _ = load_text(&Arc::from("t.json"), &text);
    }

    #[test]
    fn random_expressions_never_panic(parts in prop::collection::vec(0usize..TOKENS.len(), 0..24)) {
        let text: String = parts.iter().map(|&i| TOKENS[i]).collect();
        if let Ok(e) = expr::parse(&format!("[{text}]")) {
            let _ = expr::eval(&e, &Empty, 0);
        }
        let template = SEED.replace("[parameters('tlsVersion')]", &format!("[{}]", text.replace('"', "")));
        let _ = load_text(&Arc::from("t.json"), &template);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,400}") {
        let _ = load_text(&Arc::from("t.json"), &text);
    }
}
