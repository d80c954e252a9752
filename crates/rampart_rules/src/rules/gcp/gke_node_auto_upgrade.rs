//! GCP-GKE-007: GKE node pool turns automatic node upgrade off.
use crate::prelude::*;
use crate::views::gcp::gke;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-007",
    title: "GKE node pool turns automatic node upgrade off",
    severity: Severity::Low,
    category: Category::Availability,
    provider: Provider::Gcp,
    kinds: gke::KINDS,
    rationale: "Auto-upgrade keeps node versions in step with the control plane and brings kubelet, container runtime and OS security patches. With `management.auto_upgrade = false`, nodes drift onto versions with known vulnerabilities. It is on by default and required by release channels.",
    remediation: "Set `management { auto_upgrade = true }` on the node pool (or remove the override).",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-upgrade"],
    aliases: &[
        "AVD-GCP-0058",
        "google-gke-enable-auto-upgrade",
        "CKV_GCP_10",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    gke::management_off_hits(r, "auto_upgrade", "auto-upgrade")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    gke::management_on_fix(r, hit, "turn automatic node upgrade on", Applicability::Unsafe("nodes are upgraded in place on GKE's schedule, which drains and restarts pods; set a maintenance window".into()))
}
