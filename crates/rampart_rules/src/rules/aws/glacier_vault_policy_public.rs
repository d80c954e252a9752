//! AWS-GLACIER-001: a vault access policy lets any principal in.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::iam::public_statement_labels;

pub static RULE: Rule = Rule {
    id: "AWS-GLACIER-001",
    title: "S3 Glacier vault access policy grants access to any principal",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_glacier_vault"],
    rationale: "Glacier vaults hold archives kept for years — backups, records kept for compliance. An `Allow` \
statement in `access_policy` with `Principal: \"*\"` and no condition pinning the caller (`aws:PrincipalOrgID`, \
`aws:SourceAccount`…) lets every AWS account start retrieval jobs and download the archives, or with \
`glacier:DeleteArchive` destroy them.",
    remediation: "Name the accounts or roles that need access in `Principal` (or add an `aws:PrincipalOrgID` \
condition) and grant only the actions they need; protect retention with an `aws_glacier_vault_lock` that denies \
deletion. Who needs access is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/amazonglacier/latest/dev/vault-access-policy.html",
        "https://docs.aws.amazon.com/amazonglacier/latest/dev/access-control-overview.html",
    ],
    aliases: &["CKV_AWS_167"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let open = public_statement_labels(&r, "access_policy");
    if open.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "access_policy",
        &format!("vault access policy lets any principal in: {}", open.join(", ")),
    )
}
