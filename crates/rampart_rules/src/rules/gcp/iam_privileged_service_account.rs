//! GCP-IAM-005: a service account holds a basic or admin role on a project, folder or
//! organization.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-005",
    title: "Service account is granted Owner, Editor or an admin role at project, folder or organization level",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "A service account's credentials live in workloads, CI systems and sometimes key files; whoever \
compromises one of those inherits its roles. With `roles/owner`, `roles/editor` or any `*Admin` role on a project, \
folder or organization, one leaked token controls the whole scope. Members are recognised as service accounts when \
written `serviceAccount:...` or as a reference to a `google_service_account`'s `member`; a member assembled from an \
unknown interpolation is not reported.",
    remediation: "Grant the service account the narrow predefined roles its workload needs, on the resources it \
touches (IAM Recommender shows the permissions it used). Choosing the roles is a human decision, so Rampart proposes \
no automatic change.",
    references: &[
        "https://cloud.google.com/iam/docs/best-practices-service-accounts#restrict-admin-privileges",
        "https://cloud.google.com/iam/docs/roles-overview#basic",
    ],
    aliases: &[
        "AVD-GCP-0007",
        "google-iam-no-privileged-service-accounts",
        "CKV_GCP_42",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn privileged(role: &str) -> bool {
    matches!(role, "roles/owner" | "roles/editor") || role.to_ascii_lowercase().ends_with("admin")
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for grant in iam::grants(r) {
        let Some(role) = grant.role.as_deref().filter(|role| privileged(role)) else {
            continue;
        };
        for member in grant
            .members
            .iter()
            .filter(|m| m.is_service_account().is_true())
        {
            let who = member
                .text()
                .map_or_else(|| "a service account".to_string(), |t| format!("`{t}`"));
            hits.push(Hit::at(
                member.path.clone(),
                format!(
                    "`{}` grants `{role}` on the {} to {who}",
                    r.address,
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
        |g, m| g.role.as_deref().is_some_and(privileged) && m.is_service_account().is_true(),
        "workloads running as the service account lose the role; grant the narrower roles they need first",
    )
}
