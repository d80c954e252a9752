//! Files: `.tf.json`, spans of resources and nested attributes, a syntax error reported with
//! file:line:col while the rest loads, single-file loading, sources and suppressions.

use rampart_ingest::{LoadOptions, load_paths, load_terraform_text};
use rampart_model::{Mode, Value};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/terraform")
        .join(name)
}

#[test]
fn tf_json_is_evaluated_like_hcl() {
    let out = load_paths(&[fixture("json")], &LoadOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let logs = out
        .inventory
        .by_address("aws_s3_bucket.logs")
        .expect("logs");
    assert_eq!(logs.str("bucket"), Some("acme-prod-logs"));
    assert_eq!(logs.str("tags.Env"), Some("prod"));
    assert_eq!(logs.get("versioning.0.enabled"), Some(&Value::Bool(true)));
    assert!(out.inventory.by_address("aws_instance.web[1]").is_some());
    let span = logs.origin.span().expect("span");
    assert_eq!(span.start.line, 10, "the line of the `logs` key");
}

#[test]
fn spans_of_resource_and_nested_attribute() {
    let text = "# header\nresource \"aws_security_group\" \"sg\" {\n  name = \"x\"\n  ingress {\n    from_port   = 22\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n}\ndata \"aws_caller_identity\" \"me\" {}\n";
    let out = load_terraform_text("net/main.tf", text);
    let sg = out
        .inventory
        .by_address("aws_security_group.sg")
        .expect("sg");
    let span = sg.origin.span().expect("span");
    assert_eq!(&*span.file, "net/main.tf");
    assert_eq!((span.start.line, span.start.column), (2, 1));
    assert_eq!(span.end.line, 8);
    let cidr = sg
        .attribute_spans
        .get("ingress.0.cidr_blocks")
        .expect("cidr span");
    assert_eq!((cidr.start.line, cidr.start.column), (6, 5));
    assert_eq!(
        &text[cidr.start_byte..cidr.end_byte],
        "cidr_blocks = [\"0.0.0.0/0\"]"
    );
    let block = sg.attribute_spans.get("ingress.0").expect("block span");
    assert_eq!((block.start.line, block.end.line), (4, 7));
    let me = out
        .inventory
        .by_address("data.aws_caller_identity.me")
        .expect("data source");
    assert_eq!(me.mode, Mode::Data);
    assert_eq!(me.name, "me");
}

#[test]
fn syntax_error_is_reported_and_other_files_still_load() {
    let out = load_paths(&[fixture("syntax_error")], &LoadOptions::default());
    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(errors[0].file.ends_with("broken.tf"));
    assert_eq!((errors[0].line, errors[0].column), (3, 9));
    assert!(out.inventory.by_address("aws_s3_bucket.fine").is_some());
    assert!(out.inventory.by_address("aws_s3_bucket.broken").is_none());
}

#[test]
fn a_single_file_path_loads_only_that_file() {
    let out = load_paths(&[fixture("syntax_error/good.tf")], &LoadOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.inventory.len(), 1);
    assert_eq!(out.files, 1);
    assert_eq!(out.sources.len(), 1);
}

#[test]
fn suppressions_are_attached_to_each_instance() {
    let text = "# rampart:ignore:AWS-EC2-001 legacy fleet\nresource \"aws_instance\" \"web\" {\n  count = 2\n  ami = \"x\"\n}\nresource \"aws_instance\" \"other\" {\n  ami = \"y\"\n}\n";
    let out = load_terraform_text("main.tf", text);
    for address in ["aws_instance.web[0]", "aws_instance.web[1]"] {
        let r = out.inventory.by_address(address).expect("instance");
        assert_eq!(r.suppressions.len(), 1, "{address}");
        assert_eq!(r.suppressions[0].rule, "AWS-EC2-001");
    }
    let other = out
        .inventory
        .by_address("aws_instance.other")
        .expect("other");
    assert!(other.suppressions.is_empty());
}
