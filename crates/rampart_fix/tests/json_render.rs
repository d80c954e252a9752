//! Terraform JSON (`.tf.json`) and ARM template edits: whole files are fixed and compared byte
//! for byte with the expected text (every byte outside the edited values stays), the fixed
//! text loads again and holds the new value, and changes that cannot be placed are refused
//! with the reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use common::{fix_text, remove, set};
use rampart_fix::edits;
use rampart_fix::render::{RenderContext, render_changes};
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use rampart_ingest::load_terraform_text;
use rampart_model::{Change, Edit, Inventory, Value};
use std::collections::BTreeMap;

const BUCKET: &str = r#"{
  "resource": {
    "aws_s3_bucket": {
      "logs": {
        "bucket": "acme-logs",
        "acl":    "public-read",
        "tags": { "team": "ops" }
      }
    }
  }
}
"#;

#[test]
fn a_written_value_is_replaced_and_nothing_else_moves() {
    let fixed = fix_text(
        "main.tf.json",
        BUCKET,
        &[set("aws_s3_bucket.logs", "acl", "private")],
    );
    assert_eq!(fixed, BUCKET.replace("\"public-read\"", "\"private\""));
}

#[test]
fn a_missing_nested_block_is_inserted_as_an_object_in_the_file_indentation() {
    let fixed = fix_text(
        "main.tf.json",
        BUCKET,
        &[
            set("aws_s3_bucket.logs", "versioning.0.enabled", true),
            set("aws_s3_bucket.logs", "versioning.0.mfa_delete", false),
        ],
    );
    assert_eq!(
        fixed,
        BUCKET.replace(
            "\"tags\": { \"team\": \"ops\" }\n",
            "\"tags\": { \"team\": \"ops\" },\n        \"versioning\": {\n          \"enabled\": true,\n          \"mfa_delete\": false\n        }\n"
        )
    );
    let loaded = load_terraform_text("main.tf.json", &fixed);
    let bucket = loaded.inventory.by_address("aws_s3_bucket.logs").unwrap();
    assert_eq!(bucket.get("versioning.0.enabled"), Some(&Value::Bool(true)));
}

#[test]
fn a_removed_attribute_takes_its_comma_with_it() {
    let fixed = fix_text(
        "main.tf.json",
        BUCKET,
        &[remove("aws_s3_bucket.logs", "acl")],
    );
    assert_eq!(
        fixed,
        BUCKET.replace("\n        \"acl\":    \"public-read\",", "")
    );
}

#[test]
fn new_strings_are_literals_not_templates() {
    let fixed = fix_text(
        "main.tf.json",
        BUCKET,
        &[set(
            "aws_s3_bucket.logs",
            "tags.note",
            "costs ${not} %{this}",
        )],
    );
    assert!(
        fixed.contains(r#""note": "costs $${not} %%{this}""#),
        "{fixed}"
    );
    let loaded = load_terraform_text("main.tf.json", &fixed);
    let bucket = loaded.inventory.by_address("aws_s3_bucket.logs").unwrap();
    assert_eq!(
        bucket.get("tags.note"),
        Some(&Value::string("costs ${not} %{this}"))
    );
}

#[test]
fn a_block_written_as_a_list_of_one_object_is_item_zero() {
    let text = r#"{"resource": {"aws_instance": {"app": {"ami": "ami-1", "metadata_options": [{"http_tokens": "optional"}]}}}}"#;
    let fixed = fix_text(
        "main.tf.json",
        text,
        &[set(
            "aws_instance.app",
            "metadata_options.0.http_tokens",
            "required",
        )],
    );
    assert_eq!(fixed, text.replace("optional", "required"));
}

#[test]
fn a_sibling_resource_goes_under_its_kind_with_references_as_interpolations() {
    let add = Change::AddResource {
        owner: "aws_s3_bucket.logs".into(),
        kind: "aws_s3_bucket_public_access_block".into(),
        name: "logs".into(),
        attributes: BTreeMap::from([
            ("bucket".to_string(), Value::unknown()),
            ("block_public_acls".to_string(), Value::Bool(true)),
        ]),
        references: BTreeMap::from([("bucket".to_string(), "aws_s3_bucket.logs.id".to_string())]),
    };
    let fixed = fix_text("main.tf.json", BUCKET, &[add]);
    let loaded = load_terraform_text("main.tf.json", &fixed);
    let block = loaded
        .inventory
        .by_address("aws_s3_bucket_public_access_block.logs")
        .expect("the new resource loads");
    assert_eq!(block.get("block_public_acls"), Some(&Value::Bool(true)));
    assert!(
        fixed.contains(r#""bucket": "${aws_s3_bucket.logs.id}""#),
        "{fixed}"
    );
    assert!(fixed.starts_with(BUCKET.get(..BUCKET.find("    }\n  }").unwrap()).unwrap()));
}

#[test]
fn removing_the_only_resource_of_a_kind_removes_the_kind() {
    let text = r#"{
  "resource": {
    "aws_s3_bucket": { "a": { "bucket": "a" } },
    "aws_security_group_rule": {
      "open": { "type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"], "security_group_id": "sg-1" }
    }
  }
}
"#;
    let fixed = fix_text(
        "main.tf.json",
        text,
        &[Change::RemoveResource {
            address: "aws_security_group_rule.open".into(),
        }],
    );
    assert_eq!(
        fixed,
        "{\n  \"resource\": {\n    \"aws_s3_bucket\": { \"a\": { \"bucket\": \"a\" } }\n  }\n}\n"
    );
}

const ACCOUNT: &str = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "access": { "type": "string", "defaultValue": "Enabled", "allowedValues": ["Enabled"] },
    "httpsOnly": { "type": "bool", "defaultValue": false }
  },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "acct",
      "location": "westeurope",
      "kind": "StorageV2",
      "properties": {
        "SupportsHttpsTrafficOnly": "[parameters('httpsOnly')]",
        "publicNetworkAccess": "[parameters('access')]"
      }
    }
  ]
}
"#;

fn fix_arm(text: &str, changes: &[Change]) -> Result<String, String> {
    let loaded = load_document_text("azuredeploy.json", text, &LoadOptions::default());
    assert!(
        loaded.errors.iter().all(|e| !e.is_error()),
        "{:?}",
        loaded.errors
    );
    let inventory = Inventory::new(loaded.resources);
    let ctx = RenderContext {
        inventory: &inventory,
        sources: &loaded.sources,
    };
    let rendered = render_changes(changes, &ctx).map_err(|e| e.to_string())?;
    let refs: Vec<&Edit> = rendered.iter().collect();
    let fixed = edits::apply(text, &refs).expect("edits apply");
    let again = load_document_text("azuredeploy.json", &fixed, &LoadOptions::default());
    assert!(
        again.errors.iter().all(|e| !e.is_error()),
        "{:?}\n{fixed}",
        again.errors
    );
    Ok(fixed)
}

#[test]
fn an_arm_value_from_a_parameter_is_fixed_at_its_default() {
    let fixed = fix_arm(ACCOUNT, &[set("acct", "https_traffic_only_enabled", true)]).unwrap();
    assert_eq!(
        fixed,
        ACCOUNT.replace(
            "\"type\": \"bool\", \"defaultValue\": false",
            "\"type\": \"bool\", \"defaultValue\": true"
        )
    );
}

#[test]
fn an_arm_parameter_that_does_not_allow_the_value_is_left_and_the_property_written() {
    // `Disabled` is not among the allowed values: the property itself gets the literal
    let fixed = fix_arm(
        ACCOUNT,
        &[set("acct", "public_network_access_enabled", false)],
    )
    .unwrap();
    assert_eq!(
        fixed,
        ACCOUNT.replace(
            "\"publicNetworkAccess\": \"[parameters('access')]\"",
            "\"publicNetworkAccess\": \"Disabled\""
        )
    );
}

#[test]
fn a_missing_arm_property_is_inserted_in_arm_vocabulary() {
    let fixed = fix_arm(ACCOUNT, &[set("acct", "min_tls_version", "TLS1_2")]).unwrap();
    assert_eq!(
        fixed,
        ACCOUNT.replace(
            "\"publicNetworkAccess\": \"[parameters('access')]\"\n",
            "\"publicNetworkAccess\": \"[parameters('access')]\",\n        \"minimumTlsVersion\": \"TLS1_2\"\n"
        )
    );
}

#[test]
fn an_arm_property_is_found_whatever_its_case() {
    let text = ACCOUNT.replace("\"[parameters('httpsOnly')]\"", "false");
    let fixed = fix_arm(&text, &[set("acct", "https_traffic_only_enabled", true)]).unwrap();
    assert_eq!(
        fixed,
        text.replace(
            "\"SupportsHttpsTrafficOnly\": false",
            "\"SupportsHttpsTrafficOnly\": true"
        )
    );
}

#[test]
fn an_arm_resource_another_names_is_not_removed() {
    let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Network/networkSecurityGroups/securityRules", "apiVersion": "2023-04-01", "name": "nsg/ssh",
      "properties": { "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRange": "22", "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "access": "Allow", "priority": 100, "direction": "Inbound" } },
    { "type": "Microsoft.Network/networkSecurityGroups/securityRules", "apiVersion": "2023-04-01", "name": "nsg/web",
      "dependsOn": ["[resourceId('Microsoft.Network/networkSecurityGroups/securityRules', 'nsg', 'ssh')]"],
      "properties": { "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRange": "443", "sourceAddressPrefix": "*", "destinationAddressPrefix": "*", "access": "Allow", "priority": 110, "direction": "Inbound" } }
  ]
}"#;
    let err = fix_arm(
        text,
        &[Change::RemoveResource {
            address: "nsg/ssh".into(),
        }],
    )
    .unwrap_err();
    assert!(err.contains("line 7 names `ssh`"), "{err}");
    let fixed = fix_arm(
        text,
        &[Change::RemoveResource {
            address: "nsg/web".into(),
        }],
    )
    .unwrap();
    assert!(
        !fixed.contains("nsg/web") && fixed.contains("nsg/ssh"),
        "{fixed}"
    );
}

#[test]
fn a_new_arm_resource_is_refused_with_the_reason() {
    let add = Change::AddResource {
        owner: "acct".into(),
        kind: "azurerm_storage_account_network_rules".into(),
        name: "acct".into(),
        attributes: BTreeMap::new(),
        references: BTreeMap::new(),
    };
    let err = fix_arm(ACCOUNT, &[add]).unwrap_err();
    assert!(err.contains("add it by hand"), "{err}");
}
