//! K8S-023: a namespace runs workloads but no NetworkPolicy selects anything in it.

use crate::prelude::*;
use crate::views::kubernetes::{NETWORK_POLICY_KINDS, WORKLOAD_KINDS, namespace, object_name};
use rampart_model::{Inventory, ResourceId};
use std::collections::{HashMap, HashSet};

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
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(ns) = object_name(&r) else {
        return Vec::new();
    };
    let inventory = r.inventory;
    let index = inventory.memo(Namespaces::build);
    let workloads: Vec<String> = index
        .workloads
        .get(ns)
        .into_iter()
        .flatten()
        .filter_map(|&id| inventory.get(id))
        .map(|w| format!("`{}`", w.address))
        .collect();
    if workloads.is_empty() {
        return Vec::new();
    }
    // a policy whose namespace is not known may be this namespace's
    if index.policy_anywhere || index.policies.contains(ns) {
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
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )]
}

/// Workloads by namespace and the namespaces NetworkPolicies apply to, built once per
/// inventory (looking at every workload and policy for every namespace is quadratic).
struct Namespaces {
    /// In the order of `WORKLOAD_KINDS`, then of the inventory.
    workloads: HashMap<String, Vec<ResourceId>>,
    /// A policy whose namespace is not known may apply to any namespace.
    policy_anywhere: bool,
    policies: HashSet<String>,
}

impl Namespaces {
    fn build(inventory: &Inventory) -> Namespaces {
        let mut workloads: HashMap<String, Vec<ResourceId>> = HashMap::new();
        for w in WORKLOAD_KINDS.iter().flat_map(|k| inventory.of_kind(k)) {
            if let Some(ns) = namespace(&w) {
                workloads.entry(ns.to_string()).or_default().push(w.id);
            }
        }
        let mut policy_anywhere = false;
        let mut policies = HashSet::new();
        for p in NETWORK_POLICY_KINDS
            .iter()
            .flat_map(|k| inventory.of_kind(k))
        {
            match namespace(&p) {
                Some(ns) => {
                    policies.insert(ns.to_string());
                }
                None => policy_anywhere = true,
            }
        }
        Namespaces {
            workloads,
            policy_anywhere,
            policies,
        }
    }
}
