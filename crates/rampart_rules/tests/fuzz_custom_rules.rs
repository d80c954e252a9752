//! Fuzzing the custom-rule language: generated rule files (every operator with values of
//! every type, invalid regexes and CIDRs, wrong quantifiers, unknown keys, `all`/`any`/`not`
//! nested past the depth limit, `related`/`uses`, several rules per file), as generated and
//! mutated as text. Properties: decoding never panics; a file that is valid YAML gives one
//! outcome per rule (a rule or an error); every error is about the rule file, at a line
//! inside it, with a message; and the rules that load evaluate on the repository's fixtures
//! without panic, deterministically, reporting only resources of the kinds they name.

#![allow(clippy::panic)] // a failed case fails the test

#[path = "../../rampart_ingest/tests/fuzz_support/mod.rs"]
mod fuzz_support;

use fuzz_support::{line_count, mutate, mutation, reached, repo_root, run};
use proptest::prelude::*;
use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::Inventory;
use rampart_rules::custom::{compile, parse_rule_file};
use rampart_rules::{EngineOptions, run_rules};
use serde_json::{Value as Json, json};

const KINDS: &[&str] = &[
    "aws_s3_bucket",
    "aws_security_group",
    "aws_instance",
    "aws_iam_role",
    "kubernetes_pod",
    "azurerm_storage_account",
    "*",
    "",
];
const PATHS: &[&str] = &[
    "acl",
    "tags.owner",
    "ingress.cidr_blocks",
    "ingress[*].from_port",
    "ingress.0.to_port",
    "versioning.0.enabled",
    "tags.*",
    "a..b",
    "[",
    "x[99999999999999999999]",
    "",
    "spec.containers[*].securityContext.privileged",
];
const OPERATORS: &[&str] = &[
    "equals",
    "not_equals",
    "in",
    "not_in",
    "exists",
    "absent",
    "greater_than",
    "greater_or_equal",
    "less_than",
    "less_or_equal",
    "matches",
    "contains",
    "cidr_contains",
    "cidr_is_public",
    "nope",
];

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(items)
}

/// Mostly one of `valid`, sometimes one of `invalid`: enough rules load to reach evaluation.
fn mostly(
    valid: &'static [&'static str],
    invalid: &'static [&'static str],
) -> impl Strategy<Value = &'static str> {
    prop_oneof![9 => pick(valid), 1 => pick(invalid)]
}

/// An argument that fits `operator` (most of the time), or any argument.
fn argument_for(operator: &'static str) -> BoxedStrategy<Json> {
    let fitting: BoxedStrategy<Json> = match operator {
        "exists" | "absent" | "cidr_is_public" => any::<bool>().prop_map(Json::Bool).boxed(),
        "greater_than" | "greater_or_equal" | "less_than" | "less_or_equal" => prop_oneof![
            (-100i32..70000).prop_map(|n| json!(n)),
            Just(json!(1.5)),
            Just(json!("22"))
        ]
        .boxed(),
        "matches" => prop_oneof![
            Just(json!("^acme-")),
            Just(json!("(?i)PUBLIC")),
            Just(json!(".*")),
            Just(json!("^(a+)+$"))
        ]
        .boxed(),
        "cidr_contains" => prop_oneof![
            Just(json!("0.0.0.0/0")),
            Just(json!("10.1.2.3")),
            Just(json!("::/0"))
        ]
        .boxed(),
        "in" | "not_in" => prop::collection::vec(argument(), 0..3)
            .prop_map(Json::Array)
            .boxed(),
        _ => argument().boxed(),
    };
    prop_oneof![4 => fitting, 1 => argument()].boxed()
}

/// Operator arguments of every type, valid and not.
fn argument() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(json!("public-read")),
        Just(json!("0.0.0.0/0")),
        Just(json!("10.0.0.0/8")),
        Just(json!("::/0")),
        Just(json!("300.1.1.1/99")),
        Just(json!("^(a+)+$")),
        Just(json!("(")),
        Just(json!("[[:nope:]]")),
        Just(json!(22)),
        Just(json!(-1.5)),
        Just(json!(1e308)),
        Just(json!(true)),
        Just(json!(null)),
        Just(json!([])),
        Just(json!(["a", 1, null])),
        Just(json!({ "a": 1 })),
        "[a-z0-9./*-]{0,8}".prop_map(Json::String),
    ]
}

fn condition() -> impl Strategy<Value = Json> {
    let test = (
        mostly(&PATHS[..7], PATHS),
        pick(OPERATORS).prop_flat_map(|op| (Just(op), argument_for(op))),
        prop::option::of(mostly(&["any", "all", "none"], &["some"])),
    )
        .prop_map(|(path, (op, arg), q)| {
            let mut c = json!({ "attribute": path, op: arg });
            if let (Some(q), Some(m)) = (q, c.as_object_mut()) {
                m.insert("quantifier".into(), json!(q));
            }
            c
        });
    test.prop_recursive(6, 32, 3, |inner| {
        prop_oneof![
            6 => prop::collection::vec(inner.clone(), 1..3).prop_map(|c| json!({ "all": c })),
            6 => prop::collection::vec(inner.clone(), 1..3).prop_map(|c| json!({ "any": c })),
            6 => inner.clone().prop_map(|c| json!({ "not": c })),
            6 => (pick(&["related", "uses"]), pick(KINDS), prop::option::of(inner.clone()), pick(&["any", "all", "none"]))
                .prop_map(|(dir, kind, c, q)| {
                    let mut body = json!({ "kind": kind, "quantifier": q });
                    if let (Some(c), Some(m)) = (c, body.as_object_mut()) {
                        m.insert("condition".into(), c);
                    }
                    json!({ dir: body })
                }),
            // malformed: two forms in one mapping, an unknown key, a list where a mapping goes
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({ "all": [a], "not": b })),
            1 => inner.clone().prop_map(|c| json!({ "nope": c })),
            1 => Just(json!({ "all": [] })),
            1 => inner.prop_map(|c| json!([c])),
            // nested far past the depth limit
            1 => (40usize..80).prop_map(|d| (0..d).fold(json!({ "attribute": "acl", "exists": true }), |c, _| json!({ "not": c }))),
        ]
    })
}

fn rule() -> impl Strategy<Value = Json> {
    (
        mostly(
            &["ACME-T-001", "ACME-T-002", "ACME.x_3"],
            &["AWS-S3-001", "1bad", "has space", ""],
        ),
        mostly(&["critical", "high", "medium", "low", "info"], &["urgent"]),
        mostly(&["data", "network", "identity"], &["nope"]),
        prop::collection::vec(mostly(&KINDS[..7], KINDS), 1..3),
        condition(),
        prop::option::of(pick(&["{address} {kind} {name} {id} {nope}", "", "{"])),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(id, severity, category, kinds, violation, message, extra)| {
                let mut r = json!({
                    "id": id,
                    "title": "generated",
                    "severity": severity,
                    "category": category,
                    "resource_kinds": kinds,
                    "violation_when": violation,
                });
                if let Some(m) = r.as_object_mut() {
                    if let Some(message) = message {
                        m.insert("message".into(), json!(message));
                    }
                    if extra {
                        m.insert("descripton".into(), json!("typo"));
                    }
                }
                r
            },
        )
}

const YAML_TOKENS: &[&str] = &[
    ": ", "- ", "\n", "  ", "{", "}", "[", "]", "\"", "'", "&a ", "*a", "!!str ", "---\n", "#",
    "|\n", "~", "é", "\t",
];

/// The resources of a few real fixtures, loaded once.
fn fixtures() -> Inventory {
    let root = repo_root();
    let paths: Vec<_> = [
        "examples",
        "crates/rampart_rules/fixtures/AWS-S3-001",
        "crates/rampart_ingest/tests/fixtures/cloudformation/security_groups.yaml",
        "crates/rampart_ingest/tests/fixtures/kubernetes/pod.json",
    ]
    .iter()
    .map(|p| root.join(p))
    .collect();
    load_paths(&paths, &LoadOptions::default()).inventory
}

#[test]
fn fuzz_custom_rules() {
    let inventory = fixtures();
    assert!(
        inventory.len() > 10,
        "only {} fixture resources",
        inventory.len()
    );
    let strategy = (
        prop::collection::vec(rule(), 1..4),
        prop::option::of(prop::collection::vec(mutation(YAML_TOKENS.len(), 1), 1..4)),
    );
    run("custom_rules", 150, strategy, |(rules, mutations)| {
        let generated =
            serde_json::to_string_pretty(&rules).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = match &mutations {
            Some(ms) => mutate(&generated, ms, YAML_TOKENS, &[]),
            None => generated,
        };
        let (specs, errors) = parse_rule_file("rule.yaml", &text);
        let lines = line_count(&text);
        for e in &errors {
            prop_assert_eq!(&e.file, "rule.yaml");
            prop_assert!(
                e.line >= 1 && e.line <= lines + 1 && e.column >= 1,
                "error outside the file: {:?}",
                e
            );
            prop_assert!(!e.message.trim().is_empty(), "error without a message");
        }
        if mutations.is_none() {
            prop_assert_eq!(
                specs.len() + errors.len(),
                rules.len(),
                "one outcome per rule: {:?}",
                errors
            );
        }
        if specs.is_empty() {
            return Ok(());
        }
        reached();
        let compiled: Vec<_> = specs.into_iter().map(compile).collect();
        let first = run_rules(&inventory, &compiled, &EngineOptions::default());
        for f in &first {
            // ids may repeat within one file (collisions are checked across the rule folders)
            prop_assert!(
                compiled
                    .iter()
                    .filter(|r| r.id == f.rule_id)
                    .any(|r| r.kinds.contains(&"*") || r.kinds.contains(&&*f.model_kind)),
                "{} reported a `{}`, a kind it does not name",
                f.rule_id,
                f.resource_kind
            );
        }
        let second = run_rules(&inventory, &compiled, &EngineOptions::default());
        let key = |fs: &[rampart_model::Finding]| -> Vec<String> {
            fs.iter()
                .map(|f| format!("{} {} {}", f.rule_id, f.address, f.message))
                .collect()
        };
        prop_assert_eq!(key(&first), key(&second), "two evaluations differ");
        Ok(())
    });
}

// Cases the campaign found, minimised.

/// A lone carriage return (a bit flip of `M`) is a line break to YAML: an error after it is
/// one line further down than a count of `\n` says, and still inside the file as editors
/// show it. (Found as "error outside the file" before the campaign counted lines that way.)
#[test]
fn an_error_after_a_lone_carriage_return_is_inside_the_file() {
    let text = "[\n  {\n    \"id\": \"AC\rE.x_3\",\n    \"title\": \"generated\",\n    \"violation_when\": {\n      \"all\": [\n        {\n          \"uses\": {\n         ";
    let (specs, errors) = parse_rule_file("rule.yaml", text);
    assert!(specs.is_empty());
    let [e] = &errors[..] else {
        panic!("{errors:?}")
    };
    assert!(e.line >= 1 && e.line <= line_count(text) + 1, "{e:?}");
}
