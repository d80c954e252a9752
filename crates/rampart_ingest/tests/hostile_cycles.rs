//! Parameters, conditions and variables that refer to themselves, directly or through others,
//! in CloudFormation and ARM templates: each cycle is one error at the line where it starts,
//! naming the chain, the value is unknown, and the rest of the template still loads. Before,
//! these recursed until the stack overflowed and aborted the whole scan.

#![allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use rampart_ingest::LoadOptions;
use rampart_ingest::documents::{DocumentsOutput, load_document_text};
use rampart_model::{LoadError, Value};

fn load(name: &str, text: &str) -> DocumentsOutput {
    load_document_text(name, text, &LoadOptions::default())
}

fn errors(out: &DocumentsOutput) -> Vec<&LoadError> {
    out.errors.iter().filter(|e| e.is_error()).collect()
}

fn bucket_name(out: &DocumentsOutput, address: &str) -> Value {
    out.resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("`{address}` not loaded: {:?}", out.errors))
        .attributes
        .get("bucket")
        .cloned()
        .unwrap_or(Value::Null)
}

const SELF_REF: &str = "Parameters:
  P:
    Type: String
    Default: !Ref P
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref P
  C:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref P
  D:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: plain
";

#[test]
fn cloudformation_parameter_default_referring_to_itself_is_one_error_at_its_line() {
    let out = load("t.yaml", SELF_REF);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].file.as_str(), errors[0].line), ("t.yaml", 4));
    assert!(
        errors[0]
            .message
            .starts_with("parameter `P`'s default refers to itself via parameter `P`"),
        "{}",
        errors[0]
    );
    assert!(bucket_name(&out, "B").is_unknown());
    assert_eq!(bucket_name(&out, "D"), Value::String("plain".into()));
}

#[test]
fn cloudformation_cycle_through_two_parameters_and_sub_names_the_chain() {
    let text = "Parameters:
  P:
    Type: String
    Default: !Sub '${Q}-x'
  Q:
    Type: String
    Default: !Ref P
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref P
  C:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Q
";
    let out = load("t.yaml", text);
    let errors = errors(&out);
    // entered from P and from Q: still one cycle, reported once
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 4, "{}", errors[0]);
    assert!(
        errors[0].message.starts_with(
            "parameter `P`'s default refers to itself via parameter `Q` → parameter `P`"
        ),
        "{}",
        errors[0]
    );
    assert!(bucket_name(&out, "B").is_unknown());
    assert!(bucket_name(&out, "C").is_unknown());
}

#[test]
fn cloudformation_cycle_through_a_condition_is_an_error() {
    let text = "Parameters:
  P:
    Type: String
    Default: !If [IsProd, a, b]
Conditions:
  IsProd: !Equals [!Ref P, a]
Resources:
  B:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref P
";
    let out = load("t.yaml", text);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("refers to itself via condition `IsProd`"),
        "{}",
        errors[0]
    );
    assert!(bucket_name(&out, "B").is_unknown());
}

#[test]
fn cloudformation_json_parameter_cycle_is_an_error_at_its_line() {
    let text = r#"{
  "Parameters": {
    "P": {"Type": "String", "Default": {"Ref": "P"}}
  },
  "Resources": {
    "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": {"Ref": "P"}}}
  }
}"#;
    let out = load("t.json", text);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 3, "{}", errors[0]);
    assert!(errors[0].message.contains("refers to itself"));
}

fn arm(parameters: &str, variables: &str, name: &str) -> String {
    format!(
        r#"{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {parameters},
  "variables": {variables},
  "resources": [
    {{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01",
      "name": "{name}", "location": "westeurope", "kind": "StorageV2", "properties": {{}}}},
    {{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2022-09-01",
      "name": "plain", "location": "westeurope", "kind": "StorageV2", "properties": {{}}}}
  ]
}}"#
    )
}

#[test]
fn arm_parameter_default_referring_to_itself_is_one_error_at_its_line() {
    let text = arm(
        r#"{"p": {"type": "string", "defaultValue": "[parameters('p')]"}}"#,
        "{}",
        "[parameters('p')]",
    );
    let out = load("t.json", &text);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 4, "{}", errors[0]);
    assert!(
        errors[0]
            .message
            .starts_with("parameter `p`'s default refers to itself via parameter `p`"),
        "{}",
        errors[0]
    );
    assert!(
        out.resources.iter().any(|r| r.name == "plain"),
        "{:?}",
        out.errors
    );
}

#[test]
fn arm_variables_referring_to_each_other_are_one_error() {
    let text = arm(
        "{}",
        r#"{
    "a": "[concat(variables('b'), variables('b'))]",
    "b": "[concat(variables('a'), variables('a'))]"
  }"#,
        "[variables('a')]",
    );
    let out = load("t.json", &text);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 6, "{}", errors[0]);
    assert!(
        errors[0]
            .message
            .starts_with("variable `a` refers to itself via variable `b` → variable `a`"),
        "{}",
        errors[0]
    );
    assert!(
        out.resources.iter().any(|r| r.name == "plain"),
        "{:?}",
        out.errors
    );
}

#[test]
fn arm_parameter_cycle_through_a_variable_is_an_error() {
    let text = arm(
        r#"{"p": {"type": "string", "defaultValue": "[variables('v')]"}}"#,
        r#"{"v": "[parameters('p')]"}"#,
        "[parameters('p')]",
    );
    let out = load("t.json", &text);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("refers to itself via variable `v` → parameter `p`"),
        "{}",
        errors[0]
    );
}

#[test]
fn defaults_and_variables_that_double_a_string_stay_bounded() {
    // each level uses the one below twice: 2^60 bytes, and 2^60 evaluations without a memo
    let mut cfn = String::from("Parameters:\n  P0:\n    Type: String\n    Default: lol\n");
    for i in 1..=60 {
        let below = i - 1;
        cfn.push_str(&format!(
            "  P{i}:\n    Type: String\n    Default: !Join ['', [!Ref P{below}, !Ref P{below}]]\n"
        ));
    }
    cfn.push_str("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref P60\n");
    let out = load("t.yaml", &cfn);
    assert!(errors(&out).is_empty(), "{:?}", out.errors);
    assert!(bucket_name(&out, "B").is_unknown());

    let variables: Vec<String> = std::iter::once(r#""v0": "lol""#.to_string())
        .chain((1..=60).map(|i| {
            let b = i - 1;
            format!(r#""v{i}": "[concat(variables('v{b}'), variables('v{b}'))]""#)
        }))
        .collect();
    let text = arm(
        "{}",
        &format!("{{{}}}", variables.join(", ")),
        "[variables('v60')]",
    );
    let out = load("t.json", &text);
    assert!(errors(&out).is_empty(), "{:?}", out.errors);
    assert!(out.resources.iter().any(|r| r.name == "plain"));
}

#[test]
fn mapping_values_that_find_each_other_are_evaluated_once_and_cycles_are_errors() {
    // each value finds the next twice: 2^40 evaluations without a memo
    let mut text = String::from("AWSTemplateFormatVersion: '2010-09-09'\nMappings:\n  M:\n");
    for i in 0..40 {
        let next = i + 1;
        text.push_str(&format!(
            "    k{i}:\n      v: [!FindInMap [M, k{next}, v], !FindInMap [M, k{next}, v]]\n"
        ));
    }
    text.push_str("    k40:\n      v: lol\n    self:\n      v: !FindInMap [M, self, v]\n");
    text.push_str("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !FindInMap [M, self, v]\n      Tags: !FindInMap [M, k38, v]\n");
    let out = load("t.yaml", &text);
    let errors = errors(&out);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 87, "{}", errors[0]);
    assert!(
        errors[0]
            .message
            .starts_with("mapping value `M.self.v`'s definition refers to itself"),
        "{}",
        errors[0]
    );
    assert!(bucket_name(&out, "B").is_unknown());
}
