//! GCP-IAM-003: Service Account User or Token Creator is granted on a whole project, folder or
//! organization.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-003",
    title: "Service Account User or Token Creator is granted at project, folder or organization level",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "`roles/iam.serviceAccountUser` lets its holder attach and act as a service account; \
`roles/iam.serviceAccountTokenCreator` lets it mint access and ID tokens for one. Granted at project, folder or \
organization level they apply to *every* service account in scope, including highly privileged ones, so any holder \
can escalate to the strongest account there. The grant itself is reported, whoever the members are.",
    remediation: "Grant these roles on the individual `google_service_account` (with \
`google_service_account_iam_member`) that the principal must use, never on the project, folder or organization. \
Which accounts each principal needs is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/iam/docs/service-account-permissions",
        "https://cloud.google.com/iam/docs/best-practices-service-accounts#project-folder-grants",
    ],
    aliases: &[
        "AVD-GCP-0011",
        "google-iam-no-project-level-service-account-impersonation",
        "AVD-GCP-0005",
        "google-iam-no-folder-level-service-account-impersonation",
        "AVD-GCP-0009",
        "google-iam-no-org-level-service-account-impersonation",
        "CKV_GCP_41",
        "CKV_GCP_49",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const IMPERSONATION: &[&str] = &[
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    iam::grants(r)
        .iter()
        .filter(|g| g.role_is(IMPERSONATION).is_true())
        .map(|g| {
            Hit::at(
                g.role_path.clone(),
                format!(
                    "`{}` grants `{}` on the whole {}",
                    r.address,
                    g.role.as_deref().unwrap_or_default(),
                    iam::scope_of(&r.kind)
                ),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    iam::remove_members_fix(
        r,
        |g, _| g.role_is(IMPERSONATION).is_true(),
        "the member can no longer act as the project's service accounts; grant the role on the one service account it needs first",
    )
}
