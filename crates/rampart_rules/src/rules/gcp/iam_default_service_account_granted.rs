//! GCP-IAM-004: a role is granted to a default service account.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-004",
    title: "Role is granted to a default service account at project, folder or organization level",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "The Compute Engine (`<number>-compute@developer.gserviceaccount.com`) and App Engine \
(`<project>@appspot.gserviceaccount.com`) default service accounts are attached automatically to VMs, GKE nodes, \
Cloud Functions and App Engine apps unless another account is chosen. Roles granted to them are therefore held by \
every such workload, and by anyone who can deploy one. Members written as these emails or as references to the \
`google_compute_default_service_account` / `google_app_engine_default_service_account` data sources are reported.",
    remediation: "Create a dedicated `google_service_account` per workload, grant it only the roles it needs, attach \
it explicitly, and remove grants to default accounts (the `iam.automaticIamGrantsForDefaultServiceAccounts` \
organization policy stops the automatic Editor grant). Rampart proposes no automatic change because workloads \
running as the default account would lose the role.",
    references: &[
        "https://cloud.google.com/iam/docs/service-account-types#default",
        "https://cloud.google.com/resource-manager/docs/organization-policy/restricting-service-accounts#disable_service_account_default_grants",
    ],
    aliases: &[
        "AVD-GCP-0006",
        "google-iam-no-project-level-default-service-account-assignment",
        "AVD-GCP-0004",
        "google-iam-no-folder-level-default-service-account-assignment",
        "AVD-GCP-0008",
        "google-iam-no-org-level-default-service-account-assignment",
        "CKV_GCP_46",
        "CKV_GCP_47",
        "CKV_GCP_48",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for grant in iam::grants(r) {
        for member in grant
            .members
            .iter()
            .filter(|m| m.is_default_service_account().is_true())
        {
            let who = member.text().map_or_else(
                || "a default service account".to_string(),
                |t| format!("`{t}`"),
            );
            hits.push(Hit::at(
                member.path.clone(),
                format!(
                    "`{}` grants `{}` on the {} to {who}",
                    r.address,
                    grant
                        .role
                        .as_deref()
                        .unwrap_or("(a role not known statically)"),
                    iam::scope_of(&r.kind)
                ),
            ));
        }
    }
    hits.dedup_by(|a, b| a.attribute == b.attribute && a.message == b.message);
    hits
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    iam::remove_members_fix(
        r,
        |_, m| m.is_default_service_account().is_true(),
        "workloads running as the default service account lose the role; give them a dedicated service account with the roles they need first",
    )
}
