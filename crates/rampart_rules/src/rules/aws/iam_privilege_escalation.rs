//! AWS-IAM-013: a principal's effective permissions open a known privilege-escalation method.
use crate::prelude::*;
use crate::views::permissions::escalation_hits;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-013",
    title: "IAM principal can escalate its own privileges",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_policy"],
    rationale: "Some combinations of permissions let a principal give itself more: writing a new version of its own \
policy (`iam:CreatePolicyVersion`), attaching or putting a policy, rewriting a role's trust policy, creating keys or \
passwords for another user, or passing a more privileged role to new compute (`iam:PassRole` with \
`ec2:RunInstances`, `lambda:CreateFunction`, `glue:CreateDevEndpoint`, `cloudformation:CreateStack`…). Whoever \
compromises such a principal becomes an administrator. The check knows the methods published by Rhino Security Labs, \
Bishop Fox, pathfinding.cloud, PMapper and Cloudsplaining (the table is `rampart_iam::escalation::METHODS`, each \
method with every action it needs) and reports a method when *every* action is effectively allowed on every resource: \
the role's, user's or group's inline and attached policies of the module are decided together with AWS's evaluation \
logic, so an Allow cancelled by a Deny or outside the permissions boundary is not reported. A condition on an Allow \
(region, MFA, tag) does not stop a method once it holds; a Deny with a condition does not close it. Grants scoped to \
named resources are not reported. A policy attached to a principal of the module is judged on the principal; full \
administrator access (`*` on `*`) is AWS-IAM-001's finding. A part of a policy that is not known statically leaves \
the check undecided when the answer turns on it.",
    remediation: "Remove the actions the finding names from the principal's policies, scope them to the resources the \
principal needs (`iam:PassRole` to one role, with an `iam:PassedToService` condition), or add a permissions boundary \
that excludes them. Which permissions the principal really needs is a human decision, so Rampart proposes no automatic \
change.",
    references: &[
        "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
        "https://pathfinding.cloud/",
        "https://github.com/salesforce/cloudsplaining",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    escalation_hits(&r)
}
