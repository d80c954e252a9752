//! AWS-SM-003: a secret's resource policy lets any principal in.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::iam::public_statement_labels;

pub static RULE: Rule = Rule {
    id: "AWS-SM-003",
    title: "Secrets Manager secret policy grants access to any principal",
    severity: Severity::Critical,
    category: Category::Secrets,
    provider: Provider::Aws,
    kinds: &["aws_secretsmanager_secret", "aws_secretsmanager_secret_policy"],
    rationale: "An `Allow` statement in a secret's resource policy with `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or \
`NotPrincipal`) and no condition pinning the caller to fixed values (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, \
`aws:SourceVpce`… — wildcards, policy variables, negated operators, `...IfExists` and `ForAllValues:` do not count) \
lets every AWS account call `secretsmanager:GetSecretValue` on it, or rewrite its policy. \"Public\" is judged as the \
S3 documentation defines it, by the same engine as every other resource policy.",
    remediation: "Name the accounts or roles that need the secret in `Principal`, or add an `aws:PrincipalOrgID` or \
`aws:PrincipalAccount` condition with fixed values; `block_public_policy = true` on `aws_secretsmanager_secret_policy` \
makes Secrets Manager refuse such a policy. Who needs the secret is a human decision, so Rampart proposes no automatic \
change.",
    references: &[
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_resource-policies.html",
        "https://docs.aws.amazon.com/secretsmanager/latest/userguide/determine-acccess_examine-iam-policies.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let open = public_statement_labels(&r, "policy");
    if open.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "policy",
        &format!("secret policy lets any principal in: {}", open.join(", ")),
    )
}
