//! Azure and GCP inventory exports (`az graph query`, `az resource show`, `gcloud asset
//! list|export|search-all-resources`) load into the model and the Azure and GCP rules fire on
//! them: the exact findings on the misconfigured resources, none on the clean ones, and a
//! broken export is an error at its file:line while the rest of the scan goes on.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::{LoadError, Origin};
use rampart_rules::{EngineOptions, Provider, builtin_rules, run_rules};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cloud_exports")
        .join(name)
}

fn load(names: &[&str]) -> LoadOutput {
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture(n)).collect();
    load_paths(&paths, &LoadOptions::default())
}

/// (rule, resource id) of every finding of the cloud's rules.
fn findings(out: &LoadOutput, provider: Provider) -> BTreeSet<(String, String)> {
    let rules: Vec<_> = builtin_rules()
        .into_iter()
        .filter(|r| r.provider == provider)
        .collect();
    run_rules(&out.inventory, &rules, &EngineOptions::default())
        .into_iter()
        .map(|f| (f.rule_id.to_string(), f.address))
        .collect()
}

const S1: &str =
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod/providers/";
const S2: &str =
    "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/ml-dev/providers/";

/// `S1:` / `S2:` expand to the fixtures' subscription and resource group prefixes.
fn expand(expected: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    expected
        .iter()
        .map(|(rule, id)| {
            let id = id.replace("S1:", S1).replace("S2:", S2);
            (rule.to_string(), id)
        })
        .collect()
}

#[test]
fn azure_rules_fire_on_resource_graph_and_resource_show_exports() {
    let out = load(&["azure-resource-graph.json", "azure-resource-show.json"]);
    let expected = expand(&[
        (
            "AZU-AKS-001",
            "S1:Microsoft.ContainerService/managedClusters/shop-aks-dev",
        ),
        (
            "AZU-AKS-002",
            "S1:Microsoft.ContainerService/managedClusters/shop-aks-dev",
        ),
        (
            "AZU-AKS-003",
            "S1:Microsoft.ContainerService/managedClusters/shop-aks-dev",
        ),
        (
            "AZU-AKS-004",
            "S1:Microsoft.ContainerService/managedClusters/shop-aks-dev",
        ),
        (
            "AZU-AKS-005",
            "S1:Microsoft.ContainerService/managedClusters/shop-aks-dev",
        ),
        ("AZU-APP-001", "S1:Microsoft.Web/sites/shop-legacy-web"),
        ("AZU-APP-002", "S1:Microsoft.Web/sites/shop-legacy-web"),
        ("AZU-APP-003", "S1:Microsoft.Web/sites/shop-legacy-web"),
        ("AZU-APP-005", "S1:Microsoft.Web/sites/shop-legacy-web"),
        ("AZU-APP-006", "S1:Microsoft.Web/sites/shop-legacy-web"),
        (
            "AZU-DB-002",
            "S1:Microsoft.Sql/servers/shop-prod-sql-legacy",
        ),
        (
            "AZU-DB-003",
            "S1:Microsoft.Sql/servers/shop-prod-sql-legacy",
        ),
        (
            "AZU-KV-001",
            "S1:Microsoft.KeyVault/vaults/shop-prod-kv-old",
        ),
        (
            "AZU-KV-002",
            "S1:Microsoft.KeyVault/vaults/shop-prod-kv-old",
        ),
        (
            "AZU-NSG-001",
            "S1:Microsoft.Network/networkSecurityGroups/jump-nsg",
        ),
        (
            "AZU-NSG-002",
            "S1:Microsoft.Network/networkSecurityGroups/jump-nsg",
        ),
        (
            "AZU-NSG-003",
            "S1:Microsoft.Network/networkSecurityGroups/jump-nsg",
        ),
        (
            "AZU-STORAGE-001",
            "S1:Microsoft.Storage/storageAccounts/shopprodlegacy",
        ),
        (
            "AZU-STORAGE-002",
            "S1:Microsoft.Storage/storageAccounts/shopprodlegacy",
        ),
        (
            "AZU-STORAGE-004",
            "S1:Microsoft.Storage/storageAccounts/shopprodlegacy",
        ),
        (
            "AZU-STORAGE-005",
            "S1:Microsoft.Storage/storageAccounts/shopprodlegacy",
        ),
        (
            "AZU-STORAGE-006",
            "S1:Microsoft.Storage/storageAccounts/shopprodlegacy",
        ),
        (
            "AZU-STORAGE-008",
            "S1:Microsoft.Storage/storageAccounts/shopprodlegacy",
        ),
        ("AZU-DISK-001", "S2:Microsoft.Compute/disks/scratch-disk"),
    ]);
    assert_eq!(findings(&out, Provider::Azure), expected);
    // the clean twins of every misconfigured resource are in the files and loaded
    for clean in [
        "Microsoft.Storage/storageAccounts/shopprodlogs",
        "Microsoft.Network/networkSecurityGroups/web-nsg",
        "Microsoft.KeyVault/vaults/shop-prod-kv",
        "Microsoft.Sql/servers/shop-prod-sql",
        "Microsoft.ContainerService/managedClusters/shop-aks",
    ] {
        let id = format!("{S1}{clean}");
        assert!(
            out.inventory.resources().iter().any(|r| r.address == id),
            "{id} not loaded"
        );
    }
    assert!(
        out.inventory
            .resources()
            .iter()
            .any(|r| r.address == format!("{S2}Microsoft.Web/sites/ml-api"))
    );
}

#[test]
fn azure_rules_fire_on_defender_settings_and_virtual_machines() {
    let out = load(&["azure-security-resources.json"]);
    let sub = "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Security/";
    let expected: BTreeSet<(String, String)> = [
        ("AZU-DEF-001", format!("{sub}pricings/VirtualMachines")),
        ("AZU-DEF-002", format!("{sub}securityContacts/default")),
        ("AZU-DEF-003", format!("{sub}securityContacts/default")),
        ("AZU-DEF-004", format!("{sub}securityContacts/default")),
        (
            "AZU-VM-001",
            format!("{S1}Microsoft.Compute/virtualMachines/bastion-old"),
        ),
    ]
    .into_iter()
    .map(|(rule, id)| (rule.to_string(), id))
    .collect();
    assert_eq!(findings(&out, Provider::Azure), expected);
    let kinds: BTreeSet<&str> = out
        .inventory
        .resources()
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "azurerm_linux_virtual_machine",
            "azurerm_security_center_contact",
            "azurerm_security_center_subscription_pricing",
            "azurerm_windows_virtual_machine",
        ])
    );
}

#[test]
fn azure_resources_keep_their_live_origin_and_arm_name() {
    let out = load(&["azure-resource-graph.json"]);
    let id = format!("{S1}Microsoft.Sql/servers/shop-prod-sql-legacy");
    let r = out
        .inventory
        .resources()
        .iter()
        .find(|r| r.address == id)
        .expect("server loaded");
    assert_eq!(r.kind, "azurerm_mssql_server");
    assert_eq!(r.name, "shop-prod-sql-legacy");
    assert_eq!(
        r.origin,
        Origin::Live {
            provider: "azure".into(),
            account: "00000000-0000-0000-0000-000000000001".into(),
            region: "westeurope".into(),
            id: id.clone(),
        }
    );
    // findings carry the resource id and its portal page
    let tls = builtin_rules()
        .into_iter()
        .filter(|r| r.id == "AZU-DB-003")
        .collect::<Vec<_>>();
    let found = run_rules(&out.inventory, &tls, &EngineOptions::default());
    let finding = found
        .iter()
        .find(|f| f.address == id)
        .expect("AZU-DB-003 on the server");
    assert_eq!(
        finding.live.as_ref().and_then(|l| l.console_url.as_deref()),
        Some(format!("https://portal.azure.com/#@/resource{id}").as_str())
    );
}

#[test]
fn settings_an_azure_export_does_not_hold_are_undecided_not_findings() {
    let out = load(&["azure-resource-graph.json"]);
    let rules: Vec<_> = builtin_rules()
        .into_iter()
        .filter(|r| ["AZU-SQL-004", "AZU-STORAGE-007"].contains(&r.id))
        .collect();
    let run = rampart_rules::run_rules_reporting_undecided(
        &out.inventory,
        &rules,
        &EngineOptions::default(),
    );
    assert!(run.findings.is_empty(), "{:?}", run.findings);
    let undecided: BTreeSet<(String, String)> = run
        .undecided
        .iter()
        .map(|u| {
            (
                u.rule_id.clone(),
                u.address.rsplit('/').next().unwrap_or("").to_string(),
            )
        })
        .collect();
    for expected in [
        ("AZU-SQL-004", "shop-prod-sql-legacy"),
        ("AZU-SQL-004", "shop-prod-sql"),
    ] {
        assert!(
            undecided.contains(&(expected.0.to_string(), expected.1.to_string())),
            "{expected:?} not undecided: {undecided:?}"
        );
    }
}

#[test]
fn an_azure_row_without_properties_is_a_warning_and_not_judged() {
    let out = load(&["azure-resource-show.json"]);
    let warning: Vec<&LoadError> = out
        .errors
        .iter()
        .filter(|e| e.message.contains("mldevdata") && e.message.contains("no `properties`"))
        .collect();
    assert_eq!(warning.len(), 1, "{:?}", out.errors);
    assert_eq!(warning[0].line, 35);
    assert!(!warning[0].is_error());
    assert!(
        !out.inventory
            .resources()
            .iter()
            .any(|r| r.address.ends_with("/mldevdata"))
    );
}

#[test]
fn gcp_rules_fire_on_asset_list_export_and_search_results() {
    let out = load(&[
        "gcp-asset-list.json",
        "gcp-asset-export.ndjson",
        "gcp-search-all-resources.json",
    ]);
    let expected = expand(&[
        (
            "GCP-COMPUTE-001",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-002",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-003",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-005",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-006",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-007",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-008",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-COMPUTE-009",
            "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/legacy-worker",
        ),
        (
            "GCP-BQ-001",
            "//bigquery.googleapis.com/projects/shop-prod/datasets/marketing_share",
        ),
        (
            "GCP-COMPUTE-004",
            "//compute.googleapis.com/projects/shop-prod",
        ),
        (
            "GCP-DNS-002",
            "//dns.googleapis.com/projects/shop-prod/managedZones/shop-old-dnssec",
        ),
        (
            "GCP-COMPUTE-011",
            "//compute.googleapis.com/projects/shop-prod/global/sslPolicies/legacy-clients",
        ),
        (
            "GCP-DNS-001",
            "//dns.googleapis.com/projects/shop-prod/managedZones/shop-legacy",
        ),
        (
            "GCP-FW-001",
            "//compute.googleapis.com/projects/shop-prod/global/firewalls/allow-ssh-anywhere",
        ),
        (
            "GCP-FW-002",
            "//compute.googleapis.com/projects/shop-prod/global/firewalls/allow-rdp-anywhere",
        ),
        (
            "GCP-FW-003",
            "//compute.googleapis.com/projects/shop-prod/global/firewalls/allow-rdp-anywhere",
        ),
        (
            "GCP-FW-003",
            "//compute.googleapis.com/projects/shop-prod/global/firewalls/allow-ssh-anywhere",
        ),
        (
            "GCP-GCS-001",
            "//storage.googleapis.com/shop-prod-exports#iamPolicy",
        ),
        ("GCP-GCS-002", "//storage.googleapis.com/shop-prod-exports"),
        ("GCP-GCS-003", "//storage.googleapis.com/shop-prod-exports"),
        ("GCP-GCS-004", "//storage.googleapis.com/shop-prod-exports"),
        ("GCP-GCS-005", "//storage.googleapis.com/shop-prod-exports"),
        ("GCP-GCS-006", "//storage.googleapis.com/shop-prod-exports"),
        (
            "GCP-GKE-001",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-002",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-004",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-005",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-006",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-007",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-009",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-010",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-GKE-011",
            "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
        ),
        (
            "GCP-IAM-002",
            "//cloudresourcemanager.googleapis.com/projects/123456789012#iamPolicy",
        ),
        (
            "GCP-IAM-008",
            "//cloudresourcemanager.googleapis.com/projects/123456789012#iamPolicy",
        ),
        (
            "GCP-IAM-010",
            "//cloudresourcemanager.googleapis.com/projects/123456789012#iamPolicy",
        ),
        (
            "GCP-KMS-001",
            "//cloudkms.googleapis.com/projects/shop-prod/locations/eu/keyRings/storage/cryptoKeys/exports",
        ),
        (
            "GCP-SQL-001",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-SQL-002",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-SQL-003",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-SQL-004",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-SQL-005",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-SQL-006",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-SQL-007",
            "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy",
        ),
        (
            "GCP-VPC-001",
            "//compute.googleapis.com/projects/shop-prod/regions/europe-west1/subnetworks/legacy-eu",
        ),
        (
            "GCP-VPC-002",
            "//compute.googleapis.com/projects/shop-prod/regions/europe-west1/subnetworks/legacy-eu",
        ),
    ]);
    assert_eq!(findings(&out, Provider::Gcp), expected);
    for clean in [
        "//storage.googleapis.com/shop-prod-audit",
        "//storage.googleapis.com/shop-prod-audit#iamPolicy",
        "//compute.googleapis.com/projects/shop-prod/global/firewalls/allow-https-internal",
        "//compute.googleapis.com/projects/shop-prod/zones/europe-west1-b/instances/api-1",
        "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg",
        "//dns.googleapis.com/projects/shop-prod/managedZones/shop",
        "//cloudkms.googleapis.com/projects/shop-prod/locations/eu/keyRings/storage/cryptoKeys/audit",
        "//compute.googleapis.com/projects/shop-prod/global/sslPolicies/modern",
        "//compute.googleapis.com/projects/shop-prod/regions/europe-west1/subnetworks/prod-eu",
        "//bigquery.googleapis.com/projects/shop-prod/datasets/finance",
    ] {
        assert!(
            out.inventory.resources().iter().any(|r| r.address == clean),
            "{clean} not loaded"
        );
    }
}

#[test]
fn gcp_resources_keep_their_project_and_asset_name() {
    let out = load(&["gcp-asset-list.json"]);
    let name = "//sqladmin.googleapis.com/projects/shop-prod/instances/orders-pg-legacy";
    let r = out
        .inventory
        .resources()
        .iter()
        .find(|r| r.address == name)
        .expect("instance loaded");
    assert_eq!(r.kind, "google_sql_database_instance");
    assert_eq!(
        r.origin,
        Origin::Live {
            provider: "gcp".into(),
            account: "shop-prod".into(),
            region: "europe-west1".into(),
            id: name.into(),
        }
    );
    // a bucket's name holds no project id: the project number of its ancestors stands
    let bucket = out
        .inventory
        .resources()
        .iter()
        .find(|r| r.address == "//storage.googleapis.com/shop-prod-exports")
        .expect("bucket loaded");
    assert!(matches!(&bucket.origin, Origin::Live { account, .. } if account == "123456789012"));
    let versioning: Vec<_> = builtin_rules()
        .into_iter()
        .filter(|r| r.id == "GCP-GCS-004")
        .collect();
    let found = run_rules(&out.inventory, &versioning, &EngineOptions::default());
    let finding = found
        .iter()
        .find(|f| f.address == bucket.address)
        .expect("GCP-GCS-004 on the bucket");
    assert_eq!(
        finding.live.as_ref().and_then(|l| l.console_url.as_deref()),
        Some(
            "https://console.cloud.google.com/storage/browser/shop-prod-exports?project=123456789012"
        )
    );
}

#[test]
fn a_broken_export_line_is_an_error_at_its_line_and_the_rest_loads() {
    let out = load(&["gcp-asset-export.ndjson"]);
    let errors: Vec<&LoadError> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert_eq!(errors[0].line, 3);
    assert!(
        errors[0]
            .message
            .contains("invalid JSON in GCP asset export"),
        "{}",
        errors[0].message
    );
    // the lines before and after the broken one loaded
    for address in [
        "//storage.googleapis.com/shop-prod-exports#iamPolicy",
        "//storage.googleapis.com/shop-prod-audit#iamPolicy",
        "//container.googleapis.com/projects/shop-prod/locations/europe-west1/clusters/batch",
    ] {
        assert!(
            out.inventory
                .resources()
                .iter()
                .any(|r| r.address == address),
            "{address} not loaded"
        );
    }
}

#[test]
fn a_malformed_azure_export_is_an_error_at_its_line_and_other_files_still_scan() {
    let out = load(&["broken/azure-truncated.json", "azure-resource-graph.json"]);
    let errors: Vec<&LoadError> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    assert!(errors[0].file.ends_with("azure-truncated.json"));
    assert_eq!(errors[0].line, 8);
    assert!(
        errors[0].message.contains("invalid JSON in Azure export"),
        "{}",
        errors[0].message
    );
    assert!(findings(&out, Provider::Azure).contains(&(
        "AZU-STORAGE-001".to_string(),
        format!("{S1}Microsoft.Storage/storageAccounts/shopprodlegacy")
    )));
}

#[test]
fn a_search_result_without_resource_data_is_a_warning() {
    let out = load(&["gcp-search-all-resources.json"]);
    let warning = out
        .errors
        .iter()
        .find(|e| e.message.contains("shop-prod-tmp"))
        .expect("warning for the bucket without data");
    assert!(!warning.is_error());
    assert!(
        warning.message.contains("--read-mask"),
        "{}",
        warning.message
    );
    assert_eq!(warning.line, 40);
}
