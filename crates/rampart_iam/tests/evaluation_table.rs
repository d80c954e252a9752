//! The table of evaluation cases in `tests/cases/*.json`: each case is a `rampart iam
//! simulate` request with the decision AWS documents for it. A second test proves the table
//! covers every condition operator, set operator, IfExists, Null, policy variables and every
//! precedence rule, so a case cannot be deleted without a failure.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_iam::condition::{Operator, parse_operator_name};
use rampart_iam::{Decision, Simulation};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;
use std::path::PathBuf;

struct Case {
    file: String,
    name: String,
    rule: Option<String>,
    request: Map<String, Value>,
    expected: String,
    statements: Option<Vec<(String, usize)>>,
}

fn cases() -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no case files in {}", dir.display());
    let mut out = Vec::new();
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let base = doc["base"].as_object().cloned().unwrap_or_default();
        let file_name = file.file_name().unwrap().to_string_lossy().into_owned();
        for case in doc["cases"].as_array().unwrap() {
            let mut request = base.clone();
            if let Some(fields) = case.get("request").and_then(Value::as_object) {
                for (k, v) in fields {
                    request.insert(k.clone(), v.clone());
                }
            }
            if let Some(condition) = case.get("condition") {
                request.insert(
                    "identity_policies".into(),
                    json!([{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": condition}}]),
                );
            }
            let statements = case.get("statements").map(|list| {
                list.as_array()
                    .unwrap()
                    .iter()
                    .map(|pair| {
                        (
                            pair[0].as_str().unwrap().to_string(),
                            pair[1].as_u64().unwrap() as usize,
                        )
                    })
                    .collect()
            });
            out.push(Case {
                file: file_name.clone(),
                name: case["name"].as_str().unwrap().to_string(),
                rule: case.get("rule").and_then(Value::as_str).map(str::to_string),
                request,
                expected: case["expected"].as_str().unwrap().to_string(),
                statements,
            });
        }
    }
    out
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "allowed",
        Decision::ImplicitlyDenied => "implicitly_denied",
        Decision::ExplicitlyDenied => "explicitly_denied",
    }
}

#[test]
fn every_case_gets_its_documented_decision() {
    let mut failures = Vec::new();
    let all = cases();
    for case in &all {
        let simulation = match Simulation::from_fields(&case.request) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!(
                    "{}: {}: request refused: {e}",
                    case.file, case.name
                ));
                continue;
            }
        };
        let evaluation = simulation.evaluate();
        let got = decision_name(evaluation.decision);
        if got != case.expected {
            failures.push(format!(
                "{}: {}: expected {}, got {got} ({})",
                case.file,
                case.name,
                case.expected,
                evaluation.reasons.join("; ")
            ));
            continue;
        }
        if let Some(want) = &case.statements {
            let have: Vec<(String, usize)> = evaluation
                .statements
                .iter()
                .map(|s| (s.policy.clone(), s.index))
                .collect();
            if &have != want {
                failures.push(format!(
                    "{}: {}: statements {have:?}, expected {want:?}",
                    case.file, case.name
                ));
            }
        }
    }
    assert!(all.len() >= 100, "only {} cases", all.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

/// Every operator name written in any Condition of any case's documents.
fn operators_used(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if (k == "Condition" || k == "condition")
                    && let Some(block) = v.as_object()
                {
                    found.extend(block.keys().cloned());
                }
                operators_used(v, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| operators_used(i, found)),
        _ => {}
    }
}

#[test]
fn the_table_covers_every_operator_and_precedence_rule() {
    let all = cases();
    let mut names = BTreeSet::new();
    for case in &all {
        operators_used(&Value::Object(case.request.clone()), &mut names);
    }
    let parsed: Vec<_> = names
        .iter()
        .filter_map(|n| parse_operator_name(n).ok())
        .collect();
    for op in Operator::ALL {
        assert!(
            parsed.iter().any(|p| p.1 == op),
            "no case uses {}",
            op.name()
        );
    }
    assert!(parsed.iter().any(|p| p.2), "no case uses ...IfExists");
    for prefix in ["ForAnyValue:", "ForAllValues:"] {
        assert!(
            names.iter().any(|n| n.starts_with(prefix)),
            "no case uses {prefix}"
        );
    }
    let text = serde_json::to_string(
        &all.iter()
            .map(|c| Value::Object(c.request.clone()))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    for variable in ["${aws:username}", "${*}", "${?}", "${$}", ", '"] {
        assert!(
            text.contains(variable),
            "no case uses the policy variable form {variable}"
        );
    }
    let rules: BTreeSet<&str> = all.iter().filter_map(|c| c.rule.as_deref()).collect();
    for rule in [
        "explicit_deny",
        "scp_level",
        "rcp_level",
        "permission_boundary",
        "session_policy",
        "resource_same_account",
        "resource_exception",
        "role_vs_session",
        "cross_account",
        "not_action",
        "not_resource",
        "not_principal",
        "vpc_endpoint",
        "action_matching",
        "arn_matching",
        "policy_variables",
    ] {
        assert!(rules.contains(rule), "no case shows the rule {rule}");
    }
    for decision in ["allowed", "implicitly_denied", "explicitly_denied"] {
        assert!(
            all.iter().any(|c| c.expected == decision),
            "no case expects {decision}"
        );
    }
}
