//! GCP-GKE-011: Cloud Logging or Cloud Monitoring for Kubernetes is off.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-011",
    title: "GKE cluster does not send logs or metrics to Cloud Operations for GKE",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "`logging_service` / `monitoring_service` set to `none` switch off container, system and audit-adjacent \
logs or metrics; the legacy values `logging.googleapis.com` and `monitoring.googleapis.com` select the decommissioned \
legacy integration, which no longer collects Kubernetes data. Either way an incident in the cluster leaves no \
record. The defaults (`…/kubernetes`) are fine.",
    remediation: "Set `logging_service = \"logging.googleapis.com/kubernetes\"` and `monitoring_service = \
\"monitoring.googleapis.com/kubernetes\"` (or remove the attributes).",
    references: &["https://cloud.google.com/kubernetes-engine/docs/concepts/observability"],
    aliases: &[
        "AVD-GCP-0060",
        "google-gke-enable-stackdriver-logging",
        "AVD-GCP-0052",
        "google-gke-enable-stackdriver-monitoring",
        "CKV_GCP_1",
        "CKV_GCP_8",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

const SERVICES: &[(&str, &str)] = &[
    ("logging_service", "logging.googleapis.com/kubernetes"),
    ("monitoring_service", "monitoring.googleapis.com/kubernetes"),
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    SERVICES
        .iter()
        .filter_map(|(attr, good)| {
            let value = r.str(attr)?;
            (value != *good)
                .then(|| Hit::at(*attr, format!("`{}` sets {attr} to `{value}`", r.address)))
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let attr = hit.attribute.as_deref()?;
    let (_, good) = SERVICES.iter().find(|(a, _)| *a == attr)?;
    Some(set_attribute_fix(
        &r,
        attr,
        Value::string(*good),
        "use Cloud Operations for GKE",
        Applicability::Safe,
    ))
}
