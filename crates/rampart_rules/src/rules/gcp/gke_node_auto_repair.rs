//! GCP-GKE-006: GKE node pool turns automatic node repair off.
use crate::prelude::*;
use crate::views::gcp::gke;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-006",
    title: "GKE node pool turns automatic node repair off",
    severity: Severity::Low,
    category: Category::Availability,
    provider: Provider::Gcp,
    kinds: gke::KINDS,
    rationale: "Auto-repair recreates nodes that fail health checks. With `management.auto_repair = false`, a node that is broken — or deliberately wedged by an attacker — keeps running degraded and unpatched until someone notices. It is on by default.",
    remediation: "Set `management { auto_repair = true }` on the node pool (or remove the override).",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-repair"],
    aliases: &["AVD-GCP-0063", "google-gke-enable-auto-repair", "CKV_GCP_9"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    gke::management_off_hits(r, "auto_repair", "auto-repair")
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    gke::management_on_fix(r, hit, "turn automatic node repair on", Applicability::Safe)
}
