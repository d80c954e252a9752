//! GCP-IAM-002: a basic role (Owner, Editor) is granted to people at project, folder or
//! organization level.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-002",
    title: "Basic role Owner or Editor is granted at project, folder or organization level",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "`roles/owner` and `roles/editor` are the legacy basic roles: thousands of permissions across every \
service, including reading secrets and data and, for Owner, changing IAM itself. Granted at project, folder or \
organization level to a user, group or domain, one phished account becomes control of the whole scope. Grants to \
service accounts are reported by GCP-IAM-005 instead; members that are not known statically are not reported.",
    remediation: "Replace the basic role with predefined roles for the services the principals really use (IAM \
Recommender lists the permissions they exercised), granted to groups. Keep Owner for a break-glass group. Choosing \
the roles is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/iam/docs/roles-overview#basic",
        "https://cloud.google.com/iam/docs/using-iam-securely",
    ],
    aliases: &["CKV_GCP_117", "CKV_GCP_115", "CKV_GCP_116"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const BASIC: &[&str] = &["roles/owner", "roles/editor"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for grant in iam::grants(r).iter().filter(|g| g.role_is(BASIC).is_true()) {
        for member in &grant.members {
            if member
                .is_service_account()
                .or(member.is_public())
                .is_false()
            {
                hits.push(Hit::at(
                    member.path.clone(),
                    format!(
                        "`{}` grants the basic role `{}` on the {} to `{}`",
                        r.address,
                        grant.role.as_deref().unwrap_or_default(),
                        iam::scope_of(&r.kind),
                        member.text().unwrap_or_default()
                    ),
                ));
            }
        }
    }
    hits.dedup_by(|a, b| a.attribute == b.attribute && a.message == b.message);
    hits
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    iam::remove_members_fix(
        r,
        |g, m| g.role_is(BASIC).is_true() && m.is_service_account().or(m.is_public()).is_false(),
        "the member loses every permission the basic role gave; grant the predefined roles it needs first",
    )
}
