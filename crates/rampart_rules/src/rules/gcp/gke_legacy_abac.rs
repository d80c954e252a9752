//! GCP-GKE-001: a GKE cluster has legacy ABAC authorization enabled.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-001",
    title: "GKE cluster has legacy ABAC authorization enabled",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "Legacy Attribute-Based Access Control grants broad, statically configured permissions that Kubernetes \
RBAC cannot narrow: with it enabled, service accounts and users get access that RBAC policies appear to deny, and a \
compromised pod can often read secrets cluster-wide. `enable_legacy_abac` defaults to `false`.",
    remediation: "Set `enable_legacy_abac = false` after granting the access workloads need through RBAC Roles and \
RoleBindings.",
    references: &[
        "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled_default_for_110",
    ],
    aliases: &[
        "AVD-GCP-0062",
        "google-gke-use-rbac-permissions",
        "CKV_GCP_7",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "enable_legacy_abac", false).is_true() {
        vec![Hit::at(
            "enable_legacy_abac",
            format!("`{}` authorizes requests with legacy ABAC", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "enable_legacy_abac",
        Value::Bool(false),
        "disable legacy ABAC",
        Applicability::Unsafe(
            "workloads that rely on ABAC grants lose them; give them RBAC bindings first".into(),
        ),
    ))
}
