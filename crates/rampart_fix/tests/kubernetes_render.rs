//! Kubernetes manifests fixed in their own text: byte-exact output for realistic manifests
//! with comments (a value replaced, a key inserted into an existing `securityContext`, a
//! missing `securityContext` created, a `hostPort` removed, only the right document of a
//! multi-document file edited), each fixed text re-loaded with the real manifest loader.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

mod common;

use common::{remove, set};
use rampart_fix::edits;
use rampart_fix::render::{RenderContext, render_changes};
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use rampart_model::{Change, Edit, Inventory, SourceFormat, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

const FILE: &str = "k8s/app.yaml";

fn load(text: &str) -> Inventory {
    let out = load_document_text(FILE, text, &LoadOptions::default());
    assert!(
        out.errors.iter().all(|e| !e.is_error()),
        "manifest does not load: {:?}\n{text}",
        out.errors
    );
    assert!(
        out.resources
            .iter()
            .all(|r| r.format == SourceFormat::Kubernetes)
    );
    Inventory::new(out.resources)
}

/// Renders `changes` on the manifest and returns the fixed text, which must load again.
fn fix(text: &str, changes: &[Change]) -> String {
    let inventory = load(text);
    let sources = BTreeMap::from([(Arc::<str>::from(FILE), Arc::<str>::from(text))]);
    let ctx = RenderContext {
        inventory: &inventory,
        sources: &sources,
    };
    let rendered = render_changes(changes, &ctx).expect("changes render");
    let refs: Vec<&Edit> = rendered.iter().collect();
    let fixed = edits::apply(text, &refs).expect("edits apply");
    load(&fixed);
    fixed
}

const DEPLOYMENT: &str = "\
# web frontend
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  template:
    spec:
      containers:
        # the app itself
        - name: app
          image: shop/web:1.4.2 # pinned
          ports:
            - containerPort: 8080
              hostPort: 80 # legacy
          securityContext:
            privileged: true # needed once for debugging
            runAsNonRoot: true
        - name: sidecar
          image: envoy:1.30
";

const ADDRESS: &str = "kubernetes_deployment.shop.web";
const APP: &str = "spec.0.template.0.spec.0.container.0";
const SIDECAR: &str = "spec.0.template.0.spec.0.container.1";

#[test]
fn an_existing_value_is_replaced_where_it_is_written() {
    let fixed = fix(
        DEPLOYMENT,
        &[set(
            ADDRESS,
            &format!("{APP}.security_context.0.privileged"),
            false,
        )],
    );
    assert_eq!(
        fixed,
        DEPLOYMENT.replace("privileged: true # needed", "privileged: false # needed")
    );
}

#[test]
fn a_missing_key_goes_into_the_existing_security_context() {
    let fixed = fix(
        DEPLOYMENT,
        &[
            set(
                ADDRESS,
                &format!("{APP}.security_context.0.read_only_root_filesystem"),
                true,
            ),
            set(
                ADDRESS,
                &format!("{APP}.security_context.0.capabilities.0.drop"),
                Value::List(vec![Value::string("ALL")]),
            ),
        ],
    );
    assert_eq!(
        fixed,
        DEPLOYMENT.replace(
            "            runAsNonRoot: true\n",
            "            runAsNonRoot: true\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop:\n                - ALL\n"
        )
    );
}

#[test]
fn a_missing_security_context_is_created_under_the_container() {
    let fixed = fix(
        DEPLOYMENT,
        &[set(
            ADDRESS,
            &format!("{SIDECAR}.security_context.0.seccomp_profile.0.type"),
            "RuntimeDefault",
        )],
    );
    assert_eq!(
        fixed,
        format!(
            "{DEPLOYMENT}          securityContext:\n            seccompProfile:\n              type: RuntimeDefault\n"
        )
    );
}

#[test]
fn a_host_port_is_removed_with_its_line() {
    let fixed = fix(
        DEPLOYMENT,
        &[remove(ADDRESS, &format!("{APP}.port.0.host_port"))],
    );
    assert_eq!(
        fixed,
        DEPLOYMENT.replace("              hostPort: 80 # legacy\n", "")
    );
}

#[test]
fn a_flow_list_is_replaced_in_flow_style() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: busybox:1.36\n      securityContext:\n        capabilities:\n          drop: [\"NET_RAW\"] # partial\n";
    let fixed = fix(
        text,
        &[set(
            "kubernetes_pod.default.p",
            "spec.0.container.0.security_context.0.capabilities.0.drop",
            Value::List(vec![Value::string("ALL")]),
        )],
    );
    assert_eq!(
        fixed,
        text.replace("[\"NET_RAW\"] # partial", "[ALL] # partial")
    );
}

#[test]
fn a_pod_level_setting_is_added_to_the_pod_spec() {
    let fixed = fix(
        DEPLOYMENT,
        &[set(
            ADDRESS,
            "spec.0.template.0.spec.0.automount_service_account_token",
            false,
        )],
    );
    assert_eq!(
        fixed,
        format!("{DEPLOYMENT}      automountServiceAccountToken: false\n")
    );
}

#[test]
fn only_the_objects_own_document_is_edited() {
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {NAME}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    securityContext:\n      privileged: true\n";
    let text = format!(
        "---\n{}---\n# second\n{}",
        pod.replace("{NAME}", "one"),
        pod.replace("{NAME}", "two")
    );
    let fixed = fix(
        &text,
        &[set(
            "kubernetes_pod.default.two",
            "spec.0.container.0.security_context.0.privileged",
            false,
        )],
    );
    let expected = format!(
        "---\n{}---\n# second\n{}",
        pod.replace("{NAME}", "one"),
        pod.replace("{NAME}", "two")
            .replace("privileged: true", "privileged: false")
    );
    assert_eq!(fixed, expected);
}

#[test]
fn an_init_container_is_found_under_init_containers() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: setup\n      image: busybox:1.36\n  containers:\n    - name: c\n      image: busybox:1.36\n";
    let fixed = fix(
        text,
        &[set(
            "kubernetes_pod.default.p",
            "spec.0.init_container.0.security_context.0.allow_privilege_escalation",
            false,
        )],
    );
    assert_eq!(
        fixed,
        text.replace(
            "      image: busybox:1.36\n  containers:",
            "      image: busybox:1.36\n      securityContext:\n        allowPrivilegeEscalation: false\n  containers:"
        )
    );
}

#[test]
fn an_object_cannot_be_added_or_deleted_by_a_fix() {
    let inventory = load(DEPLOYMENT);
    let sources = BTreeMap::from([(Arc::<str>::from(FILE), Arc::<str>::from(DEPLOYMENT))]);
    let ctx = RenderContext {
        inventory: &inventory,
        sources: &sources,
    };
    let err = render_changes(
        &[Change::RemoveResource {
            address: ADDRESS.into(),
        }],
        &ctx,
    )
    .unwrap_err();
    assert!(err.to_string().contains("remove it by hand"), "{err}");
}
