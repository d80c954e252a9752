//! K8S-004: Pod shares the host network namespace.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-004",
    title: "Pod shares the host network namespace",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "With `hostNetwork: true` the pod uses the node's network stack: it can bind any node port, sniff traffic of other pods on the node, reach services bound to localhost on the node (the kubelet, cloud metadata) and bypasses NetworkPolicies.",
    remediation: "Remove `hostNetwork: true` (Terraform: `host_network = false`) and expose the pod through a Service instead.",
    references: &["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    aliases: &["CKV_K8S_19", "AVD-KSV-0009", "KSV009"],
    check: Checker::Native(check),
    fix: Some(fix),
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    match PodSpec::of(&r) {
        Some(pod) if pod.flag("host_network").is_true() => vec![Hit::at(
            pod.path_of("host_network"),
            format!("`{}` sets `host_network = true`", r.address),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(false),
        "stop sharing the host namespace",
        Applicability::Unsafe("node agents (CNI plugins, ingress controllers bound to node ports) that need the node's network stop working".into()),
    ))
}
