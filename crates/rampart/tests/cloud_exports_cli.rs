//! `rampart scan` on Azure and GCP inventory exports: findings name the resource id and its
//! console page in JSON and text, the exit code says findings were found, and a broken export
//! makes the exit code 2 while the other files' findings are still reported.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{outcome, project, rampart, scan_json};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../rampart_rules/tests/cloud_exports")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const LEGACY_SQL: &str = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/shop-prod/providers/Microsoft.Sql/servers/shop-prod-sql-legacy";

#[test]
fn a_scanned_azure_export_reports_resource_ids_and_portal_pages() {
    let dir = project(&[("exports/azure.json", &fixture("azure-resource-graph.json"))]);
    let (code, report) = scan_json(dir.path(), &["--rule", "AZU-DB-003"]);
    assert_eq!(code, 1, "{report}");
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    let f = &findings[0];
    assert_eq!(f["rule_id"], "AZU-DB-003");
    assert_eq!(f["address"], LEGACY_SQL);
    assert_eq!(f["resource_kind"], "azurerm_mssql_server");
    assert_eq!(
        f["live"]["console_url"],
        format!("https://portal.azure.com/#@/resource{LEGACY_SQL}").as_str()
    );
    assert!(f["file"].is_null(), "{f}");
}

#[test]
fn a_scanned_gcp_export_is_reported_in_text_with_its_console_page() {
    let dir = project(&[("assets.json", &fixture("gcp-asset-list.json"))]);
    let (code, stdout, stderr) = outcome(rampart().arg("scan").arg(dir.path()).args([
        "--rule",
        "GCP-GCS-004",
        "--no-color",
    ]));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("GCP-GCS-004"), "{stdout}");
    assert!(
        stdout.contains("at //storage.googleapis.com/shop-prod-exports"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "console: https://console.cloud.google.com/storage/browser/shop-prod-exports?project=123456789012"
        ),
        "{stdout}"
    );
    assert!(
        !stdout.contains("shop-prod-audit"),
        "the clean bucket is reported: {stdout}"
    );
}

#[test]
fn a_broken_export_is_an_input_error_and_the_other_files_still_scan() {
    let dir = project(&[
        ("azure.json", &fixture("azure-resource-graph.json")),
        ("broken.json", &fixture("broken/azure-truncated.json")),
    ]);
    let (code, report) = scan_json(dir.path(), &["--rule", "AZU-DB-003"]);
    assert_eq!(code, 2, "{report}");
    let errors = report["errors"].as_array().unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e["file"].as_str().unwrap().ends_with("broken.json")
                && e["line"] == 8
                && e["level"] == "error"),
        "{report}"
    );
    assert_eq!(report["findings"][0]["address"], LEGACY_SQL, "{report}");
}
