//! AWS-IAM-016: a principal may mint credentials or tokens, on every resource.
use crate::prelude::*;
use crate::views::permissions::risk_hits;
use rampart_iam::escalation::CREDENTIALS_EXPOSURE;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-016",
    title: "IAM principal can create or read credentials on every resource",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_policy"],
    rationale: "Actions that create or return credentials — `iam:CreateAccessKey`, `iam:CreateLoginProfile`, \
`sts:GetFederationToken`, `sts:AssumeRole`, `ecr:GetAuthorizationToken`, `redshift:GetClusterCredentials`… (the list \
is `rampart_iam::escalation::CREDENTIALS_EXPOSURE`) — allowed on `*` let the principal hand out access that outlives \
its session and that nobody reviews. Some of them AWS authorizes only on `*` (`ecr:GetAuthorizationToken`): the \
finding then says the principal holds a token mint, which is worth knowing even when it is needed. The check decides \
the principal's inline and attached policies together with AWS's evaluation logic: an Allow cancelled by a Deny or \
outside the permissions boundary is not reported, nor a grant scoped to named resources. Full administrator access is \
AWS-IAM-001's finding.",
    remediation: "Remove the actions, or scope `iam:*` credential actions to `arn:aws:iam::ACCOUNT:user/${aws:username}` \
and `sts:AssumeRole` to the roles the principal needs. Which credentials a principal may mint is a human decision, so \
Rampart proposes no automatic change.",
    references: &[
        "https://github.com/salesforce/cloudsplaining",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    risk_hits(&r, &CREDENTIALS_EXPOSURE, "can create or read credentials")
}
