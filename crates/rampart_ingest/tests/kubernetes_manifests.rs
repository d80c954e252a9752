//! Kubernetes manifests load into the Terraform `kubernetes` provider's shapes: kinds,
//! addresses, attribute paths and their lines; multi-document, Helm-rendered, `List` and JSON
//! files; suppressions from comments and annotations; broken documents are errors that hide no
//! other document, and YAML that is not a manifest is skipped without a word.

#![allow(clippy::expect_used, clippy::panic)] // test helpers: a missing fixture fails the test

use rampart_ingest::{LoadOptions, load_paths};
use rampart_model::{SourceFormat, Value};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kubernetes")
        .join(name)
}

fn load(name: &str) -> rampart_ingest::LoadOutput {
    load_paths(&[fixture(name)], &LoadOptions::default())
}

const CONTAINER: &str = "spec.0.template.0.spec.0.container.0";

#[test]
fn helm_rendered_stream_maps_every_object_to_provider_kinds_and_addresses() {
    let out = load("helm_rendered.yaml");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let mut addresses: Vec<(&str, &str)> = out
        .inventory
        .resources()
        .iter()
        .map(|r| (r.kind.as_str(), r.address.as_str()))
        .collect();
    addresses.sort();
    assert_eq!(
        addresses,
        vec![
            ("kubernetes_cron_job", "kubernetes_cron_job.shop.cleanup"),
            ("kubernetes_deployment", "kubernetes_deployment.shop.web"),
            ("kubernetes_service", "kubernetes_service.shop.web"),
            (
                "kubernetes_service_account",
                "kubernetes_service_account.shop.web"
            ),
        ]
    );
    assert_eq!(out.files, 1);
    let deployment = out
        .inventory
        .by_address("kubernetes_deployment.shop.web")
        .expect("deployment");
    assert_eq!(deployment.format, SourceFormat::Kubernetes);
    assert_eq!(deployment.name, "web");
    // the object starts at its `apiVersion`, below the `# Source:` comment
    assert_eq!(deployment.origin.span().map(|s| s.start.line), Some(28));
}

#[test]
fn deployment_attributes_follow_the_provider_schema_with_spans_at_their_lines() {
    let out = load("helm_rendered.yaml");
    let d = out
        .inventory
        .by_address("kubernetes_deployment.shop.web")
        .expect("deployment");
    let privileged = format!("{CONTAINER}.security_context.0.privileged");
    assert_eq!(d.get(&privileged), Some(&Value::Bool(true)));
    assert_eq!(d.span_of(&privileged).map(|s| s.start.line), Some(63));
    assert_eq!(
        d.str(&format!(
            "{CONTAINER}.security_context.0.capabilities.0.add.0"
        )),
        Some("NET_ADMIN")
    );
    assert_eq!(
        d.get(&format!("{CONTAINER}.port.0.host_port")),
        Some(&Value::Number(8080.0))
    );
    assert_eq!(
        d.span_of(&format!("{CONTAINER}.port.0.host_port"))
            .map(|s| s.start.line),
        Some(61)
    );
    // free-form maps stay maps, keys as written
    assert_eq!(
        d.str(&format!("{CONTAINER}.resources.0.limits.memory")),
        Some("256Mi")
    );
    assert_eq!(d.str("spec.0.selector.0.match_labels.app"), Some("web"));
    let annotations = d
        .get("spec.0.template.0.metadata.0.annotations")
        .and_then(Value::as_map)
        .expect("template annotations");
    assert!(annotations.contains_key("container.apparmor.security.beta.kubernetes.io/app"));
    assert_eq!(
        d.str("spec.0.template.0.spec.0.init_container.0.name"),
        Some("migrate")
    );
    assert_eq!(
        d.str("spec.0.template.0.spec.0.volume.0.host_path.0.path"),
        Some("/var/run/docker.sock")
    );
    assert_eq!(
        d.span_of("spec.0.template.0.spec.0.volume.0.host_path.0.path")
            .map(|s| s.start.line),
        Some(78)
    );
    assert_eq!(
        d.get("spec.0.template.0.spec.0.security_context.0.seccomp_profile.0.type"),
        Some(&Value::string("RuntimeDefault"))
    );
    assert_eq!(d.get("spec.0.replicas"), Some(&Value::Number(2.0)));
    assert!(d.get("api_version").is_none() && d.get("kind").is_none());

    let service = out
        .inventory
        .by_address("kubernetes_service.shop.web")
        .expect("service");
    assert_eq!(service.str("spec.0.selector.app"), Some("web"));
    assert_eq!(
        service.get("spec.0.port.0.node_port"),
        Some(&Value::Number(30080.0))
    );
    let cron = out
        .inventory
        .by_address("kubernetes_cron_job.shop.cleanup")
        .expect("cron job");
    assert_eq!(
        cron.str("spec.0.job_template.0.spec.0.template.0.spec.0.container.0.image"),
        Some("busybox")
    );
    let account = out
        .inventory
        .by_address("kubernetes_service_account.shop.web")
        .expect("service account");
    assert_eq!(
        account.get("automount_service_account_token"),
        Some(&Value::Bool(false))
    );
}

#[test]
fn suppressions_come_from_comments_and_annotations() {
    let out = load("helm_rendered.yaml");
    let d = out
        .inventory
        .by_address("kubernetes_deployment.shop.web")
        .expect("deployment");
    let mut found: Vec<(&str, Option<&str>, u32)> = d
        .suppressions
        .iter()
        .map(|s| (s.rule.as_str(), s.reason.as_deref(), s.line))
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("CKV_K8S_20", Some("legacy image needs setuid"), 34),
            ("K8S-001", Some("the device plugin needs it"), 63),
            ("K8S-011", None, 35),
            ("K8S-015", Some("pinned by the registry"), 35),
        ]
    );
    // nothing leaks onto the neighbours
    let service = out
        .inventory
        .by_address("kubernetes_service.shop.web")
        .expect("service");
    assert!(service.suppressions.is_empty());
}

#[test]
fn list_items_become_resources_with_rbac_and_network_policy_shapes() {
    let out = load("list.yaml");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(out.inventory.len(), 3);
    let role = out
        .inventory
        .by_address("kubernetes_cluster_role.secret-reader")
        .expect("cluster role");
    assert_eq!(role.str("rule.0.resources.0"), Some("secrets"));
    assert_eq!(role.str("rule.0.api_groups.0"), Some(""));
    assert_eq!(
        role.get("rule.0.non_resource_urls"),
        Some(&Value::List(vec![]))
    );
    assert_eq!(role.origin.span().map(|s| s.start.line), Some(4));
    let binding = out
        .inventory
        .by_address("kubernetes_cluster_role_binding.read-secrets")
        .expect("binding");
    assert_eq!(binding.str("role_ref.0.name"), Some("secret-reader"));
    assert_eq!(binding.str("subject.0.kind"), Some("Group"));
    let policy = out
        .inventory
        .by_address("kubernetes_network_policy.shop.deny-all")
        .expect("network policy");
    // network policy rules keep the provider's `ports`, `from`, `ip_block`
    assert_eq!(
        policy.get("spec.0.ingress.0.ports.0.port"),
        Some(&Value::Number(443.0))
    );
    assert_eq!(
        policy.str("spec.0.ingress.0.from.0.ip_block.0.cidr"),
        Some("10.0.0.0/8")
    );
    assert_eq!(
        policy.get("spec.0.pod_selector.0"),
        Some(&Value::Map(Default::default()))
    );
}

#[test]
fn broken_document_is_an_error_with_position_and_the_rest_loads() {
    let out = load("mixed");
    let errors: Vec<_> = out.errors.iter().filter(|e| e.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = errors[0];
    assert!(error.file.ends_with("broken.yaml"), "{error}");
    // the unclosed `[` of line 13 is found where the document ends
    assert_eq!((error.line, error.column), (14, 1), "{error}");
    assert!(
        error
            .message
            .starts_with("invalid YAML in a Kubernetes manifest"),
        "{error}"
    );
    let mut addresses: Vec<&str> = out
        .inventory
        .resources()
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    addresses.sort();
    // the workflow and the unrendered chart template are skipped without an error; the
    // Knative Service is not a core Service; the kustomization is not a cluster object
    assert_eq!(
        addresses,
        vec![
            "kubernetes_config_map.default.first",
            "kubernetes_manifest.ClusterIssuer.letsencrypt",
            "kubernetes_manifest.Service.apps.hello",
            "kubernetes_namespace.third",
        ]
    );
    let knative = out
        .inventory
        .by_address("kubernetes_manifest.Service.apps.hello")
        .expect("knative service");
    assert_eq!(
        knative.str("manifest.spec.template.spec.containers.0.image"),
        Some("ghcr.io/example/hello:1.0")
    );
}

#[test]
fn json_manifests_load_with_positions() {
    let out = load("pod.json");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    let pod = out
        .inventory
        .by_address("kubernetes_pod.tools.json-pod")
        .expect("pod");
    assert_eq!(pod.get("spec.0.host_pid"), Some(&Value::Bool(true)));
    assert_eq!(
        pod.get("spec.0.container.0.security_context.0.run_as_user"),
        Some(&Value::Number(0.0))
    );
    assert_eq!(
        pod.span_of("spec.0.host_pid").map(|s| s.start.line),
        Some(6)
    );
}

#[test]
fn same_object_in_two_files_is_qualified_and_twice_in_one_file_is_numbered() {
    let out = load("overlay");
    let mut addresses: Vec<String> = out
        .inventory
        .resources()
        .iter()
        .map(|r| {
            // the file part is the path as given; keep its tail for a stable assertion
            match r.address.split_once("overlay/") {
                Some((_, tail)) => tail.to_string(),
                None => r.address.clone(),
            }
        })
        .collect();
    addresses.sort();
    assert_eq!(
        addresses,
        vec![
            "base/service.yaml:kubernetes_service.default.web",
            // only addresses that collide are qualified
            "kubernetes_service.default.web#2",
            "prod/service.yaml:kubernetes_service.default.web",
        ]
    );
}
