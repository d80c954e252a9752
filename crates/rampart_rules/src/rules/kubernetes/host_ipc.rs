//! K8S-006: Pod shares the host IPC namespace.

use crate::prelude::*;
use crate::views::kubernetes::{WORKLOAD_KINDS, host_namespace_fix, host_namespace_hits};

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
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    host_namespace_hits(r, "host_ipc")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    host_namespace_fix(
        r,
        hit,
        "workloads that exchange data with node processes over shared memory stop working",
    )
}
