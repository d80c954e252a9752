//! AWS-SNS-003: a topic policy lets anyone publish or subscribe.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::iam::public_statement_labels;

pub static RULE: Rule = Rule {
    id: "AWS-SNS-003",
    title: "SNS topic policy grants access to any principal",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_sns_topic_policy", "aws_sns_topic"],
    rationale: "An `Allow` statement with `Principal: \"*\"` and no condition pinning the caller (`aws:SourceArn`, `aws:SourceAccount`, `aws:PrincipalOrgID`…) lets every AWS account publish forged messages to the topic's subscribers, or subscribe an endpoint of theirs and receive every message.",
    remediation: "Name the accounts, roles or services (`events.amazonaws.com` with an `aws:SourceArn` condition) in `Principal`, or add an `aws:SourceAccount` / `aws:PrincipalOrgID` condition. Who needs access is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html",
    ],
    aliases: &["CKV_AWS_169"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let open = public_statement_labels(&r, "policy");
    if open.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "policy",
        &format!("topic policy lets any principal in: {}", open.join(", ")),
    )
}
