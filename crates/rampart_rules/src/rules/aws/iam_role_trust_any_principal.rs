//! AWS-IAM-003: a role's trust policy lets any AWS principal assume it.
use crate::prelude::*;
use crate::views::iam::{Document, Statement, group_by_path, policy_at, policy_document_data};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-003",
    title: "IAM role trust policy lets any AWS principal assume the role",
    severity: Severity::Critical,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_role", "aws_iam_policy_document"],
    rationale: "A trust policy with `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or `Allow` with `NotPrincipal`) and no \
condition that pins the caller lets anyone with an AWS account — any account in the world — call `sts:AssumeRole` on \
the role and act with its permissions. Role ARNs are not secret: they appear in logs, error messages and public code.",
    remediation: "Name the principals that may assume the role (an account root, a role ARN, a service principal), or \
keep the wildcard only together with a condition on `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`, \
`aws:SourceAccount` or `aws:SourceArn` with fixed values. Note that `sts:ExternalId` alone does not restrict who the \
caller is. Who should be trusted is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    ],
    aliases: &["CKV_AWS_60"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const ASSUME_ACTIONS: &[&str] = &[
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let doc: Document = match r.kind.as_str() {
        "aws_iam_policy_document" => policy_document_data(&r),
        _ if is_managed(&r) => policy_at(&r, "assume_role_policy"),
        _ => return Vec::new(),
    };
    let problems = doc
        .statements()
        .iter()
        .filter(|s| lets_anyone_assume(s))
        .map(|s| {
            (
                s.path.clone(),
                format!(
                    "{} allows `sts:AssumeRole` to any principal with no narrowing condition",
                    s.label()
                ),
            )
        })
        .collect();
    group_by_path(problems)
        .into_iter()
        .map(|(path, why)| {
            Hit::at(
                path,
                format!("`{}` can be assumed by anyone: {why}", r.address),
            )
        })
        .collect()
}

fn lets_anyone_assume(s: &Statement) -> bool {
    let assumes = ASSUME_ACTIONS
        .iter()
        .map(|a| s.covers_action(a))
        .fold(Truth::False, Truth::or);
    assumes.and(s.allows_anyone()).is_true()
}
