//! K8S-018: a container runs without a seccomp profile.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-018",
    title: "Container runs without the RuntimeDefault or a Localhost seccomp profile",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Kubernetes runs containers `Unconfined` unless a seccomp profile is set: every one of the kernel's \
several hundred system calls is reachable, including the rarely used ones behind most container escapes. The \
runtime's default profile blocks them at no cost to ordinary applications.",
    remediation: "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (Terraform: `security_context { \
seccomp_profile { type = \"RuntimeDefault\" } }`), or `Localhost` with a tailored profile; never `Unconfined`.",
    references: &[
        "https://kubernetes.io/docs/tutorials/security/seccomp/",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted",
    ],
    aliases: &[
        "CKV_K8S_31",
        "AVD-KSV-0030",
        "KSV030",
        "AVD-KSV-0104",
        "KSV104",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

/// What a profile setting says: confined, not confined, or not known.
fn confined(value: Option<&Value>) -> Option<Truth> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) => Some(Truth::from_bool(
            t.eq_ignore_ascii_case("RuntimeDefault") || t.eq_ignore_ascii_case("Localhost"),
        )),
        Some(_) => Some(Truth::Unknown),
    }
}

/// The deprecated annotations (`runtime/default`, `docker/default`, `localhost/<profile>`).
fn annotation_confined(value: Option<&Value>) -> Option<Truth> {
    let value = value.and_then(Value::as_str)?;
    Some(Truth::from_bool(
        value == "runtime/default" || value == "docker/default" || value.starts_with("localhost/"),
    ))
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let annotations = pod.annotations();
    let pod_setting =
        confined(pod.get("security_context.0.seccomp_profile.0.type")).or_else(|| {
            annotation_confined(
                annotations.and_then(|a| a.get("seccomp.security.alpha.kubernetes.io/pod")),
            )
        });
    let mut hits = Vec::new();
    let mut pod_level_needed = false;
    for c in pod.known_containers() {
        let own = confined(c.get("security_context.0.seccomp_profile.0.type")).or_else(|| {
            annotation_confined(annotations.and_then(|a| {
                a.get(&format!(
                    "container.seccomp.security.alpha.kubernetes.io/{}",
                    c.name()
                ))
            }))
        });
        match own {
            Some(Truth::False) => hits.push(Hit::at(
                c.path_of("security_context.0.seccomp_profile.0.type"),
                format!(
                    "{} of `{}` runs with seccomp `Unconfined`",
                    c.describe(),
                    r.address
                ),
            )),
            Some(_) => {}
            None => pod_level_needed |= pod_setting.is_none() || pod_setting == Some(Truth::False),
        }
    }
    if pod_level_needed {
        hits.push(Hit::at(
            pod.path_of("security_context.0.seccomp_profile.0.type"),
            format!("`{}` sets no RuntimeDefault or Localhost seccomp profile; its containers run unconfined", r.address),
        ));
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::string("RuntimeDefault"),
        "apply the runtime's default seccomp profile",
        Applicability::Unsafe(
            "software that uses unusual system calls (debuggers, some JVM and tracing agents) may be refused".into(),
        ),
    ))
}
