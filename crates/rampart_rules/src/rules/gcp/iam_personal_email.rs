//! GCP-IAM-008: a role is granted to a personal (consumer) email account.
use crate::prelude::*;
use crate::views::gcp::iam::{self, HIERARCHY_GRANTS};

pub static RULE: Rule = Rule {
    id: "GCP-IAM-008",
    title: "Role is granted to a personal email account",
    severity: Severity::Low,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: HIERARCHY_GRANTS,
    rationale: "Consumer accounts (`gmail.com`, `hotmail.com`, `yahoo.com`, `outlook.com`…) are outside the \
organisation's identity controls: no enforced 2-step verification or SSO, no offboarding when the person leaves, and \
recovery through personal channels. A role granted to one at project, folder or organization level survives the \
person's departure.",
    remediation: "Grant roles to the person's corporate identity (Cloud Identity or Google Workspace), preferably \
through a group, and enforce domain-restricted sharing (`iam.allowedPolicyMemberDomains`). Replacing the member is a \
human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/architecture/identity/migrating-consumer-accounts",
        "https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains",
    ],
    aliases: &["AVD-GCP-0069", "google-iam-no-personal-emails"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const CONSUMER_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mail.com",
    "gmx.com",
    "protonmail.com",
    "proton.me",
    "yandex.com",
];

fn is_personal(member: &str) -> bool {
    let Some((kind, email)) = member.split_once(':') else {
        return false;
    };
    if !matches!(kind, "user" | "group") {
        return false;
    }
    let domain = email
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    // regional variants (`yahoo.co.uk`, `hotmail.fr`) share the provider's first label
    CONSUMER_DOMAINS.contains(&domain.as_str())
        || ["yahoo.", "hotmail.", "outlook.", "live.", "gmx."]
            .iter()
            .any(|p| domain.starts_with(p))
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for grant in iam::grants(r) {
        for member in &grant.members {
            if let Some(text) = member.text().filter(|t| is_personal(t)) {
                hits.push(Hit::at(
                    member.path.clone(),
                    format!(
                        "`{}` grants a role to the personal account `{text}`",
                        r.address
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
        |_, m| m.text().is_some_and(is_personal),
        "the personal account loses the role; grant it to an organization account or a group first",
    )
}

#[cfg(test)]
mod tests {
    use super::is_personal;

    #[test]
    fn consumer_domains_and_regional_variants() {
        assert!(is_personal("user:someone@gmail.com"));
        assert!(is_personal("user:someone@yahoo.co.uk"));
        assert!(!is_personal("user:employee@company.com"));
        assert!(!is_personal("serviceAccount:x@gmail.com"));
    }
}
