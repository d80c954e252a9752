//! K8S-012: a container has no CPU or memory limit.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-012",
    title: "Container has no CPU or memory limit",
    severity: Severity::Low,
    category: Category::Availability,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Without limits one container can take every CPU cycle and all memory of its node: a leak, a traffic \
spike or a crypto miner planted by an intruder starves or evicts the other pods on that node.",
    remediation: "Set `resources.limits.cpu` and `resources.limits.memory` on every container (Terraform: \
`resources { limits = { cpu = \"500m\", memory = \"256Mi\" } }`), sized from observed usage; a namespace `LimitRange` \
can supply defaults.",
    references: &["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"],
    aliases: &[
        "CKV_K8S_11",
        "CKV_K8S_13",
        "AVD-KSV-0011",
        "KSV011",
        "AVD-KSV-0018",
        "KSV018",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    missing_resources(&r, "limits", "limit")
}

/// One hit per container missing `cpu` or `memory` under `resources.0.<section>`.
fn missing_resources(r: &ResourceRef<'_>, section: &str, noun: &str) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        let set = match c.get(&format!("resources.0.{section}")) {
            None | Some(Value::Null) => None,
            Some(Value::Map(m)) => Some(m),
            Some(_) => continue,
        };
        let missing: Vec<&str> = ["cpu", "memory"]
            .into_iter()
            .filter(|k| set.is_none_or(|m| m.get(*k).is_none_or(Value::is_null)))
            .collect();
        if !missing.is_empty() {
            hits.push(Hit::at(
                c.path_of(&format!("resources.0.{section}")),
                format!(
                    "{} of `{}` has no {} {noun}",
                    c.describe(),
                    r.address,
                    missing.join(" or ")
                ),
            ));
        }
    }
    hits
}
