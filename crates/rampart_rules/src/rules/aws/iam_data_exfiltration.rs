//! AWS-IAM-014: a principal may read data stores, secrets or keys on every resource.
use crate::prelude::*;
use crate::views::permissions::risk_hits;
use rampart_iam::escalation::DATA_EXFILTRATION;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-014",
    title: "IAM principal can read data, secrets or keys on every resource",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_policy"],
    rationale: "Actions that read content — `s3:GetObject`, `secretsmanager:GetSecretValue`, \
`ssm:GetParameter(s)`, `kms:Decrypt`, `dynamodb:Scan`… (the list is `rampart_iam::escalation::DATA_EXFILTRATION`) — \
allowed on `*` reach every bucket, secret, parameter and key of the account, not only the workload's own. A \
compromise of the principal then copies everything out. The check decides the principal's inline and attached \
policies together with AWS's evaluation logic: an Allow cancelled by a Deny or outside the permissions boundary is not \
reported, nor a grant scoped to named resources. Full administrator access is AWS-IAM-001's finding.",
    remediation: "Scope the actions to the ARNs the principal works on (`arn:aws:s3:::my-bucket/*`, one secret's ARN) \
or remove them. Which data the principal needs is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://github.com/salesforce/cloudsplaining",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    risk_hits(&r, &DATA_EXFILTRATION, "can read data, secrets or keys")
}
