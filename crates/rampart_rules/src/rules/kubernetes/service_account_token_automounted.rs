//! K8S-016: pods get an API token mounted whether they need one or not.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS, service_account};

pub static RULE: Rule = Rule {
    id: "K8S-016",
    title: "Service account token is mounted automatically",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Unless the pod or its service account sets `automountServiceAccountToken: false`, every container gets \
a Kubernetes API token at `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call the API; for \
them the token is only a credential an intruder can use to explore the cluster and act with the service account's \
RBAC rights.",
    remediation: "Set `automountServiceAccountToken: false` in the pod spec (Terraform: \
`automount_service_account_token = false`) or on its ServiceAccount; pods that do call the API keep it and get a \
dedicated service account with minimal rights.",
    references: &[
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting",
    ],
    aliases: &["CKV_K8S_38", "CKV_K8S_50", "AVD-KSV-0036", "KSV036"],
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
    let path = pod.path_of("automount_service_account_token");
    match pod.get("automount_service_account_token") {
        Some(v) if !v.is_null() => {
            if v.truth().is_true() {
                vec![Hit::at(
                    path,
                    format!("`{}` mounts its service account token", r.address),
                )]
            } else {
                Vec::new()
            }
        }
        // not set on the pod: the service account decides
        _ => {
            let account = service_account(&r, &pod).map(|sa| {
                match sa.get("automount_service_account_token") {
                    None | Some(Value::Null) => Truth::True,
                    Some(v) => v.truth(),
                }
            });
            match account {
                Some(Truth::False) | Some(Truth::Unknown) => Vec::new(),
                _ => vec![Hit::at(
                    path,
                    format!(
                        "`{}` does not set `automountServiceAccountToken: false`; its service account token is mounted",
                        r.address
                    ),
                )],
            }
        }
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(false),
        "do not mount the service account token",
        Applicability::Unsafe(
            "a workload that calls the Kubernetes API loses its credentials".into(),
        ),
    ))
}
