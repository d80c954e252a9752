//! The evaluation budget: a configuration that would take memory or time without bound
//! (strings doubling through locals, `join` or `for` past any sane size, `count` multiplied
//! through modules) ends in an error at the expression's file:line, the value is Unknown (so
//! rules report it undecided, never a silent pass), and everything else still loads.

// test helpers outside #[test] functions may unwrap too
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rampart_ingest::{EvalLimits, LoadOptions, LoadOutput, load_paths, load_terraform_text};
use rampart_model::Value;
use std::path::Path;

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The errors (not warnings) on `line` of a file ending in `file`.
fn errors_at(out: &LoadOutput, file: &str, line: u32) -> Vec<String> {
    out.errors
        .iter()
        .filter(|e| e.is_error() && e.file.ends_with(file) && e.line == line)
        .map(|e| e.message.clone())
        .collect()
}

fn attribute(out: &LoadOutput, address: &str, path: &str) -> Value {
    let r = out.inventory.by_address(address).expect(address);
    r.get(path).cloned().unwrap_or(Value::Null)
}

fn doubling_locals(levels: usize) -> String {
    let mut text = String::from("locals {\n  a0 = \"lol\"\n");
    for i in 1..=levels {
        text.push_str(&format!(
            "  a{i} = \"${{local.a{}}}${{local.a{}}}\"\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str(&format!(
        "}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket = local.a{levels}\n  tags   = {{ t = try(local.a{levels}, \"fallback\") }}\n}}\n"
    ));
    text
}

#[test]
fn strings_doubling_through_locals_stop_at_the_size_budget() {
    let out = load_terraform_text("main.tf", &doubling_locals(32));
    // 3 * 2^22 bytes (12 MiB) fit in 16 MiB; a23 (line 25) would be 24 MiB
    let errors = errors_at(&out, "main.tf", 25);
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(
        errors[0].contains("more than 16 MiB of text"),
        "{}",
        errors[0]
    );
    assert!(attribute(&out, "aws_s3_bucket.b", "bucket").is_unknown());
    // a value cut off by a budget is not replaced by `try`'s fallback
    assert!(attribute(&out, "aws_s3_bucket.b", "tags.t").is_unknown());
}

#[test]
fn join_and_formatlist_past_the_cap_are_errors_at_their_line() {
    let text = r#"locals {
  kib  = join("", [for i in range(1024) : "x"])
  mib  = join(local.kib, [for i in range(1024) : ""])
  big  = join(local.mib, range(20))
  list = formatlist("${local.mib}%d", range(20))
}
resource "aws_s3_bucket" "b" {
  bucket = local.big
  tags   = { n = length(local.list) }
}
"#;
    let out = load_terraform_text("main.tf", text);
    assert_eq!(
        attribute(&out, "aws_s3_bucket.b", "bucket"),
        Value::unknown()
    );
    let join = errors_at(&out, "main.tf", 4);
    assert!(
        join.iter().any(|e| e.contains("longer than 16 MiB")),
        "{:?}",
        out.errors
    );
    let formatlist = errors_at(&out, "main.tf", 5);
    assert!(
        formatlist.iter().any(|e| e.contains("more than 16 MiB")),
        "{:?}",
        out.errors
    );
    assert!(attribute(&out, "aws_s3_bucket.b", "tags.n").is_unknown());
}

#[test]
fn nested_for_over_large_ranges_stops_with_an_error() {
    let text = "locals {\n  x = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : \"${a}${b}${c}\"]]]\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.x[0][0][0]\n}\nresource \"aws_s3_bucket\" \"c\" {\n  bucket = \"c\"\n}\n";
    // a smaller step budget than the default keeps this test fast in a debug build
    let dir = project(&[("main.tf", text)]);
    let options = LoadOptions {
        limits: EvalLimits {
            steps: 20_000_000,
            ..EvalLimits::default()
        },
        ..LoadOptions::default()
    };
    let out = load_paths(&[dir.path().to_path_buf()], &options);
    let errors = errors_at(&out, "main.tf", 2);
    assert!(!errors.is_empty(), "{:?}", out.errors);
    assert!(
        errors
            .iter()
            .all(|e| e.contains("1000000 elements") || e.contains("steps")),
        "{errors:?}"
    );
    assert!(attribute(&out, "aws_s3_bucket.b", "bucket").is_unknown());
    assert!(out.inventory.by_address("aws_s3_bucket.c").is_some());
}

#[test]
fn a_huge_count_is_one_unknown_instance_with_a_clear_error() {
    for (count, shown) in [("1000000", "1000000"), ("1e9", "1000000000")] {
        let text = format!(
            "resource \"aws_s3_bucket\" \"b\" {{\n  count  = {count}\n  bucket = \"b${{count.index}}\"\n}}\n"
        );
        let out = load_terraform_text("main.tf", &text);
        let errors = errors_at(&out, "main.tf", 2);
        assert_eq!(
            errors,
            [format!(
                "count = {shown}: more than 10000 instances; Rampart evaluates at most 10000 per resource or module call, so it is scanned as one instance whose values are unknown"
            )]
        );
        assert_eq!(out.inventory.len(), 1);
        assert!(attribute(&out, "aws_s3_bucket.b", "bucket").is_unknown());
    }
}

#[test]
fn for_each_past_the_instance_budget_is_an_error() {
    let text = "resource \"aws_s3_bucket\" \"b\" {\n  for_each = { for p in setproduct(range(200), range(100)) : \"${p[0]}-${p[1]}\" => p }\n  bucket   = each.key\n}\n";
    let out = load_terraform_text("main.tf", text);
    let errors = errors_at(&out, "main.tf", 2);
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(
        errors[0].starts_with("for_each over 20000 elements: more than 10000"),
        "{}",
        errors[0]
    );
    assert_eq!(out.inventory.len(), 1);
}

#[test]
fn count_multiplied_through_modules_stops_at_the_total_budget() {
    let dir = project(&[
        (
            "main.tf",
            "module \"m\" {\n  source = \"./m1\"\n  count  = 1000\n}\n",
        ),
        (
            "m1/main.tf",
            "module \"m\" {\n  source = \"./m2\"\n  count  = 1000\n}\n",
        ),
        (
            "m1/m2/main.tf",
            "module \"m\" {\n  source = \"./m3\"\n  count  = 1000\n}\n",
        ),
        (
            "m1/m2/m3/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
        ),
    ]);
    let options = LoadOptions {
        limits: EvalLimits {
            instances_total: 3_000,
            ..EvalLimits::default()
        },
        ..LoadOptions::default()
    };
    let out = load_paths(&[dir.path().to_path_buf()], &options);
    let errors = errors_at(&out, "m1/main.tf", 3);
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(
        errors[0].contains("more than 3000 resource and module instances"),
        "{}",
        errors[0]
    );
    // bounded: at most the budget plus one stand-in instance per refused block
    assert!(out.inventory.len() <= 3_000, "{}", out.inventory.len());
    assert!(!out.inventory.is_empty());
}

#[test]
fn the_step_budget_bounds_the_work_of_a_root_and_other_roots_still_load() {
    let dir = project(&[
        (
            "a/main.tf",
            "locals {\n  x = [for a in range(1000) : [for b in range(1000) : a + b]]\n}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = length(local.x)\n}\n",
        ),
        (
            "b/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"fine\"\n}\n",
        ),
    ]);
    let options = LoadOptions {
        limits: EvalLimits {
            steps: 100_000,
            ..EvalLimits::default()
        },
        ..LoadOptions::default()
    };
    let out = load_paths(&[dir.path().to_path_buf()], &options);
    let errors = errors_at(&out, "a/main.tf", 2);
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(
        errors[0].contains("more than 100000 steps"),
        "{}",
        errors[0]
    );
    let fine = out
        .inventory
        .resources()
        .iter()
        .find(|r| {
            r.file()
                .is_some_and(|f| Path::new(f).ends_with("b/main.tf"))
        })
        .expect("the other root");
    assert_eq!(fine.str("bucket"), Some("fine"));
}

#[test]
fn the_default_budget_leaves_real_configurations_alone() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let out = load_paths(&[examples], &LoadOptions::default());
    assert!(out.errors.iter().all(|e| !e.is_error()), "{:?}", out.errors);
}

#[test]
fn a_dynamic_block_past_the_instance_budget_is_unknown_with_an_error() {
    let text = "resource \"aws_security_group\" \"sg\" {\n  dynamic \"ingress\" {\n    for_each = flatten([for a in range(200) : range(100)])\n    content {\n      from_port = ingress.value\n    }\n  }\n}\n";
    let out = load_terraform_text("main.tf", text);
    let errors = errors_at(&out, "main.tf", 3);
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(
        errors[0].starts_with("dynamic \"ingress\" over 20000 elements: more than 10000 blocks"),
        "{}",
        errors[0]
    );
    assert!(attribute(&out, "aws_security_group.sg", "ingress").is_unknown());
}

#[test]
fn keeping_copies_of_a_large_value_runs_out_of_budget_instead_of_memory() {
    // 500,000 numbers fit in one value; 200 attributes holding a copy each would be 100
    // million elements (gigabytes), so the budget stops the copies after a few dozen
    let attributes: String = (0..200).map(|i| format!("  a{i} = local.big\n")).collect();
    let text = format!(
        "locals {{\n  big = flatten([for a in range(500) : range(1000)])\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n{attributes}}}\n"
    );
    let out = load_terraform_text("main.tf", &text);
    let spent: Vec<_> = out
        .errors
        .iter()
        .filter(|e| e.is_error() && e.message.contains("more than 100000000 steps"))
        .collect();
    assert_eq!(spent.len(), 1, "{:?}", out.errors);
    let b = out.inventory.by_address("aws_s3_bucket.b").unwrap();
    assert_eq!(
        b.get("a0").and_then(|v| v.as_list()).map(<[_]>::len),
        Some(500_000)
    );
    assert!(b.get("a199").unwrap().is_unknown());
}

#[test]
fn passing_a_large_string_many_times_runs_out_of_budget_instead_of_memory() {
    // 12 MiB passed 1,000 times to `format` would be 12 GiB of arguments
    let args: Vec<&str> = vec!["local.a22"; 1000];
    let mut text = doubling_locals(22);
    text.push_str(&format!(
        "resource \"aws_s3_bucket\" \"f\" {{\n  bucket = length(format(\"%s\", {}))\n}}\n",
        args.join(", ")
    ));
    let out = load_terraform_text("main.tf", &text);
    assert!(
        out.errors
            .iter()
            .any(|e| e.is_error() && e.message.contains("more than 100000000 steps")),
        "{:?}",
        out.errors
    );
    assert!(attribute(&out, "aws_s3_bucket.f", "bucket").is_unknown());
}

#[test]
fn can_and_try_answer_unknown_once_the_budget_is_spent() {
    let dir = project(&[(
        "main.tf",
        "locals {\n  x = [for a in range(1000) : [for b in range(1000) : a + b]]\n}\nresource \"aws_s3_bucket\" \"b\" {\n  acl    = can(local.x[0]) ? \"private\" : \"public-read\"\n  policy = try(local.x[0][0], \"fallback\")\n}\n",
    )]);
    let options = LoadOptions {
        limits: EvalLimits {
            steps: 100_000,
            ..EvalLimits::default()
        },
        ..LoadOptions::default()
    };
    let out = load_paths(&[dir.path().to_path_buf()], &options);
    let b = out.inventory.by_address("aws_s3_bucket.b").unwrap();
    // the local ran out of budget: neither a `can` false nor `try`'s fallback stands in
    assert!(b.get("acl").unwrap().is_unknown(), "{:?}", b.get("acl"));
    assert!(
        b.get("policy").unwrap().is_unknown(),
        "{:?}",
        b.get("policy")
    );
}
