//! K8S-006: Pod shares the host IPC namespace.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-006",
    title: "Pod shares the host IPC namespace",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "With `hostIPC: true` the pod shares System V IPC and POSIX shared memory with the node's processes: it can read and tamper with shared memory segments of other workloads on the node.",
    remediation: "Remove `hostIPC: true` (Terraform: `host_ipc = false`).",
    references: &["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    aliases: &["CKV_K8S_18", "AVD-KSV-0008", "KSV008"],
    check: Checker::Native(check),
    fix: Some(fix),
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    match PodSpec::of(&r) {
        Some(pod) if pod.flag("host_ipc").is_true() => vec![Hit::at(
            pod.path_of("host_ipc"),
            format!("`{}` sets `host_ipc = true`", r.address),
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
        Applicability::Unsafe(
            "workloads that exchange data with node processes over shared memory stop working"
                .into(),
        ),
    ))
}
