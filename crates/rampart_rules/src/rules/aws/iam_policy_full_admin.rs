//! AWS-IAM-001: a policy, or an attachment of `AdministratorAccess`, grants every action on
//! every resource.
use crate::prelude::*;
use crate::views::iam::{group_by_path, identity_policies};

pub static RULE: Rule = Rule {
    id: "AWS-IAM-001",
    title: "IAM policy grants full administrator access (`*` actions on `*` resources)",
    severity: Severity::Critical,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &[
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_iam_user_policy",
        "aws_iam_group_policy",
        "aws_iam_role",
        "aws_iam_policy_document",
        "aws_iam_role_policy_attachment",
        "aws_iam_user_policy_attachment",
        "aws_iam_group_policy_attachment",
        "aws_iam_policy_attachment",
    ],
    rationale: "A statement that allows `*` on `*` gives whoever holds it every permission in the account: reading \
every secret and data store, deleting backups, creating new administrators and turning off CloudTrail. One leaked \
credential or one compromised workload with this policy is a full account takeover. Attaching the AWS-managed \
`AdministratorAccess` policy does the same.",
    remediation: "Replace the statement with the actions and resources the principal really uses (IAM Access Analyzer \
can generate a policy from CloudTrail activity). Keep full administrator access for a small break-glass role that \
requires MFA, not for workloads or everyday users. The right permissions depend on what the principal does, so \
Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-policy-generation.html",
    ],
    aliases: &["CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_274"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const ADMIN_POLICY_SUFFIX: &str = ":iam::aws:policy/AdministratorAccess";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if r.kind != "aws_iam_policy_document" && !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = admin_attachments(&r);
    let mut problems = Vec::new();
    for doc in identity_policies(&r) {
        for s in doc.statements() {
            if s.is_allow() && s.allows_every_action().and_then(|| s.on_every_resource()).is_true() {
                problems.push((
                    s.path.clone(),
                    format!("{} allows every action on every resource", s.label()),
                ));
            }
        }
    }
    hits.extend(group_by_path(problems).into_iter().map(|(path, why)| {
        Hit::at(
            path,
            format!("`{}` grants full administrator access: {why}", r.address),
        )
    }));
    hits
}

/// `policy_arn` / `managed_policy_arns` naming the AWS-managed AdministratorAccess policy.
fn admin_attachments(r: &ResourceRef<'_>) -> Vec<Hit> {
    ["policy_arn", "managed_policy_arns"]
        .into_iter()
        .filter(|path| {
            r.get(path).is_some_and(|v| {
                v.items()
                    .iter()
                    .any(|a| a.as_str().is_some_and(|s| s.ends_with(ADMIN_POLICY_SUFFIX)))
            })
        })
        .map(|path| {
            Hit::at(
                path,
                format!(
                    "`{}` attaches the AWS-managed `AdministratorAccess` policy",
                    r.address
                ),
            )
        })
        .collect()
}
