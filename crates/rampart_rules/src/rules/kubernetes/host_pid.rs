//! K8S-005: Pod shares the host process ID namespace.

use crate::prelude::*;
use crate::views::kubernetes::{WORKLOAD_KINDS, host_namespace_fix, host_namespace_hits};

pub static RULE: Rule = Rule {
    id: "K8S-005",
    title: "Pod shares the host process ID namespace",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "With `hostPID: true` the pod sees every process on the node: it can read their environment and command lines (often holding secrets) and, with enough privilege, signal, trace or enter them.",
    remediation: "Remove `hostPID: true` (Terraform: `host_pid = false`).",
    references: &["https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline"],
    aliases: &["CKV_K8S_17", "AVD-KSV-0010", "KSV010"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    host_namespace_hits(r, "host_pid")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    host_namespace_fix(
        r,
        hit,
        "monitoring and debugging agents that inspect node processes stop working",
    )
}
