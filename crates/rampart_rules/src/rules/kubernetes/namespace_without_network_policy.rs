//! K8S-023: a namespace runs workloads but no NetworkPolicy selects anything in it.

use crate::prelude::*;
use crate::views::kubernetes::{NETWORK_POLICY_KINDS, WORKLOAD_KINDS, namespace, object_name};

pub static RULE: Rule = Rule {
    id: "K8S-023",
    title: "Namespace with workloads has no NetworkPolicy",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Kubernetes,
    kinds: &["kubernetes_namespace", "kubernetes_namespace_v1"],
    rationale: "Without a NetworkPolicy every pod accepts traffic from every other pod in the cluster and can connect \
anywhere. One compromised pod can then reach the databases and internal APIs of every namespace.",
    remediation: "Add a default-deny NetworkPolicy to the namespace (`podSelector: {}` with `policyTypes: [Ingress, \
Egress]`) and allow the flows each workload needs. The rule looks only at namespaces defined in the scanned code, and \
stays silent when a policy in the scan names no namespace (it may be applied to this one).",
    references: &[
        "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(ns) = object_name(&r) else {
        return Vec::new();
    };
    let inventory = r.inventory;
    let workloads: Vec<&str> = WORKLOAD_KINDS
        .iter()
        .flat_map(|k| inventory.of_kind(k))
        .filter(|w| namespace(w) == Some(ns))
        .map(|w| w.resource().address.as_str())
        .collect();
    if workloads.is_empty() {
        return Vec::new();
    }
    // a policy whose namespace is not known may be this namespace's
    let covered = NETWORK_POLICY_KINDS
        .iter()
        .flat_map(|k| inventory.of_kind(k))
        .any(|p| namespace(&p).is_none_or(|p_ns| p_ns == ns));
    if covered {
        return Vec::new();
    }
    vec![Hit::at(
        "metadata.0.name",
        format!(
            "namespace `{ns}` runs {} workload(s) ({}) and no NetworkPolicy applies to it",
            workloads.len(),
            workloads
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )]
}
