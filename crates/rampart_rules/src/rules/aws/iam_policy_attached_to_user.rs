//! AWS-IAM-004: permissions are granted to an IAM user directly instead of through a group
//! or role.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-004",
    title: "IAM policy is attached directly to a user",
    severity: Severity::Low,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &[
        "aws_iam_user_policy",
        "aws_iam_user_policy_attachment",
        "aws_iam_policy_attachment",
    ],
    rationale: "Permissions granted user by user drift apart: nobody can say who may do what without reading every \
user, people keep rights after changing jobs, and removing access means finding every attachment. Granting through \
groups (or, better, roles assumed through IAM Identity Center) keeps one place to review and revoke.",
    remediation: "Put the user in a group that carries the policy (`aws_iam_group_policy_attachment` plus \
`aws_iam_user_group_membership`), or move people to IAM Identity Center permission sets. Which group fits is a human \
decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#use-groups-for-permissions",
    ],
    aliases: &[
        "AVD-AWS-0143",
        "aws-iam-no-user-attached-policies",
        "CKV_AWS_40",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    match r.kind.as_str() {
        "aws_iam_policy_attachment" => match r.get("users") {
            // a list with entries names users even when the names are not known
            Some(Value::List(users)) if !users.is_empty() => vec![Hit::at(
                "users",
                format!(
                    "`{}` attaches a policy directly to {} user(s)",
                    r.address,
                    users.len()
                ),
            )],
            _ => Vec::new(),
        },
        _ => vec![Hit::at(
            "user",
            format!("`{}` grants permissions directly to a user", r.address),
        )],
    }
}
