//! Cloud exports are recognised by shape only: JSON that merely mentions an Azure id or an
//! `assetType` is left to the other loaders (or skipped), Terraform state of Azure resources is
//! still state, and no text — random bytes with export markers, truncated rows, wrong types —
//! makes the export loaders panic or point a message outside the file.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use proptest::prelude::*;
use rampart_ingest::cloud_exports;
use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use std::sync::Arc;

fn scan(files: &[(&str, &str)]) -> LoadOutput {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    load_paths(&[dir.path().to_path_buf()], &LoadOptions::default())
}

fn file() -> Arc<str> {
    Arc::from("export.json")
}

#[test]
fn json_that_only_mentions_azure_ids_is_not_an_export() {
    // a config file listing ids, an ARM parameter file, a list of non-resources
    for text in [
        r#"{"scope": "/subscriptions/s/resourceGroups/g", "type": "role"}"#,
        r#"{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters": {"id": {"value": "/subscriptions/s"}}, "type": "x"}"#,
        r#"[{"id": "/subscriptions/s/resourceGroups/g", "type": "group"}, {"id": 3}]"#,
        r#"{"data": [{"id": "/subscriptions/s/providers/A/b", "type": "A/b"}]}"#,
    ] {
        assert!(cloud_exports::load_text(&file(), text).is_none(), "{text}");
    }
}

#[test]
fn json_that_only_mentions_asset_types_is_not_an_export() {
    for text in [
        r#"{"name": "policy", "assetType": "storage.googleapis.com/Bucket"}"#,
        r#"[{"name": "//storage.googleapis.com/b", "assetType": "storage.googleapis.com/Bucket"}, {"name": "x"}]"#,
    ] {
        assert!(cloud_exports::load_text(&file(), text).is_none(), "{text}");
    }
}

#[test]
fn terraform_state_of_azure_resources_is_still_loaded_as_state() {
    let state = r#"{
  "version": 4,
  "terraform_version": "1.9.0",
  "serial": 1,
  "lineage": "x",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "azurerm_storage_account",
      "name": "logs",
      "provider": "provider[\"registry.terraform.io/hashicorp/azurerm\"]",
      "instances": [
        {
          "schema_version": 3,
          "attributes": {
            "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/logs",
            "name": "logs",
            "https_traffic_only_enabled": false
          }
        }
      ]
    }
  ]
}"#;
    let out = scan(&[("terraform.tfstate", state)]);
    let kinds: Vec<&str> = out
        .inventory
        .resources()
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    assert_eq!(kinds, ["azurerm_storage_account"], "{:?}", out.errors);
    assert_eq!(
        out.inventory.resources()[0].address,
        "azurerm_storage_account.logs"
    );
}

#[test]
fn ndjson_and_jsonl_files_are_scanned() {
    let line = r#"{"name": "//storage.googleapis.com/b1", "assetType": "storage.googleapis.com/Bucket", "resource": {"data": {"name": "b1"}}}"#;
    let out = scan(&[("a.ndjson", line), ("b.jsonl", &line.replace("b1", "b2"))]);
    let addresses: Vec<&str> = out
        .inventory
        .resources()
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    assert_eq!(
        addresses,
        ["//storage.googleapis.com/b1", "//storage.googleapis.com/b2"]
    );
    assert_eq!(out.files, 2);
}

#[test]
fn a_partial_resource_graph_page_is_a_warning() {
    let page = r#"{
  "count": 1,
  "data": [
    {"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv", "type": "microsoft.keyvault/vaults", "properties": {"enablePurgeProtection": true}}
  ],
  "skip_token": "ew0KICAiJGlkIjogIjEiLA0K",
  "total_records": 2500
}"#;
    let (resources, errors) = cloud_exports::load_text(&file(), page).expect("an export");
    assert_eq!(resources.len(), 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(!errors[0].is_error());
    assert_eq!(errors[0].line, 6);
    assert!(
        errors[0].message.contains("--skip-token"),
        "{}",
        errors[0].message
    );
}

#[test]
fn newline_delimited_files_that_are_not_exports_are_skipped_silently() {
    // a Kubernetes audit log: JSON lines with apiVersion, kind and metadata
    let audit = r#"{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","metadata":{"name":"x"}}
{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","metadata":{"name":"y"}}
"#;
    let out = scan(&[("audit.jsonl", audit)]);
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert!(out.inventory.resources().is_empty());
    assert_eq!(out.files, 0);
}

#[test]
fn wrong_types_in_rows_are_unknown_or_absent_never_a_panic() {
    let azure = r#"[{"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a", "type": "Microsoft.Storage/storageAccounts", "properties": {"supportsHttpsTrafficOnly": "maybe", "networkAcls": [1, 2], "minimumTlsVersion": {"x": null}}}]"#;
    let (resources, errors) = cloud_exports::load_text(&file(), azure).expect("an export");
    assert_eq!(resources.len(), 1, "{errors:?}");
    let gcp = r#"[{"name": "//compute.googleapis.com/projects/p/global/firewalls/f", "assetType": "compute.googleapis.com/Firewall", "resource": {"data": {"allowed": "tcp", "sourceRanges": 7, "logConfig": []}}}, {"name": "//sqladmin.googleapis.com/projects/p/instances/i", "assetType": "sqladmin.googleapis.com/Instance", "resource": {"data": {"settings": [], "masterInstanceName": 3}}}]"#;
    let (resources, errors) = cloud_exports::load_text(&file(), gcp).expect("an export");
    assert_eq!(resources.len(), 2, "{errors:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_text_makes_the_export_loaders_panic(
        noise in "[\\[\\]{}\":,0-9a-z/ \\n]{0,200}",
        cut in 0usize..400,
    ) {
        let azure = format!(
            r#"{{"count": 1, "data": [{{"id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/{noise}", "type": "microsoft.web/sites", "properties": {{"siteConfig": {noise}}}}}], "skip_token": null}}"#
        );
        let gcp = format!(
            "{{\"name\": \"//container.googleapis.com/projects/p/locations/l/clusters/c\", \"assetType\": \"container.googleapis.com/Cluster\", \"resource\": {{\"data\": {noise}}}}}\n{noise}\n"
        );
        for text in [azure, gcp] {
            let truncated: String = text.chars().take(cut).collect();
            for t in [text.as_str(), truncated.as_str()] {
                // whatever it makes of the text, every message points at a line of it
                if let Some((_, errors)) = cloud_exports::load_text(&file(), t) {
                    let lines = t.lines().count().max(1) as u32;
                    for e in errors {
                        prop_assert!(e.line >= 1 && e.line <= lines, "{e:?} outside 1..={lines}");
                    }
                }
            }
        }
    }
}
