//! GCP-IAM-001: a project, folder or organization role is granted to the public.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-001",
    title: "Project, folder or organization role is granted to allUsers or allAuthenticatedUsers",
    severity: Severity::Critical,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "A role granted at project, folder or organization level applies to every resource below it. Granted \
to `allUsers` it needs no sign-in at all; granted to `allAuthenticatedUsers` it is open to anyone with any Google \
account in the world. Even a viewer role then discloses the whole estate's configuration, and anything stronger \
hands it over. Grants in `_iam_member`, `_iam_binding` and `_iam_policy` (including `policy_data` from a \
`google_iam_policy` data source) are checked.",
    remediation: "Grant the role to named groups or service accounts instead, and enforce the \
`iam.allowedPolicyMemberDomains` (domain-restricted sharing) organization policy so such grants are refused. The \
machine fix removes the public members (or the whole `_iam_member`); a policy document is left to a human.",
    references: &[
        "https://cloud.google.com/iam/docs/overview#principals",
        "https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains",
    ],
    aliases: &[],
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
    iam::public_grant_hits(r, iam::scope_of(&r.kind))
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    iam::remove_public_members_fix(
        r,
        "anything that relied on anonymous access to the project loses it",
    )
}
