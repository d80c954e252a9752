//! K8S-010: a container keeps the runtime's default capabilities.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS, strings};

pub static RULE: Rule = Rule {
    id: "K8S-010",
    title: "Container does not drop all capabilities",
    severity: Severity::Low,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Container runtimes grant a default set of capabilities (among them `NET_RAW`, which allows ARP and DNS \
spoofing inside the pod network, and `CHOWN`, `SETUID`, `DAC_OVERRIDE`). Most applications need none of them; each one \
kept is a tool an attacker in the container does not have to find.",
    remediation: "Set `securityContext.capabilities.drop: [\"ALL\"]` on every container (Terraform: \
`capabilities { drop = [\"ALL\"] }`) and add back only what the process needs, typically nothing or `NET_BIND_SERVICE`.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container",
    ],
    aliases: &[
        "AVD-KSV-0003",
        "KSV003",
        "AVD-KSV-0106",
        "KSV106",
        "CKV_K8S_37",
        "CKV_K8S_28",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        let Some(dropped) = strings(c.get("security_context.0.capabilities.0.drop")) else {
            continue;
        };
        if !dropped.iter().any(|d| d.trim().eq_ignore_ascii_case("ALL")) {
            hits.push(Hit::at(
                c.path_of("security_context.0.capabilities.0.drop"),
                format!(
                    "{} of `{}` does not drop `ALL` capabilities",
                    c.describe(),
                    r.address
                ),
            ));
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::List(vec![Value::string("ALL")]),
        "drop all capabilities",
        Applicability::Unsafe(
            "a process that changes file ownership, switches users or binds a port below 1024 as root needs the \
matching capability added back"
                .into(),
        ),
    ))
}
