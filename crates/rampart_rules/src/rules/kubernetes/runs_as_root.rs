//! K8S-003: a container may run as root.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-003",
    title: "Container may run as root",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Without `runAsNonRoot: true` or a non-zero `runAsUser` (on the container or the pod), a container runs as \
whatever user its image names, usually root. Root in a container shares UID 0 with the node: one kernel or runtime bug, \
or a writable host mount, turns it into root on the node.",
    remediation: "Set `securityContext.runAsNonRoot: true` (and a non-zero `runAsUser` if the image has no numeric \
`USER`) on the pod or each container (Terraform: `security_context { run_as_non_root = true }`); never set \
`runAsUser: 0`.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
        "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/",
    ],
    aliases: &[
        "CKV_K8S_23",
        "AVD-KSV-0012",
        "KSV012",
        "AVD-KSV-0105",
        "KSV105",
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
        match pod.effective(&c, "run_as_user") {
            Some((v, path)) if v.as_i64() == Some(0) => {
                hits.push(Hit::at(
                    path,
                    format!("{} of `{}` runs as UID 0 (root)", c.describe(), r.address),
                ));
                continue;
            }
            // a known non-zero user is not root
            Some((v, _)) if v.as_i64().is_some() => continue,
            Some((v, _)) if v.is_unknown() => continue,
            _ => {}
        }
        match pod.effective(&c, "run_as_non_root") {
            Some((v, _)) if v.truth() != Truth::False => {}
            _ => hits.push(Hit::at(
                c.path_of("security_context.0.run_as_non_root"),
                format!(
                    "{} of `{}` sets neither `runAsNonRoot: true` nor a non-zero `runAsUser`; it runs as the image's \
user, usually root",
                    c.describe(),
                    r.address
                ),
            )),
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.as_deref()?;
    // a container pinned to UID 0 needs a person to choose the user it should run as
    if !path.ends_with("run_as_non_root") {
        return None;
    }
    Some(set_attribute_fix(
        &r,
        path,
        Value::Bool(true),
        "require a non-root user",
        Applicability::Unsafe(
            "the kubelet refuses to start a container whose image runs as root or names its user by name; give the \
image a numeric non-root USER or set runAsUser"
                .into(),
        ),
    ))
}
