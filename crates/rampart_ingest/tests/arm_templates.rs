//! The ARM template loader: every mapped type lands on its `azurerm` kind with the attributes
//! the Azure rules read, every expression form changes a value (so ignoring it would fail a
//! test), spans point at the template lines, and broken JSON is one error with line:col.

#![allow(clippy::expect_used, clippy::panic, clippy::unwrap_used)]

use rampart_ingest::arm::load_text;
use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::{Inventory, Resource, SourceFormat, Value};
use std::sync::Arc;

const ALL_KINDS: &str = include_str!("fixtures/arm/all_kinds.json");

fn load(text: &str) -> Inventory {
    let (resources, errors) = load_text(&Arc::from("t.json"), text);
    assert!(errors.iter().all(|e| !e.is_error()), "{errors:?}");
    Inventory::new(resources)
}

fn res<'a>(inv: &'a Inventory, address: &str) -> &'a Resource {
    inv.by_address(address)
        .map(|r| r.resource())
        .unwrap_or_else(|| {
            let all: Vec<_> = inv
                .resources()
                .iter()
                .map(|r| (&r.address, &r.kind))
                .collect();
            panic!("no `{address}` in {all:?}")
        })
}

fn get<'a>(r: &'a Resource, path: &str) -> &'a Value {
    r.get(path)
        .unwrap_or_else(|| panic!("`{}` has no `{path}`: {:?}", r.address, r.attributes))
}

#[test]
fn every_mapped_type_becomes_its_azurerm_kind() {
    let inv = load(ALL_KINDS);
    let kinds: Vec<(&str, &str)> = inv
        .resources()
        .iter()
        .map(|r| (r.address.as_str(), r.kind.as_str()))
        .collect();
    for (address, kind) in [
        ("applogs", "azurerm_storage_account"),
        ("applogs/default/site", "azurerm_storage_container"),
        ("web-nsg", "azurerm_network_security_group"),
        ("web-nsg/rdp", "azurerm_network_security_rule"),
        ("app-kv", "azurerm_key_vault"),
        ("app-kv/db-password", "azurerm_key_vault_secret"),
        ("db", "azurerm_mssql_server"),
        ("db/everyone", "azurerm_mssql_firewall_rule"),
        (
            "db/default",
            "azurerm_mssql_server_extended_auditing_policy",
        ),
        ("shop", "azurerm_app_service"),
        ("jobs", "azurerm_function_app"),
        ("k8s", "azurerm_kubernetes_cluster"),
        ("data", "azurerm_managed_disk"),
        ("db-endpoint", "Microsoft.Network/privateEndpoints"),
    ] {
        assert!(
            kinds.contains(&(address, kind)),
            "{address} as {kind} missing from {kinds:?}"
        );
    }
    assert!(
        inv.resources()
            .iter()
            .all(|r| r.format == SourceFormat::Arm)
    );

    let sa = res(&inv, "applogs");
    assert_eq!(get(sa, "https_traffic_only_enabled"), &Value::Bool(false));
    assert_eq!(
        get(sa, "allow_nested_items_to_be_public"),
        &Value::Bool(true)
    );
    assert_eq!(
        get(sa, "infrastructure_encryption_enabled"),
        &Value::Bool(true)
    );
    assert_eq!(
        get(sa, "network_rules.0.default_action"),
        &Value::string("Allow")
    );
    assert_eq!(
        get(sa, "network_rules.0.ip_rules"),
        &Value::List(vec![Value::string("203.0.113.7")])
    );
    assert_eq!(
        get(res(&inv, "applogs/default/site"), "container_access_type"),
        &Value::string("blob")
    );

    let nsg = res(&inv, "web-nsg");
    assert_eq!(
        get(nsg, "security_rule.0.destination_port_range"),
        &Value::string("22")
    );
    assert_eq!(get(nsg, "security_rule.0.name"), &Value::string("ssh"));
    assert_eq!(
        get(nsg, "security_rule.1.destination_port_ranges"),
        &Value::List(vec![Value::string("3389"), Value::string("5985-5986")])
    );
    let rdp = res(&inv, "web-nsg/rdp");
    assert_eq!(
        get(rdp, "source_address_prefix"),
        &Value::string("Internet")
    );
    assert_eq!(
        get(rdp, "network_security_group_name"),
        &Value::string("web-nsg")
    );

    let kv = res(&inv, "app-kv");
    assert_eq!(get(kv, "purge_protection_enabled"), &Value::Bool(true));
    assert_eq!(
        get(kv, "network_acls.0.default_action"),
        &Value::string("Deny")
    );
    assert_eq!(
        get(res(&inv, "app-kv/db-password"), "content_type"),
        &Value::string("password")
    );

    let db = res(&inv, "db");
    assert_eq!(get(db, "minimum_tls_version"), &Value::string("1.1"));
    assert_eq!(get(db, "public_network_access_enabled"), &Value::Bool(true));
    assert_eq!(
        get(res(&inv, "db/everyone"), "end_ip_address"),
        &Value::string("255.255.255.255")
    );
    let audit = res(&inv, "db/default");
    assert_eq!(get(audit, "enabled"), &Value::Bool(true));
    assert_eq!(get(audit, "retention_in_days"), &Value::Number(30.0));
    // the child's server_id names its parent, so the relation joins
    let server = inv.by_address("db").unwrap();
    assert_eq!(
        server
            .related("azurerm_mssql_server_extended_auditing_policy")
            .count(),
        1
    );

    let app = res(&inv, "shop");
    assert_eq!(get(app, "https_only"), &Value::Bool(false));
    assert_eq!(
        get(app, "site_config.0.min_tls_version"),
        &Value::string("1.0")
    );
    assert_eq!(
        get(app, "site_config.0.ftps_state"),
        &Value::string("AllAllowed")
    );
    assert_eq!(get(app, "site_config.0.http2_enabled"), &Value::Bool(true));
    assert_eq!(
        get(app, "identity.0.type"),
        &Value::string("SystemAssigned")
    );

    let aks = res(&inv, "k8s");
    assert_eq!(
        get(aks, "role_based_access_control_enabled"),
        &Value::Bool(false)
    );
    assert_eq!(
        get(aks, "network_profile.0.network_policy"),
        &Value::string("calico")
    );
    assert_eq!(
        get(aks, "api_server_access_profile.0.authorized_ip_ranges"),
        &Value::List(vec![Value::string("203.0.113.0/24")])
    );
    assert_eq!(
        get(aks, "oms_agent.0.log_analytics_workspace_id"),
        &Value::string("/subscriptions/x/ws")
    );
    assert_eq!(get(aks, "azure_policy_enabled"), &Value::Bool(true));

    assert_eq!(
        get(res(&inv, "data"), "encryption_settings.0.enabled"),
        &Value::Bool(false)
    );
}

#[test]
fn each_expression_form_changes_the_value() {
    let inv = load(ALL_KINDS);
    // variables + concat + parameters default: the account's name
    assert!(inv.by_address("applogs").is_some());
    // parameters with a default, and where that default was written
    let sa = res(&inv, "applogs");
    assert_eq!(get(sa, "min_tls_version"), &Value::string("TLS1_0"));
    let origin = sa
        .value_origins
        .get("min_tls_version")
        .expect("value origin");
    assert_eq!(origin.start.line, 6, "points at the parameter default");
    // variables holding a literal, split into the list azurerm uses
    assert_eq!(
        get(sa, "network_rules.0.bypass"),
        &Value::List(vec![
            Value::string("AzureServices"),
            Value::string("Logging")
        ])
    );
    // if + equals
    assert_eq!(
        get(res(&inv, "web-nsg"), "security_rule.0.access"),
        &Value::string("Allow")
    );
    // a parameter without default is unknown, not absent
    assert!(
        get(
            res(&inv, "web-nsg"),
            "security_rule.1.source_address_prefix"
        )
        .is_unknown()
    );
    // format
    assert!(inv.by_address("app-kv").is_some());
    // resourceId is unknown but names the resource it points at
    match get(res(&inv, "db-endpoint"), "target") {
        Value::Unknown(u) => assert_eq!(u.refers_to.as_deref(), Some("db")),
        other => panic!("resourceId gave {other:?}"),
    }
    // a false condition removes the resource
    assert!(inv.by_address("extra").is_none());
    // an unsupported function is unknown
    let text = ALL_KINDS.replace(
        "\"minimalTlsVersion\": \"1.1\"",
        "\"minimalTlsVersion\": \"[reference('x').tls]\"",
    );
    assert!(get(res(&load(&text), "db"), "minimum_tls_version").is_unknown());
    // with the parameter changed, the same template evaluates differently
    let text = ALL_KINDS.replace("\"defaultValue\": \"open\"", "\"defaultValue\": \"closed\"");
    assert_eq!(
        get(res(&load(&text), "web-nsg"), "security_rule.0.access"),
        &Value::string("Deny")
    );
    // an escaped bracket is a literal
    let text = ALL_KINDS.replace(
        "\"contentType\": \"password\"",
        "\"contentType\": \"[[literal]\"",
    );
    assert_eq!(
        get(res(&load(&text), "app-kv/db-password"), "content_type"),
        &Value::string("[literal]")
    );
}

#[test]
fn attributes_point_at_their_template_lines() {
    let inv = load(ALL_KINDS);
    let line_of =
        |address: &str, path: &str| res(&inv, address).span_of(path).map(|s| s.start.line);
    let text_line = |needle: &str| {
        ALL_KINDS
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i as u32 + 1)
    };
    assert_eq!(
        line_of("applogs", "https_traffic_only_enabled"),
        text_line("\"supportsHttpsTrafficOnly\"")
    );
    assert_eq!(
        line_of("applogs", "network_rules.0.default_action"),
        text_line("\"defaultAction\": \"Allow\"")
    );
    assert_eq!(
        line_of("web-nsg", "security_rule.0.source_address_prefix"),
        text_line("\"sourceAddressPrefix\": \"*\"")
    );
    assert_eq!(
        line_of("shop", "site_config.0.ftps_state"),
        text_line("\"ftpsState\"")
    );
    let origin = res(&inv, "db").origin.span().map(|s| s.start.line);
    assert!(origin.is_some_and(|l| l > 1));
}

#[test]
fn colliding_names_are_qualified_with_their_type() {
    let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "name": "data", "properties": {} },
    { "type": "Microsoft.Compute/disks", "name": "data", "properties": {} }
  ]
}"#;
    let inv = load(text);
    assert!(
        inv.by_address("Microsoft.Storage/storageAccounts/data")
            .is_some()
    );
    assert!(inv.by_address("Microsoft.Compute/disks/data").is_some());
}

#[test]
fn malformed_json_is_one_error_with_line_and_column() {
    let text = "{\n  \"$schema\": \"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\",\n  \"resources\": [ { \"type\": \"x\", } ]\n}\n";
    let (resources, errors) = load_text(&Arc::from("broken.json"), text);
    assert!(resources.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert!(e.is_error());
    // the `}` after the trailing comma
    assert_eq!((e.line, e.column), (3, 33), "{e:?}");
    assert!(e.message.contains("invalid JSON"), "{}", e.message);
}

#[test]
fn a_bad_expression_is_a_warning_and_an_unknown() {
    let text = ALL_KINDS.replace(
        "\"minimalTlsVersion\": \"1.1\"",
        "\"minimalTlsVersion\": \"[concat('a']\"",
    );
    let (resources, errors) = load_text(&Arc::from("t.json"), &text);
    assert!(
        errors
            .iter()
            .any(|e| !e.is_error() && e.message.contains("not understood")),
        "{errors:?}"
    );
    let inv = Inventory::new(resources);
    assert!(get(res(&inv, "db"), "minimum_tls_version").is_unknown());
}

#[test]
fn templates_on_disk_load_through_the_document_dispatch() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("azuredeploy.json");
    std::fs::write(&path, ALL_KINDS).unwrap();
    let out = load_paths(&[path], &LoadOptions::default());
    assert!(out.errors.iter().all(|e| !e.is_error()), "{:?}", out.errors);
    assert_eq!(out.files, 1);
    assert!(
        out.inventory
            .of_kind("azurerm_storage_account")
            .next()
            .is_some()
    );
}

#[test]
fn a_broken_template_on_disk_is_reported_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("azuredeploy.json");
    std::fs::write(
        &path,
        ALL_KINDS.replacen("\"resources\": [", "\"resources\": [,", 1),
    )
    .unwrap();
    let out = load_paths(&[path], &LoadOptions::default());
    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{:?}", out.errors);
    let line = ALL_KINDS
        .lines()
        .position(|l| l.contains("\"resources\": ["))
        .unwrap() as u32
        + 1;
    assert_eq!(errors[0].line, line);
}
