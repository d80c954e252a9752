//! K8S-017: an object is placed in the `default` namespace.

use crate::prelude::*;
use crate::views::kubernetes::{namespace, object_name};

pub static RULE: Rule = Rule {
    id: "K8S-017",
    title: "Object is in the default namespace",
    severity: Severity::Low,
    category: Category::Identity,
    provider: Provider::Kubernetes,
    kinds: KINDS,
    rationale: "The `default` namespace is where everything lands that nobody placed: RBAC grants, quotas and network \
policies written for it cover unrelated workloads, and workloads in it share the same default service account. \
Namespaces per application or team are the unit Kubernetes isolates by.",
    remediation: "Create a namespace for the application and set `metadata.namespace` (Terraform: `metadata { namespace \
= ... }`). A manifest that names no namespace is not reported: `kubectl -n` or a kustomization decides where it goes. \
A Terraform resource without one goes to `default` and is reported.",
    references: &["https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/"],
    aliases: &["CKV_K8S_21", "AVD-KSV-0110", "KSV110"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const KINDS: &[&str] = &[
    "kubernetes_pod",
    "kubernetes_pod_v1",
    "kubernetes_deployment",
    "kubernetes_deployment_v1",
    "kubernetes_stateful_set",
    "kubernetes_stateful_set_v1",
    "kubernetes_daemonset",
    "kubernetes_daemon_set_v1",
    "kubernetes_job",
    "kubernetes_job_v1",
    "kubernetes_cron_job",
    "kubernetes_cron_job_v1",
    "kubernetes_replication_controller",
    "kubernetes_replication_controller_v1",
    "kubernetes_replica_set",
    "kubernetes_service",
    "kubernetes_service_v1",
    "kubernetes_config_map",
    "kubernetes_config_map_v1",
    "kubernetes_secret",
    "kubernetes_secret_v1",
    "kubernetes_service_account",
    "kubernetes_service_account_v1",
    "kubernetes_role",
    "kubernetes_role_v1",
    "kubernetes_role_binding",
    "kubernetes_role_binding_v1",
    "kubernetes_ingress",
    "kubernetes_ingress_v1",
    "kubernetes_persistent_volume_claim",
    "kubernetes_persistent_volume_claim_v1",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if namespace(&r) != Some("default") {
        return Vec::new();
    }
    // objects Kubernetes itself keeps in `default`
    let name = object_name(&r);
    let built_in = (r.kind.starts_with("kubernetes_service_account") && name == Some("default"))
        || (matches!(
            r.kind.as_str(),
            "kubernetes_service" | "kubernetes_service_v1"
        ) && name == Some("kubernetes"));
    if built_in {
        return Vec::new();
    }
    vec![Hit::at(
        "metadata.0.namespace",
        format!("`{}` is in the `default` namespace", r.address),
    )]
}
