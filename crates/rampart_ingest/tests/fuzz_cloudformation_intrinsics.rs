//! Fuzzing CloudFormation intrinsics: generated templates whose properties, conditions and
//! outputs are nested trees of `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`,
//! `Fn::If`, `Fn::FindInMap`, `Fn::Split`, `Fn::Base64`, `Fn::Cidr`, `Fn::Length`,
//! `Fn::ToJsonString`, condition functions and malformed forms, with conditions that refer
//! to each other in cycles. Each template is written in the long (JSON) form and in the
//! short (`!Ref`, YAML) form.
//!
//! Properties: no panic; every error points inside the file; evaluation is deterministic;
//! and the two forms of one template load to the same resources with the same values.

mod fuzz_support;

use fuzz_support::{reached, run};
use proptest::prelude::*;
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use serde_json::{Value as Json, json};

const NAMES: &[&str] = &[
    "P1",
    "P2",
    "PList",
    "PNoDefault",
    "R1",
    "R2",
    "R3",
    "AWS::Region",
    "AWS::NoValue",
    "AWS::AccountId",
    "AWS::StackName",
    "AWS::URLSuffix",
    "Nope",
];
const CONDITIONS: &[&str] = &["C1", "C2", "C3", "CNope"];
const TYPES: &[&str] = &[
    "AWS::S3::Bucket",
    "AWS::EC2::SecurityGroup",
    "AWS::IAM::Role",
    "AWS::KMS::Key",
    "AWS::RDS::DBInstance",
    "AWS::Lambda::Function",
    "Custom::Thing",
    "AWS::Nope::Nope",
];
const PROPERTIES: &[&str] = &[
    "BucketName",
    "GroupDescription",
    "SecurityGroupIngress",
    "Tags",
    "Policies",
    "EnableKeyRotation",
    "StorageEncrypted",
    "PubliclyAccessible",
    "Environment",
    "Name",
];

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    proptest::sample::select(items)
}

fn leaf() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(json!("")),
        Just(json!("a,b,c")),
        Just(json!("10.0.0.0/16")),
        Just(json!("0.0.0.0/0")),
        Just(json!("${P1}-${AWS::Region}-${!Literal}-${R1.Arn}-${Nope}")),
        Just(json!("${")),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(99)),
        Just(json!(1.5)),
        Just(json!(true)),
        Just(json!(null)),
        Just(json!([])),
        Just(json!({})),
        pick(NAMES).prop_map(|n| json!({ "Ref": n })),
        pick(CONDITIONS).prop_map(|c| json!({ "Condition": c })),
        (pick(NAMES), pick(&["Arn", "Id", "GroupId", "Nope.Deep"]))
            .prop_map(|(r, a)| json!({ "Fn::GetAtt": [r, a] })),
        (pick(NAMES), pick(&["Arn", "Id"]))
            .prop_map(|(r, a)| json!({ "Fn::GetAtt": format!("{r}.{a}") })),
        Just(json!({ "Fn::GetAZs": "" })),
        Just(json!({ "Fn::FindInMap": ["M", { "Ref": "AWS::Region" }, "k"] })),
        Just(json!({ "Fn::FindInMap": ["M", "nope", "k", { "DefaultValue": "d" }] })),
        "[a-z${}!.:]{0,8}".prop_map(Json::String),
    ]
}

fn intrinsic() -> impl Strategy<Value = Json> {
    leaf().prop_recursive(5, 40, 3, |inner| {
        let list = prop::collection::vec(inner.clone(), 0..4).prop_map(Json::Array);
        prop_oneof![
            2 => (pick(&["", ",", "-", "::"]), prop_oneof![list.clone(), inner.clone()])
                .prop_map(|(sep, items)| json!({ "Fn::Join": [sep, items] })),
            2 => ("[a-z${}!.:]{0,6}", pick(NAMES), inner.clone()).prop_map(|(text, name, var)| {
                json!({ "Fn::Sub": [format!("{text}${{v}}${{{name}}}${{v.x}}"), { "v": var }] })
            }),
            1 => inner.clone().prop_map(|s| json!({ "Fn::Sub": s })),
            2 => (inner.clone(), prop_oneof![list.clone(), inner.clone()]).prop_map(|(i, l)| json!({ "Fn::Select": [i, l] })),
            2 => (pick(CONDITIONS), inner.clone(), inner.clone()).prop_map(|(c, a, b)| json!({ "Fn::If": [c, a, b] })),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({ "Fn::FindInMap": ["M", a, b] })),
            1 => (pick(&[",", ""]), inner.clone()).prop_map(|(sep, s)| json!({ "Fn::Split": [sep, s] })),
            1 => inner.clone().prop_map(|s| json!({ "Fn::Base64": s })),
            1 => (inner.clone(), inner.clone(), inner.clone()).prop_map(|(a, b, c)| json!({ "Fn::Cidr": [a, b, c] })),
            1 => inner.clone().prop_map(|s| json!({ "Fn::Length": s })),
            1 => inner.clone().prop_map(|s| json!({ "Fn::ToJsonString": s })),
            1 => inner.clone().prop_map(|s| json!({ "Fn::ImportValue": s })),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({ "Fn::Equals": [a, b] })),
            1 => list.clone().prop_map(|l| json!({ "Fn::And": l })),
            1 => list.clone().prop_map(|l| json!({ "Fn::Or": l })),
            1 => inner.clone().prop_map(|a| json!({ "Fn::Not": [a] })),
            // malformed: wrong argument shapes, two keys, unknown functions
            1 => inner.clone().prop_map(|a| json!({ "Fn::Join": a })),
            1 => inner.clone().prop_map(|a| json!({ "Ref": a })),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({ "Ref": a, "Fn::If": b })),
            1 => inner.clone().prop_map(|a| json!({ "Fn::Nope": a })),
            2 => list,
            1 => prop::collection::btree_map(pick(PROPERTIES), inner, 0..3)
                .prop_map(|m| Json::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// A whole template: parameters, a mapping, three conditions (which may refer to each other
/// in a cycle) and three resources with generated properties.
fn template() -> impl Strategy<Value = Json> {
    let resource = (
        pick(TYPES),
        prop::collection::btree_map(pick(PROPERTIES), intrinsic(), 0..4),
        prop::option::of(pick(CONDITIONS)),
    );
    (
        prop::collection::vec(intrinsic(), 3),
        prop::collection::vec(resource, 1..4),
        intrinsic(),
    )
        .prop_map(|(conditions, resources, output)| {
            let mut res = serde_json::Map::new();
            for (i, (kind, props, condition)) in resources.into_iter().enumerate() {
                let mut r = json!({ "Type": kind, "Properties": props });
                if let (Some(c), Some(obj)) = (condition, r.as_object_mut()) {
                    obj.insert("Condition".into(), json!(c));
                }
                res.insert(format!("R{}", i + 1), r);
            }
            let mut conds = serde_json::Map::new();
            for (i, c) in conditions.into_iter().enumerate() {
                conds.insert(format!("C{}", i + 1), c);
            }
            json!({
                "AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": {
                    "P1": { "Type": "String", "Default": "a,b" },
                    "P2": { "Type": "Number", "Default": 3 },
                    "PList": { "Type": "CommaDelimitedList", "Default": "x,y,z" },
                    "PNoDefault": { "Type": "String" }
                },
                "Mappings": { "M": { "us-east-1": { "k": "v", "l": ["1", "2"] } } },
                "Conditions": conds,
                "Resources": res,
                "Outputs": { "O": { "Value": output } }
            })
        })
}

/// The short YAML form of a long-form tree: `{"Ref": x}` is `!Ref x`, `{"Fn::Join": a}` is
/// `!Join a` (unless its argument is itself tagged), everything else in flow style with JSON-quoted strings.
fn short_form(value: &Json) -> String {
    match value {
        Json::Object(map) if map.len() == 1 => {
            let Some((key, arg)) = map.iter().next() else {
                return "{}".into();
            };
            let tag = if key == "Ref" {
                Some("Ref")
            } else {
                key.strip_prefix("Fn::")
            };
            match tag {
                // a YAML node has one tag: an intrinsic right inside another stays long
                Some(tag) if !short_form(arg).starts_with('!') => {
                    format!("!{tag} {}", short_form(arg))
                }
                _ => format!("{{{}: {}}}", json!(key), short_form(arg)),
            }
        }
        Json::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", json!(k), short_form(v)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(short_form).collect();
            format!("[{}]", items.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

/// Resources (address, kind, attribute values) and error messages of one load, after
/// checking that every error points inside the file.
fn load(name: &str, text: &str) -> Result<(Vec<String>, Vec<String>), TestCaseError> {
    let out = load_document_text(name, text, &LoadOptions::default());
    let lines = fuzz_support::line_count(text);
    for e in &out.errors {
        prop_assert_eq!(&e.file, name);
        prop_assert!(
            e.line >= 1 && e.line <= lines + 1 && e.column >= 1,
            "error outside the file: {:?}",
            e
        );
    }
    let mut resources: Vec<String> = out
        .resources
        .iter()
        .map(|r| format!("{} {} {:?}", r.address, r.kind, r.attributes))
        .collect();
    resources.sort();
    Ok((
        resources,
        out.errors.iter().map(|e| e.message.clone()).collect(),
    ))
}

#[test]
fn fuzz_cloudformation_intrinsics() {
    run("cloudformation_intrinsics", 200, template(), |template| {
        let long = serde_json::to_string_pretty(&template)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (long_resources, long_errors) = load("template.json", &long)?;
        prop_assert!(
            long_errors.iter().all(|m| !m.starts_with("invalid")),
            "a generated template does not parse: {:?}",
            long_errors
        );
        if !long_resources.is_empty() {
            reached();
        }
        prop_assert_eq!(
            &load("template.json", &long)?.0,
            &long_resources,
            "two loads differ"
        );

        let mut short = String::new();
        if let Json::Object(sections) = &template {
            for (section, body) in sections {
                short.push_str(&format!("{section}: {}\n", short_form(body)));
            }
        }
        let (short_resources, short_errors) = load("template.yaml", &short)?;
        prop_assert!(
            short_errors.iter().all(|m| !m.starts_with("invalid")),
            "the short form does not parse: {:?}\n{}",
            short_errors,
            short
        );
        prop_assert_eq!(
            short_resources,
            long_resources,
            "the short and long forms load differently:\n{}",
            short
        );
        Ok(())
    });
}
