//! Every intrinsic function, parameter and condition, in the short YAML form and the long JSON
//! form: the same template written both ways must load to the same values. Each assertion
//! names the intrinsic it would catch being ignored.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::{Inventory, SourceFormat, Value};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cloudformation")
        .join(name)
}

fn load(name: &str, options: &LoadOptions) -> LoadOutput {
    let out = load_paths(&[fixture(name)], options);
    let hard: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert!(hard.is_empty(), "{name} did not load: {hard:?}");
    out
}

fn attr<'a>(inv: &'a Inventory, address: &str, path: &str) -> Option<&'a Value> {
    inv.by_address(address)
        .unwrap_or_else(|| panic!("no resource `{address}`"))
        .resource()
        .get(path)
}

fn refers_to(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::Unknown(u)) => u.refers_to.as_deref().map(String::from),
        _ => None,
    }
}

fn check_template(name: &str) {
    let out = load(name, &LoadOptions::default());
    let inv = &out.inventory;
    let s = |v: &str| Some(Value::string(v));

    // kinds, format and names
    let key = inv.by_address("Key").expect("Key");
    assert_eq!(key.kind, "aws_kms_key", "{name}");
    assert_eq!(key.format, SourceFormat::CloudFormation);
    assert_eq!(key.name, "Key");

    // Fn::Sub with a parameter and a `${!Literal}`
    assert_eq!(
        attr(inv, "Key", "description").cloned(),
        s("key for prod, literal ${NotAVar}"),
        "{name}: Fn::Sub"
    );
    // Fn::If over Fn::Equals on a parameter default
    assert_eq!(
        attr(inv, "Key", "enable_key_rotation"),
        Some(&Value::Bool(true)),
        "{name}: Fn::If"
    );
    // Fn::Join of Ref and Fn::Select over Fn::Split
    assert_eq!(
        attr(inv, "Logs", "bucket").cloned(),
        s("logs-prod-b"),
        "{name}: Fn::Join/Select/Split"
    );
    // Ref to a parameter without default is unknown, not absent
    assert_eq!(
        attr(inv, "Logs", "tags.owner"),
        Some(&Value::unknown()),
        "{name}: Ref without default"
    );
    // Fn::Sub over a pseudo-parameter is unknown
    assert_eq!(
        attr(inv, "Logs", "tags.region"),
        Some(&Value::unknown()),
        "{name}: Ref AWS::Region"
    );
    // Ref to a resource is an unknown referring to it
    assert_eq!(
        refers_to(attr(inv, "LogsPolicy", "bucket")).as_deref(),
        Some("Logs"),
        "{name}: Ref resource"
    );
    // policy documents are JSON strings; unknown parts keep a readable placeholder
    let policy = attr(inv, "LogsPolicy", "policy")
        .and_then(Value::as_str)
        .expect("policy");
    let policy: serde_json::Value = serde_json::from_str(policy).expect("policy is JSON");
    assert_eq!(
        policy["Statement"][0]["Resource"][0], "${Logs.Arn}/*",
        "{name}: Fn::Sub with Res.Attr"
    );
    assert_eq!(
        policy["Statement"][0]["Resource"][1], "arn:aws:s3:::${Logs}",
        "{name}: Fn::Sub list form"
    );
    assert_eq!(policy["Statement"][0]["Principal"], "*");

    // Fn::GetAZs is unknown, Select over it too
    assert_eq!(
        attr(inv, "Volume", "availability_zone"),
        Some(&Value::unknown()),
        "{name}: Fn::GetAZs"
    );
    // Ref to a Number parameter's default, converted to the schema's number
    assert_eq!(
        attr(inv, "Volume", "size"),
        Some(&Value::Number(50.0)),
        "{name}: Ref Number parameter"
    );
    // Fn::And with an unknown operand: the value cannot be known
    assert_eq!(
        attr(inv, "Volume", "encrypted"),
        Some(&Value::unknown()),
        "{name}: Fn::And unknown"
    );
    // Fn::GetAtt refers to its resource
    assert_eq!(
        refers_to(attr(inv, "Volume", "kms_key_id")).as_deref(),
        Some("Key"),
        "{name}: Fn::GetAtt"
    );
    // Fn::ImportValue is unknown
    assert_eq!(
        attr(inv, "Volume", "snapshot_id"),
        Some(&Value::unknown()),
        "{name}: Fn::ImportValue"
    );

    // Fn::FindInMap, with a key from Ref, and with a DefaultValue
    assert_eq!(
        attr(inv, "Instance", "ami").cloned(),
        s("ami-prod"),
        "{name}: Fn::FindInMap"
    );
    assert_eq!(
        attr(inv, "Instance", "instance_type").cloned(),
        s("t3.micro"),
        "{name}: FindInMap default"
    );
    // CommaDelimitedList parameter, selected
    assert_eq!(
        attr(inv, "Instance", "subnet_id").cloned(),
        s("subnet-b"),
        "{name}: list parameter"
    );
    // Fn::If choosing AWS::NoValue removes the property
    assert_eq!(
        attr(inv, "Instance", "key_name"),
        None,
        "{name}: AWS::NoValue"
    );
    // Fn::Or over Fn::Not / Condition
    assert_eq!(
        attr(inv, "Instance", "monitoring"),
        Some(&Value::Bool(true)),
        "{name}: Fn::Or"
    );
    // Fn::Base64: instance user data stays readable; launch template user data is encoded
    assert_eq!(
        attr(inv, "Instance", "user_data").cloned(),
        s("#!/bin/bash\necho hello\n"),
        "{name}: Base64"
    );
    assert_eq!(
        attr(inv, "Template", "user_data").cloned(),
        s("ZWNobyBoaQ=="),
        "{name}: Fn::Base64"
    );

    // Fn::Cidr cuts real subnets
    assert_eq!(
        attr(inv, "Subnet", "cidr_block").cloned(),
        s("10.0.2.0/24"),
        "{name}: Fn::Cidr"
    );
    assert_eq!(
        refers_to(attr(inv, "Subnet", "vpc_id")).as_deref(),
        Some("Vpc")
    );

    // Condition false: the resource does not exist; unknown: it may, so it is kept
    assert!(
        inv.by_address("OnlyInDev").is_none(),
        "{name}: Condition false"
    );
    assert!(
        inv.by_address("MaybeOwned").is_some(),
        "{name}: Condition unknown"
    );
}

#[test]
fn yaml_short_forms_evaluate() {
    check_template("intrinsics.yaml");
}

#[test]
fn json_long_forms_evaluate() {
    check_template("intrinsics.json");
}

#[test]
fn var_overrides_parameters_and_flip_conditions() {
    let options = LoadOptions {
        vars: vec![("Env".into(), "dev".into())],
        ..Default::default()
    };
    let out = load("intrinsics.yaml", &options);
    let inv = &out.inventory;
    assert_eq!(
        attr(inv, "Instance", "ami"),
        Some(&Value::string("ami-dev"))
    );
    assert_eq!(
        attr(inv, "Instance", "key_name"),
        Some(&Value::string("dev-key"))
    );
    assert_eq!(
        attr(inv, "Key", "enable_key_rotation"),
        Some(&Value::Bool(false))
    );
    assert!(inv.by_address("OnlyInDev").is_some());
    assert!(inv.by_address("MaybeOwned").is_none());
}

#[test]
fn parameter_defaults_remember_where_they_were_written() {
    let out = load("intrinsics.yaml", &LoadOptions::default());
    let volume = out.inventory.by_address("Volume").expect("Volume");
    let origin = volume
        .value_origins
        .get("size")
        .expect("size came from a default");
    let text = std::fs::read_to_string(fixture("intrinsics.yaml")).expect("fixture");
    let default_line = text
        .lines()
        .position(|l| l.trim() == "Default: 50")
        .expect("default line") as u32
        + 1;
    assert_eq!(origin.start.line, default_line);
}

#[test]
fn unresolvable_references_are_warnings_not_errors() {
    let text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref Nowhere\n";
    let out =
        rampart_ingest::documents::load_document_text("t.yaml", text, &LoadOptions::default());
    assert_eq!(out.resources.len(), 1);
    assert!(
        out.resources[0]
            .get("bucket")
            .is_some_and(Value::is_unknown)
    );
    let warning = out
        .errors
        .iter()
        .find(|e| e.message.contains("Nowhere"))
        .expect("warning");
    assert!(!warning.is_error());
    assert_eq!((warning.line, warning.column), (5, 19));
}

#[test]
fn dynamic_references_are_unknown() {
    let text = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:password}}'\n";
    let out =
        rampart_ingest::documents::load_document_text("t.yaml", text, &LoadOptions::default());
    let db = out.resources.first().expect("db");
    assert_eq!(db.get("password"), Some(&Value::unknown()));
}
