//! Terraform files that loaded wrong without a word, or were reported at `0:0`: a resource
//! declared twice in one module, numbers beyond `f64`, files that are not UTF-8. Each is now
//! loaded faithfully or reported at its real line:col, and the rest of the module loads.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use rampart_ingest::{LoadOptions, LoadOutput, load_paths, load_terraform_text};
use rampart_model::{LoadError, Value};

fn scan(files: &[(&str, &[u8])]) -> LoadOutput {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    load_paths(&[dir.path().to_path_buf()], &LoadOptions::default())
}

fn errors(out: &LoadOutput) -> Vec<&LoadError> {
    out.errors.iter().filter(|e| e.is_error()).collect()
}

fn file_name(e: &LoadError) -> &str {
    e.file.rsplit('/').next().unwrap_or(&e.file)
}

#[test]
fn a_resource_declared_twice_is_an_error_naming_both_places_and_the_first_is_scanned() {
    let out = scan(&[
        ("a.tf", b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"first\"\n}\n"),
        (
            "b.tf",
            b"# second\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"second\"\n}\nresource \"aws_s3_bucket\" \"other\" {}\n",
        ),
    ]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = errors[0];
    assert_eq!((file_name(e), e.line, e.column), ("b.tf", 2, 1), "{e}");
    assert!(
        e.message
            .starts_with("duplicate resource \"aws_s3_bucket\" \"b\": already declared at "),
        "{e}"
    );
    assert!(e.message.contains("a.tf:1"), "{e}");
    let b = out
        .inventory
        .by_address("aws_s3_bucket.b")
        .expect("first kept");
    assert_eq!(b.str("bucket"), Some("first"));
    assert!(out.inventory.by_address("aws_s3_bucket.other").is_some());
}

#[test]
fn every_kind_of_duplicate_declaration_is_reported_and_override_files_are_not() {
    let out = scan(&[
        (
            "main.tf",
            b"variable \"v\" {}\noutput \"o\" { value = 1 }\nmodule \"m\" { source = \"./m\" }\ndata \"aws_caller_identity\" \"me\" {}\nlocals {\n  x = 1\n}\nresource \"aws_s3_bucket\" \"b\" {}\n",
        ),
        (
            "more.tf",
            b"variable \"v\" {}\noutput \"o\" { value = 2 }\nmodule \"m\" { source = \"./m\" }\ndata \"aws_caller_identity\" \"me\" {}\nlocals {\n  x = 2\n}\n",
        ),
        ("m/main.tf", b"resource \"aws_sqs_queue\" \"q\" {}\n"),
        // override files re-declare blocks on purpose; Terraform merges them
        ("override.tf", b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"o\"\n}\n"),
        ("x_override.tf", b"variable \"v\" {}\n"),
    ]);
    let found: Vec<(u32, &str)> = errors(&out)
        .iter()
        .map(|e| (e.line, e.message.split(':').next().unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        vec![
            (1, "duplicate variable \"v\""),
            (2, "duplicate output \"o\""),
            (3, "duplicate module \"m\""),
            (4, "duplicate data \"aws_caller_identity\" \"me\""),
            (6, "duplicate local value `x`"),
        ],
        "{:?}",
        out.errors
    );
    assert!(errors(&out).iter().all(|e| file_name(e) == "more.tf"));
}

#[test]
fn a_resource_declared_twice_in_one_file_is_reported() {
    let out = load_terraform_text(
        "main.tf",
        "resource \"aws_s3_bucket\" \"b\" {}\n\nresource \"aws_s3_bucket\" \"b\" {}\n",
    );
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.contains("already declared at main.tf:1"));
}

#[test]
fn numbers_beyond_f64_load_as_unknown_with_a_warning_at_the_literal() {
    let digits = "9".repeat(400);
    let text = format!(
        "locals {{\n  n = 1e400\n  m = -1.5E+999\n  d = {digits}\n  s = \"1e400\"\n  small = 1e-400\n}}\nresource \"aws_s3_bucket\" \"b\" {{\n  bucket        = local.n\n  acl           = local.m\n  tags          = {{ d = local.d, s = local.s, small = local.small }}\n  force_destroy = 2 > 1e400\n}}\n"
    );
    let out = load_terraform_text("main.tf", &text);
    assert!(errors(&out).is_empty(), "{:?}", out.errors);
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("loaded");
    assert!(
        b.get("bucket").is_some_and(Value::is_unknown),
        "{:?}",
        b.get("bucket")
    );
    assert!(b.get("acl").is_some_and(Value::is_unknown));
    assert!(b.get("tags.d").is_some_and(Value::is_unknown));
    assert!(b.get("force_destroy").is_some_and(Value::is_unknown));
    // a string that reads like a number is a string; an underflow is (nearly) zero
    assert_eq!(b.str("tags.s"), Some("1e400"));
    assert_eq!(b.get("tags.small"), Some(&Value::Number(0.0)));
    let warnings: Vec<(u32, u32, &str)> = out
        .errors
        .iter()
        .filter(|e| e.message.starts_with("number `"))
        .map(|e| (e.line, e.column, e.message.as_str()))
        .collect();
    // one per literal, at the literal (the one compared in `force_destroy` too)
    assert_eq!(
        warnings.iter().map(|w| (w.0, w.1)).collect::<Vec<_>>(),
        vec![(2, 7), (3, 8), (4, 7), (12, 23)],
        "{warnings:?}"
    );
    assert!(
        warnings[0].2.contains("`1e400` is too large"),
        "{warnings:?}"
    );
    assert!(warnings[2].2.contains("(400 characters)"), "{warnings:?}");
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_its_first_bad_byte() {
    let out = scan(&[
        (
            "main.tf",
            b"resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"\xe9t\xe9\"\n}\n",
        ),
        ("ok.tf", b"resource \"aws_s3_bucket\" \"ok\" {}\n"),
    ]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (file_name(errors[0]), errors[0].line, errors[0].column),
        ("main.tf", 2, 13)
    );
    assert!(
        errors[0].message.starts_with("invalid UTF-8 (byte 0xe9)"),
        "{}",
        errors[0]
    );
    assert!(out.inventory.by_address("aws_s3_bucket.ok").is_some());
}

#[test]
fn a_utf16_terraform_file_is_an_error_saying_so() {
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(
        "resource \"aws_s3_bucket\" \"b\" {}\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let out = scan(&[("main.tf", &bytes)]);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].column), (1, 1));
    assert!(
        errors[0].message.starts_with("the file is UTF-16 text"),
        "{}",
        errors[0]
    );
}

#[test]
fn numbers_beyond_f64_in_terraform_json_load_as_unknown() {
    let out = scan(&[(
        "main.tf.json",
        b"{\"resource\": {\"aws_s3_bucket\": {\"b\": {\n  \"bucket\": 1e400,\n  \"acl\": -2E+999\n}}}}\n",
    )]);
    assert!(errors(&out).is_empty(), "{:?}", out.errors);
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("loaded");
    assert!(
        b.get("bucket").is_some_and(Value::is_unknown),
        "{:?}",
        b.get("bucket")
    );
    assert!(
        b.get("acl").is_some_and(Value::is_unknown),
        "{:?}",
        b.get("acl")
    );
    let lines: Vec<u32> = out
        .errors
        .iter()
        .filter(|e| e.message.starts_with("number `"))
        .map(|e| e.line)
        .collect();
    assert_eq!(lines, vec![2, 3], "{:?}", out.errors);
}
