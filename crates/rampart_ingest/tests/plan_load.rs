//! Terraform plan and state JSON: real addresses (modules, count, for_each, data sources),
//! values after apply, unknowns where the plan says so, and references from `configuration`
//! turned into unknowns that still join relations.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::{Mode, SourceFormat, Value};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plan")
        .join(name)
}

fn load(name: &str) -> LoadOutput {
    let out = load_paths(&[fixture(name)], &LoadOptions::default());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.files, 1);
    out
}

fn joined(out: &LoadOutput, from: &str, to: &str) -> bool {
    let inv = &out.inventory;
    let (Some(f), Some(t)) = (inv.id_of(from), inv.id_of(to)) else {
        return false;
    };
    inv.relations().iter().any(|r| r.from == f && r.to == t)
}

#[test]
fn plan_addresses_modules_and_instances() {
    let out = load("plan.json");
    let inv = &out.inventory;
    let mut addresses: Vec<&str> = inv.resources().iter().map(|r| r.address.as_str()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        vec![
            "aws_instance.web[0]",
            "aws_instance.web[1]",
            "aws_kms_key.k",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_server_side_encryption_configuration.logs",
            "aws_s3_bucket_versioning.logs",
            "aws_security_group.web",
            "data.aws_caller_identity.me",
            "module.site[\"a\"].aws_s3_bucket.this",
            "module.site[\"a\"].aws_s3_bucket_public_access_block.this",
            "module.site[\"b\"].aws_s3_bucket.this",
            "module.site[\"b\"].aws_s3_bucket_public_access_block.this",
        ],
        "a deleted resource is not in the plan's result"
    );
    let site = inv
        .by_address("module.site[\"a\"].aws_s3_bucket.this")
        .expect("site a");
    assert_eq!(site.module, "module.site[\"a\"]");
    assert_eq!(site.name, "this");
    assert_eq!(site.kind, "aws_s3_bucket");
    assert_eq!(site.format, SourceFormat::TerraformPlan);
    assert_eq!(site.str("bucket"), Some("site-a"));
    let me = inv.by_address("data.aws_caller_identity.me").expect("data");
    assert_eq!(me.mode, Mode::Data);
    // nested blocks are lists of maps already
    let sg = inv.by_address("aws_security_group.web").expect("sg");
    assert_eq!(
        sg.get("ingress.0.cidr_blocks.0"),
        Some(&Value::string("0.0.0.0/0"))
    );
    assert_eq!(sg.get("ingress.0.from_port"), Some(&Value::Number(22.0)));
    assert_eq!(
        inv.by_address("aws_instance.web[1]")
            .and_then(|r| r.str("metadata_options.0.http_tokens").map(String::from))
            .as_deref(),
        Some("optional")
    );
}

#[test]
fn plan_unknowns_are_unknown_and_references_join() {
    let out = load("plan.json");
    let inv = &out.inventory;
    let logs = inv.by_address("aws_s3_bucket.logs").expect("logs");
    assert_eq!(logs.get("arn"), Some(&Value::unknown()));
    assert_eq!(logs.get("id"), Some(&Value::unknown()));
    // known values stay known
    assert_eq!(logs.get("force_destroy"), Some(&Value::Bool(false)));

    let versioning = inv
        .by_address("aws_s3_bucket_versioning.logs")
        .expect("versioning");
    assert_eq!(
        versioning.get("bucket"),
        Some(&Value::unknown_ref("aws_s3_bucket.logs"))
    );
    // an unknown inside a nested block, next to a known sibling
    assert_eq!(
        versioning.get("versioning_configuration.0.mfa_delete"),
        Some(&Value::unknown())
    );
    assert_eq!(
        versioning.get("versioning_configuration.0.status"),
        Some(&Value::string("Enabled"))
    );
    assert!(joined(
        &out,
        "aws_s3_bucket_versioning.logs",
        "aws_s3_bucket.logs"
    ));
    assert!(joined(
        &out,
        "aws_s3_bucket_server_side_encryption_configuration.logs",
        "aws_s3_bucket.logs"
    ));
    // a reference inside nested blocks
    let sse = inv
        .by_address("aws_s3_bucket_server_side_encryption_configuration.logs")
        .expect("sse");
    assert_eq!(
        sse.get("rule.0.apply_server_side_encryption_by_default.0.kms_master_key_id"),
        Some(&Value::unknown_ref("aws_kms_key.k"))
    );
    assert_eq!(
        sse.get("rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"),
        Some(&Value::string("aws:kms"))
    );

    // for_each modules: each instance joins its own bucket, never the other one
    let a = "module.site[\"a\"]";
    let b = "module.site[\"b\"]";
    assert!(joined(
        &out,
        &format!("{a}.aws_s3_bucket_public_access_block.this"),
        &format!("{a}.aws_s3_bucket.this")
    ));
    assert!(joined(
        &out,
        &format!("{b}.aws_s3_bucket_public_access_block.this"),
        &format!("{b}.aws_s3_bucket.this")
    ));
    assert!(!joined(
        &out,
        &format!("{a}.aws_s3_bucket_public_access_block.this"),
        &format!("{b}.aws_s3_bucket.this")
    ));

    // count instances each use the one security group (an unknown list referring to it)
    assert!(joined(
        &out,
        "aws_instance.web[0]",
        "aws_security_group.web"
    ));
    assert!(joined(
        &out,
        "aws_instance.web[1]",
        "aws_security_group.web"
    ));
}

#[test]
fn plan_resources_point_at_the_line_of_their_address() {
    let out = load("plan.json");
    let text = std::fs::read_to_string(fixture("plan.json")).expect("fixture");
    let first_line = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("needle") as u32
            + 1
    };
    let web1 = out
        .inventory
        .by_address("aws_instance.web[1]")
        .expect("web1");
    assert_eq!(
        web1.origin.span().map(|s| s.start.line),
        Some(first_line("\"address\": \"aws_instance.web[1]\""))
    );
    let site = out
        .inventory
        .by_address("module.site[\"b\"].aws_s3_bucket.this")
        .expect("site b");
    assert_eq!(
        site.origin.span().map(|s| s.start.line),
        Some(first_line(
            r#""address": "module.site[\"b\"].aws_s3_bucket.this""#
        ))
    );
}

#[test]
fn state_instances_get_their_addresses() {
    let out = load("terraform.tfstate.json");
    let inv = &out.inventory;
    let mut addresses: Vec<&str> = inv.resources().iter().map(|r| r.address.as_str()).collect();
    addresses.sort();
    assert_eq!(
        addresses,
        vec![
            "aws_iam_user.people[\"alice\"]",
            "aws_s3_bucket.logs",
            "aws_s3_bucket_versioning.logs",
            "data.aws_caller_identity.me",
            "module.site[\"a\"].aws_ebs_volume.data[0]",
            "module.site[\"a\"].aws_ebs_volume.data[1]",
        ]
    );
    let v0 = inv
        .by_address("module.site[\"a\"].aws_ebs_volume.data[0]")
        .expect("v0");
    assert_eq!(v0.get("encrypted"), Some(&Value::Bool(false)));
    assert_eq!(v0.module, "module.site[\"a\"]");
    assert_eq!(
        inv.by_address("data.aws_caller_identity.me")
            .map(|r| r.mode),
        Some(Mode::Data)
    );
    // known identities join
    assert!(joined(
        &out,
        "aws_s3_bucket_versioning.logs",
        "aws_s3_bucket.logs"
    ));
    // each resource points at its entry in the state file
    let text = std::fs::read_to_string(fixture("terraform.tfstate.json")).expect("fixture");
    let volume_line = text
        .lines()
        .position(|l| l.contains("\"aws_ebs_volume\""))
        .expect("line") as u32
        + 1;
    let line = v0.origin.span().map(|s| s.start.line).expect("span");
    assert!(
        line >= volume_line && line <= volume_line + 3,
        "{line} vs {volume_line}"
    );
}

#[test]
fn shown_state_and_unrelated_json_are_told_apart() {
    let options = LoadOptions::default();
    let shown = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
        {"address": "aws_ebs_volume.v", "mode": "managed", "type": "aws_ebs_volume", "name": "v", "values": {"encrypted": true}}]}}}"#;
    let out = rampart_ingest::documents::load_document_text("show.json", shown, &options);
    assert_eq!(out.files, 1);
    assert_eq!(
        out.resources.first().map(|r| r.address.as_str()),
        Some("aws_ebs_volume.v")
    );

    let unrelated = r#"{"format_version": "2", "something": {"resources": []}}"#;
    let out = rampart_ingest::documents::load_document_text("x.json", unrelated, &options);
    assert_eq!(out.files, 0);
    assert!(out.resources.is_empty() && out.errors.is_empty());

    let broken = "{\"format_version\": \"1.2\",\n \"planned_values\": {\"root_module\": }}";
    let out = rampart_ingest::documents::load_document_text("p.json", broken, &options);
    let e = out.errors.first().expect("error");
    assert!(e.is_error());
    assert_eq!(e.line, 2);
}
