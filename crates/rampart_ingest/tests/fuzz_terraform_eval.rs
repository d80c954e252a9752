//! Fuzzing the Terraform evaluator with generated expressions: calls over the whole function
//! table with generated arguments, `for` expressions, conditionals, splats, indexes,
//! operators, templates, `try`/`can`, references to known, unknown, missing and cyclic
//! values. Properties: no panic, and evaluation is deterministic (two loads of the same
//! text give the same values and the same messages; a function called twice on the same
//! arguments answers the same).

mod fuzz_support;

use fuzz_support::{reached, run};
use proptest::prelude::*;
use rampart_ingest::load_terraform_text;
use rampart_ingest::terraform::functions::{call, known_function_names};
use rampart_model::Value;
use std::collections::BTreeMap;

fn function_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = known_function_names().collect();
    // evaluated by the loader itself, not the table
    names.extend([
        "try",
        "can",
        "file",
        "templatefile",
        "templatestring",
        "fileexists",
        "core::upper",
        "provider::aws::arn_parse",
        "nope",
    ]);
    names
}

/// Leaves: literals of every type, and references the configuration below defines (or not).
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("1.5".to_string()),
        Just("1e308".to_string()),
        Just("1e999".to_string()),
        Just("99999999999999999999".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        Just("\"\"".to_string()),
        Just("\"a,b\"".to_string()),
        Just("\"10.0.0.0/16\"".to_string()),
        Just("\"0.0.0.0/0\"".to_string()),
        Just("\"{\\\"a\\\": [1, 2]}\"".to_string()),
        Just("\"aGVsbG8=\"".to_string()),
        Just("\"é\\u00e9\\n\"".to_string()),
        Just("\"$${x}%%{y}\"".to_string()),
        Just("\"%Y-%m\"".to_string()),
        Just("\"2024-01-01T00:00:00Z\"".to_string()),
        Just("var.s".to_string()),
        Just("var.n".to_string()),
        Just("var.l".to_string()),
        Just("var.m".to_string()),
        Just("var.u".to_string()),
        Just("var.nope".to_string()),
        Just("local.known".to_string()),
        Just("local.cycle".to_string()),
        Just("local.nope".to_string()),
        Just("aws_s3_bucket.b".to_string()),
        Just("aws_s3_bucket.b[0].id".to_string()),
        Just("aws_s3_bucket.b[*].bucket".to_string()),
        Just("aws_s3_bucket.missing.id".to_string()),
        Just("count.index".to_string()),
        Just("each.key".to_string()),
        Just("path.module".to_string()),
        Just("terraform.workspace".to_string()),
        "[a-z0-9 ._-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        (-1000i64..1000).prop_map(|n| n.to_string()),
    ]
}

/// An expression tree of bounded depth, as Terraform text.
fn expression() -> impl Strategy<Value = String> {
    let names = function_names();
    leaf().prop_recursive(5, 48, 4, move |inner| {
        let names = names.clone();
        prop_oneof![
            3 => (proptest::sample::select(names), prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            1 => (proptest::sample::select(vec!["lower", "concat", "merge", "format", "join"]), prop::collection::vec(inner.clone(), 1..3))
                .prop_map(|(f, args)| format!("{f}({}...)", args.join(", "))),
            1 => prop::collection::vec(inner.clone(), 0..4).prop_map(|items| format!("[{}]", items.join(", "))),
            1 => prop::collection::vec(("[a-z]{1,3}", inner.clone()), 0..3).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", body.join(", "))
            }),
            1 => (inner.clone(), inner.clone(), inner.clone()).prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            1 => (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(coll, body, cond)| format!("[for x in {coll} : {body} if {cond}]")),
            1 => (inner.clone(), inner.clone(), any::<bool>()).prop_map(|(coll, body, group)| {
                format!("{{ for k, v in {coll} : tostring(k) => {body}{} }}", if group { "..." } else { "" })
            }),
            1 => inner.clone().prop_map(|e| format!("({e})[*].id")),
            1 => (inner.clone(), inner.clone()).prop_map(|(e, i)| format!("({e})[{i}]")),
            1 => inner.clone().prop_map(|e| format!("({e}).attr")),
            1 => (inner.clone(), proptest::sample::select(vec!["+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||"]), inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            1 => (proptest::sample::select(vec!["!", "-"]), inner.clone()).prop_map(|(op, e)| format!("{op}({e})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("\"pre-${{{a}}}-%{{ if {b} }}yes%{{ else }}no%{{ endif }}\"")),
            1 => inner.clone().prop_map(|e| format!("\"%{{ for i in {e} ~}}${{i}},%{{ endfor ~}}\"")),
            1 => inner.clone().prop_map(|e| format!("<<-EOT\n  ${{{e}}}\n  EOT\n")),
        ]
    })
}

fn configuration(expr: &str) -> String {
    format!(
        r#"variable "s" {{ default = "a,b" }}
variable "n" {{ default = 3 }}
variable "l" {{ default = ["x", "y", "x"] }}
variable "m" {{
  default = {{ k = "v", n = 1, l = [1, 2] }}
}}
variable "u" {{}}
locals {{
  known = {{ a = 1, b = [true, null] }}
  cycle = local.cycle2
  cycle2 = [local.cycle]
  e = {expr}
}}
resource "aws_s3_bucket" "b" {{
  count  = 2
  bucket = "b-${{count.index}}"
}}
resource "aws_s3_bucket" "t" {{
  bucket = {expr}
  tags   = {{ e = local.e, again = local.e }}
}}
resource "aws_s3_bucket" "c" {{
  count  = length(try(tolist(local.e), [])) > 2 ? 2 : 1
  bucket = try(tostring(local.e), "x")
}}
"#
    )
}

/// What two evaluations are compared on (Debug: a NaN is not equal to itself under `==`).
fn evaluated(text: &str) -> (Vec<String>, Vec<String>) {
    let out = load_terraform_text("main.tf", text);
    let resources = out
        .inventory
        .resources()
        .iter()
        .map(|r| format!("{} {:?}", r.address, r.attributes))
        .collect();
    (
        resources,
        out.errors.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn fuzz_terraform_expressions() {
    run("terraform_expressions", 250, expression(), |expr| {
        let text = configuration(&expr);
        let first = evaluated(&text);
        if first.0.iter().any(|r| r.starts_with("aws_s3_bucket.t ")) {
            reached();
        }
        let second = evaluated(&text);
        prop_assert_eq!(
            first,
            second,
            "evaluation of `{}` is not deterministic",
            expr
        );
        Ok(())
    });
}

/// Argument values for direct calls: every type, sizes around the limits, Unknowns inside.
fn value() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(1e300),
            Just(-1.5),
            Just(1024.0),
            Just(4294967296.0),
            (-300i32..300).prop_map(f64::from)
        ]
        .prop_map(Value::Number),
        prop_oneof![
            Just(String::new()),
            Just("10.0.0.0/8".to_string()),
            Just("::/0".to_string()),
            Just("192.168.1.1".to_string()),
            Just("{\"a\":[1,{\"b\":null}]}".to_string()),
            Just("a: [1, 2]".to_string()),
            Just("aGVsbG8=".to_string()),
            Just("%s-%d-%v-%#v-%5.2f-%q-%%-%[2]s".to_string()),
            Just("2024-02-29T23:59:60Z".to_string()),
            Just("(a+)+$".to_string()),
            Just("1h30m".to_string()),
            Just("${x}".to_string()),
            Just("é\u{0}\u{feff}".to_string()),
            "[a-z0-9,./%-]{0,10}",
        ]
        .prop_map(Value::String),
        Just(Value::unknown()),
        Just(Value::unknown_ref("aws_s3_bucket.b")),
    ];
    scalar.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            prop::collection::btree_map("[a-c]{1,2}", inner, 0..3)
                .prop_map(|m: BTreeMap<String, Value>| Value::Map(m)),
        ]
    })
}

#[test]
fn fuzz_function_table() {
    let names: Vec<&'static str> = known_function_names().collect();
    // every function of the table is fuzzed (file functions are the loader's, fuzzed above); a
    // function added to the table changes this count on purpose
    assert_eq!(names.len(), 104, "{names:?}");
    let strategy = (
        proptest::sample::select(names),
        prop::collection::vec(value(), 0..4),
    );
    run("terraform_functions", 3_000, strategy, |(name, args)| {
        let first = call(name, args.clone());
        if first.is_ok() {
            reached();
        }
        let second = call(name, args.clone());
        prop_assert_eq!(
            format!("{first:?}"),
            format!("{second:?}"),
            "`{}` on {:?} is not deterministic",
            name,
            args
        );
        Ok(())
    });
}
