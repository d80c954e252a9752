//! GCP-GKE-010: a GKE cluster issues a client certificate or accepts basic authentication.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-010",
    title: "GKE cluster uses legacy client certificate or basic authentication",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "`master_auth.client_certificate_config.issue_client_certificate = true` creates a cluster-admin \
client certificate that cannot be revoked short of rotating the cluster's credentials, and a `master_auth` \
`username`/`password` enables static basic authentication. Whoever obtains either (from the Terraform state, where \
both are stored) is cluster administrator with no IAM audit trail.",
    remediation: "Set `issue_client_certificate = false` and remove `username`/`password`; authenticate with IAM \
through `gke-gcloud-auth-plugin`. Changing the certificate setting recreates the cluster.",
    references: &[
        "https://cloud.google.com/kubernetes-engine/docs/how-to/api-server-authentication#legacy-auth",
    ],
    aliases: &[
        "AVD-GCP-0064",
        "google-gke-no-legacy-authentication",
        "CKV_GCP_13",
        "CKV_GCP_19",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const CERT: &str = "master_auth.0.client_certificate_config.0.issue_client_certificate";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    if flag(&r, CERT, false).is_true() {
        hits.push(Hit::at(
            CERT,
            format!("`{}` issues a cluster-admin client certificate", r.address),
        ));
    }
    let basic = match r.get("master_auth.0.username") {
        Some(Value::String(s)) => !s.is_empty(),
        _ => false,
    };
    if basic {
        hits.push(Hit::at(
            "master_auth.0.username",
            format!("`{}` enables basic authentication", r.address),
        ));
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    if hit.attribute.as_deref() != Some(CERT) {
        return None;
    }
    Some(set_attribute_fix(
        &r,
        CERT,
        Value::Bool(false),
        "stop issuing a client certificate",
        Applicability::Unsafe(
            "the cluster is recreated, and tools that use the certificate lose access".into(),
        ),
    ))
}
