//! GCP-IAM-010: a role is granted directly to a user rather than a group.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-010",
    title: "Role is granted directly to a user instead of a group",
    severity: Severity::Low,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "Roles granted to individual `user:` members at project, folder or organization level scatter access \
across many policies: nobody can answer who holds a role, and leavers keep access wherever offboarding misses a \
grant. Granting roles to groups keeps access reviewable in one place.",
    remediation: "Create a Google group for the job function, grant the role to `group:...`, and manage membership \
in the group. Which group to use is a human decision, so Rampart proposes no automatic change.",
    references: &["https://cloud.google.com/iam/docs/using-iam-securely#policy_management"],
    aliases: &["AVD-GCP-0003", "google-iam-no-user-granted-permissions"],
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
        for member in grant.members.iter().filter(|m| m.is_type("user").is_true()) {
            hits.push(Hit::at(
                member.path.clone(),
                format!(
                    "`{}` grants `{}` directly to `{}`",
                    r.address,
                    grant
                        .role
                        .as_deref()
                        .unwrap_or("(a role not known statically)"),
                    member.text().unwrap_or_default()
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
        |_, m| m.is_type("user").is_true(),
        "the user loses the role; grant it to a group the user belongs to first",
    )
}
