//! Variable values: default < terraform.tfvars < *.auto.tfvars (lexical) < --var-file < --var,
//! Unknown when nothing sets a variable, and where each value was written (for fixes).

use rampart_ingest::{LoadOptions, load_paths, load_terraform_text};
use rampart_model::Value;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/terraform")
        .join(name)
}

fn load_precedence(options: &LoadOptions) -> rampart_ingest::LoadOutput {
    load_paths(&[fixture("precedence")], options)
}

#[test]
fn precedence_follows_terraform() {
    let options = LoadOptions {
        var_files: vec![fixture("precedence/extra.tfvars")],
        vars: vec![
            ("from_cli".into(), "cli".into()),
            (
                "cli_list".into(),
                r#"["https://a.example", "https://b.example"]"#.into(),
            ),
            ("cli_number".into(), "41".into()),
        ],
        ..Default::default()
    };
    let out = load_precedence(&options);
    assert!(out.errors.iter().all(|e| !e.is_error()), "{:?}", out.errors);
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    assert_eq!(b.str("tags.default"), Some("default"));
    assert_eq!(b.str("tags.tfvars"), Some("tfvars"));
    assert_eq!(b.str("tags.auto"), Some("auto_a"));
    assert_eq!(
        b.str("tags.later"),
        Some("auto_b"),
        "b.auto.tfvars.json comes after a.auto.tfvars"
    );
    assert_eq!(b.str("tags.var_file"), Some("var_file"));
    assert_eq!(b.str("tags.cli"), Some("cli"));
    assert_eq!(
        b.get("cors_rule.0.allowed_origins"),
        Some(&Value::List(vec![
            Value::from("https://a.example"),
            Value::from("https://b.example")
        ])),
        "a --var value that parses as HCL is that value"
    );
    assert_eq!(
        b.get("cors_rule.0.max_age_seconds"),
        Some(&Value::Number(42.0))
    );
}

#[test]
fn without_options_tfvars_files_still_apply() {
    let out = load_precedence(&LoadOptions::default());
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    assert_eq!(b.str("tags.var_file"), Some("auto_b"));
    assert_eq!(b.str("tags.cli"), Some("auto_b"));
    assert_eq!(
        b.get("cors_rule.0.max_age_seconds"),
        Some(&Value::Number(2.0))
    );
}

#[test]
fn cli_value_that_is_not_a_constant_is_a_string() {
    let options = LoadOptions {
        vars: vec![("from_cli".into(), "some-bucket".into())],
        ..Default::default()
    };
    let out = load_precedence(&options);
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    assert_eq!(b.str("tags.cli"), Some("some-bucket"));
}

#[test]
fn variable_without_value_is_unknown_not_absent() {
    let out = load_precedence(&LoadOptions::default());
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    let bucket = b.get("bucket").expect("the attribute is present");
    assert!(bucket.is_unknown(), "got {bucket:?}");
    assert_ne!(bucket, &Value::from("var.no_value"));
}

#[test]
fn value_origins_point_at_default_and_tfvars() {
    let out = load_precedence(&LoadOptions::default());
    let acl = out
        .inventory
        .by_address("aws_s3_bucket_acl.a")
        .expect("acl resource");
    // `acl = var.from_default`: written as the default in main.tf line 2
    let origin = acl.value_origins.get("acl").expect("origin of acl");
    assert!(origin.file.ends_with("main.tf"), "{}", origin.file);
    assert_eq!(origin.start.line, 2);
    assert_eq!(origin.start.column, 13);
    let text = &out.sources[&origin.file];
    assert_eq!(&text[origin.start_byte..origin.end_byte], "\"default\"");

    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    // `acl = var.from_tfvars`: written in terraform.tfvars line 1
    let origin = b.value_origins.get("acl").expect("origin of acl");
    assert!(origin.file.ends_with("terraform.tfvars"), "{}", origin.file);
    assert_eq!(origin.start.line, 1);
    let text = &out.sources[&origin.file];
    assert_eq!(&text[origin.start_byte..origin.end_byte], "\"tfvars\"");
    // nested attributes inside a map literal are not direct references
    assert!(!b.value_origins.contains_key("tags"));
}

#[test]
fn local_origin_is_where_the_local_is_written() {
    let text = "locals {\n  acl = \"private\"\n}\nresource \"aws_s3_bucket\" \"b\" {\n  acl = local.acl\n}\n";
    let out = load_terraform_text("main.tf", text);
    let b = out.inventory.by_address("aws_s3_bucket.b").expect("bucket");
    let origin = b.value_origins.get("acl").expect("origin");
    assert_eq!(origin.start.line, 2);
    assert_eq!(&text[origin.start_byte..origin.end_byte], "\"private\"");
}

#[test]
fn number_typed_variable_converts_a_string_value() {
    let text = "variable \"size\" {\n  type = number\n  default = \"8\"\n}\nresource \"aws_ebs_volume\" \"v\" {\n  size = var.size * 2\n}\n";
    let out = load_terraform_text("main.tf", text);
    let v = out
        .inventory
        .by_address("aws_ebs_volume.v")
        .expect("volume");
    assert_eq!(v.get("size"), Some(&Value::Number(16.0)));
}
