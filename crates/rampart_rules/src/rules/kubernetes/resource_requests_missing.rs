//! K8S-013: a container has no CPU or memory request.

use crate::prelude::*;
use crate::views::kubernetes::WORKLOAD_KINDS;

pub static RULE: Rule = Rule {
    id: "K8S-013",
    title: "Container has no CPU or memory request",
    severity: Severity::Low,
    category: Category::Availability,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "The scheduler places pods by their requests. A container without them is scheduled as if it needed \
nothing, lands on crowded nodes and is the first to be evicted (or to push others out) under pressure.",
    remediation: "Set `resources.requests.cpu` and `resources.requests.memory` on every container (Terraform: \
`resources { requests = { cpu = \"250m\", memory = \"128Mi\" } }`), sized from observed usage.",
    references: &["https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/"],
    aliases: &[
        "CKV_K8S_10",
        "CKV_K8S_12",
        "AVD-KSV-0015",
        "KSV015",
        "AVD-KSV-0016",
        "KSV016",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // Kubernetes copies a limit into a missing request, so a limit counts as a request
    let Some(pod) = crate::views::kubernetes::PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        let section = |name: &str| match c.get(&format!("resources.0.{name}")) {
            Some(Value::Map(m)) => Ok(Some(m)),
            None | Some(Value::Null) => Ok(None),
            Some(_) => Err(()),
        };
        let (Ok(requests), Ok(limits)) = (section("requests"), section("limits")) else {
            continue;
        };
        let has = |k: &str| {
            [requests, limits]
                .into_iter()
                .flatten()
                .any(|m| m.get(k).is_some_and(|v| !v.is_null()))
        };
        let missing: Vec<&str> = ["cpu", "memory"].into_iter().filter(|k| !has(k)).collect();
        if !missing.is_empty() {
            hits.push(Hit::at(
                c.path_of("resources.0.requests"),
                format!(
                    "{} of `{}` has no {} request",
                    c.describe(),
                    r.address,
                    missing.join(" or ")
                ),
            ));
        }
    }
    hits
}
