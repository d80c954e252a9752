//! AWS-IAM-015: a principal may change who can reach resources, on every resource.
use crate::prelude::*;
use crate::views::permissions::risk_hits;
use rampart_iam::escalation::RESOURCE_EXPOSURE;

pub static RULE: Rule = Rule {
    id: "AWS-IAM-015",
    title: "IAM principal can rewrite resource policies or sharing on every resource",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_policy"],
    rationale: "Actions that change a resource's policy, ACL or sharing — `s3:PutBucketPolicy`, `sns:AddPermission`, \
`lambda:AddPermission`, `ecr:SetRepositoryPolicy`, `kms:PutKeyPolicy`, `ec2:ModifySnapshotAttribute`… (the list is \
`rampart_iam::escalation::RESOURCE_EXPOSURE`) — allowed on `*` let the principal open any bucket, topic, function, \
key or snapshot of the account to another account or to the public. The check decides the principal's inline and \
attached policies together with AWS's evaluation logic: an Allow cancelled by a Deny or outside the permissions \
boundary is not reported, nor a grant scoped to named resources. Full administrator access is AWS-IAM-001's finding.",
    remediation: "Keep permissions-management actions for the pipeline or administrators that own the resources, \
scoped to their ARNs, or deny them in a permissions boundary. Who manages access is a human decision, so Rampart \
proposes no automatic change.",
    references: &[
        "https://github.com/salesforce/cloudsplaining",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    risk_hits(&r, &RESOURCE_EXPOSURE, "can change who reaches resources")
}
