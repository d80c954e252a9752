//! K8S-004: Pod shares the host network namespace.

use crate::prelude::*;
use crate::views::kubernetes::{WORKLOAD_KINDS, host_namespace_fix, host_namespace_hits};

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
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    host_namespace_hits(r, "host_network")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    host_namespace_fix(
        r,
        hit,
        "node agents (CNI plugins, ingress controllers bound to node ports) that need the node's network stop working",
    )
}
