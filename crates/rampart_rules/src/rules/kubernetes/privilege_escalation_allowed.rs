//! K8S-002: a container may gain more privileges than its parent process.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-002",
    title: "Container allows privilege escalation",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Unless `allowPrivilegeEscalation` is `false`, the kernel's `no_new_privs` flag is off: a process in the \
container can gain privileges through setuid binaries or file capabilities. Kubernetes defaults it to `true`, so an \
attacker with code execution as a non-root user can often become root inside the container.",
    remediation: "Set `securityContext.allowPrivilegeEscalation: false` on every container (Terraform: \
`security_context { allow_privilege_escalation = false }`).",
    references: &[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ],
    aliases: &["CKV_K8S_20", "AVD-KSV-0001", "KSV001"],
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
        let path = c.path_of("security_context.0.allow_privilege_escalation");
        match c.get("security_context.0.allow_privilege_escalation") {
            None | Some(Value::Null) => hits.push(Hit::at(
                path,
                format!(
                    "{} of `{}` does not set `allowPrivilegeEscalation: false`; it defaults to true",
                    c.describe(),
                    r.address
                ),
            )),
            Some(v) if v.truth().is_true() => hits.push(Hit::at(
                path,
                format!("{} of `{}` allows privilege escalation", c.describe(), r.address),
            )),
            Some(_) => {}
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(false),
        "forbid privilege escalation",
        Applicability::Unsafe(
            "software that relies on setuid binaries (`sudo`, `ping` on old images) stops working"
                .into(),
        ),
    ))
}
