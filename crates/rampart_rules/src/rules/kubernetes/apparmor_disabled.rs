//! K8S-019: a container runs without AppArmor confinement.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-019",
    title: "AppArmor profile of a container is disabled or overridden",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "On nodes with AppArmor the runtime's default profile denies writes to `/proc` and `/sys` knobs, \
mounts and raw access that container escapes rely on. Setting a container `unconfined` (or to a profile other than the \
runtime default or one loaded on the node) removes that layer.",
    remediation: "Remove `container.apparmor.security.beta.kubernetes.io/<container>: unconfined` (or set it to \
`runtime/default` or `localhost/<profile>`), and use `securityContext.appArmorProfile.type: RuntimeDefault` or \
`Localhost` on Kubernetes 1.30+.",
    references: &[
        "https://kubernetes.io/docs/tutorials/security/apparmor/",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    ],
    aliases: &["AVD-KSV-0002", "KSV002"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (key, value) in pod.annotations().into_iter().flatten() {
        let (Some(container), Some(profile)) =
            (key.strip_prefix(ANNOTATION_PREFIX), value.as_str())
        else {
            continue;
        };
        if profile != "runtime/default" && !profile.starts_with("localhost/") {
            hits.push(Hit::at(
                pod.annotation_path(key),
                format!(
                    "container `{container}` of `{}` runs with AppArmor profile `{profile}`",
                    r.address
                ),
            ));
        }
    }
    let unconfined = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("Unconfined"))
    };
    if unconfined(pod.get("security_context.0.app_armor_profile.0.type")) {
        hits.push(Hit::at(
            pod.path_of("security_context.0.app_armor_profile.0.type"),
            format!("`{}` sets AppArmor `Unconfined` for the pod", r.address),
        ));
    }
    for c in pod.known_containers() {
        if unconfined(c.get("security_context.0.app_armor_profile.0.type")) {
            hits.push(Hit::at(
                c.path_of("security_context.0.app_armor_profile.0.type"),
                format!(
                    "{} of `{}` sets AppArmor `Unconfined`",
                    c.describe(),
                    r.address
                ),
            ));
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.as_deref()?;
    // an annotation key holds dots, so it cannot be addressed as a path; a person edits it
    if !path.ends_with("app_armor_profile.0.type") {
        return None;
    }
    Some(set_attribute_fix(
        &r,
        path,
        Value::string("RuntimeDefault"),
        "apply the runtime's default AppArmor profile",
        Applicability::Unsafe(
            "software that needs access the default profile denies may fail".into(),
        ),
    ))
}
