//! K8S-011: a container's root filesystem is writable.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-011",
    title: "Container root filesystem is writable",
    severity: Severity::Low,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "A writable root filesystem lets an intruder replace binaries and libraries of the running image, drop \
tools and persist until the pod is replaced. With `readOnlyRootFilesystem: true` the image stays what was scanned and \
signed; writable scratch space is granted explicitly through volumes.",
    remediation: "Set `securityContext.readOnlyRootFilesystem: true` (Terraform: `read_only_root_filesystem = true`) \
and mount an `emptyDir` at each path the application writes to (`/tmp`, caches).",
    references: &["https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"],
    aliases: &["CKV_K8S_22", "AVD-KSV-0014", "KSV014"],
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
    pod.known_containers()
        .iter()
        .filter(|c| c.flag("security_context.0.read_only_root_filesystem") == Truth::False)
        .map(|c| {
            Hit::at(
                c.path_of("security_context.0.read_only_root_filesystem"),
                format!(
                    "{} of `{}` has a writable root filesystem",
                    c.describe(),
                    r.address
                ),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(true),
        "make the root filesystem read-only",
        Applicability::Unsafe(
            "an application that writes outside mounted volumes (temp files, caches, pid files) fails until those \
paths get an emptyDir"
                .into(),
        ),
    ))
}
