//! K8S-001: a container runs privileged.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-001",
    title: "Container runs in privileged mode",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "A privileged container has every Linux capability and the host's devices; its root user is root on \
the node. Anything that compromises the process — a vulnerable dependency, a poisoned image — can load kernel modules, \
read other pods' memory and secrets, and take over the node and from there the cluster.",
    remediation: "Remove `securityContext.privileged: true` (Terraform: `security_context { privileged = false }`). \
Grant only the capability the workload really needs under `capabilities.add`, or move device access to a device plugin.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ],
    aliases: &["CKV_K8S_16", "AVD-KSV-0017", "KSV017"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    pod.known_containers()
        .iter()
        .filter(|c| c.flag("security_context.0.privileged").is_true())
        .map(|c| {
            Hit::at(
                c.path_of("security_context.0.privileged"),
                format!("{} of `{}` runs privileged", c.describe(), r.address),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(false),
        "run the container unprivileged",
        Applicability::Unsafe(
            "a workload that manages host devices, networking or kernel settings stops working; grant the one \
capability it needs instead"
                .into(),
        ),
    ))
}
