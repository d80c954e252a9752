//! AWS-SQS-002: a queue policy grants access to anyone or grants every action.
use crate::prelude::*;
use crate::views::iam::{Statement, policy_at};

pub static RULE: Rule = Rule {
    id: "AWS-SQS-002",
    title: "SQS queue policy grants access to anyone or allows every queue action",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_sqs_queue_policy", "aws_sqs_queue"],
    rationale: "An `Allow` statement with `Principal: \"*\"` and no condition pinning the caller (`aws:SourceArn`, \
`aws:SourceAccount`, `aws:SourceVpce`, `aws:PrincipalOrgID`…) lets anyone with an AWS account send, read or delete \
messages: injecting forged work items, reading payloads or draining the queue. `sqs:*` or `*` grants every queue \
action, including changing the policy and purging, to whoever the statement names. A `Principal: \"*\"` statement that \
allows only `sqs:SendMessage` is reported too (Trivy's AVD-AWS-0097 treats it as fine; anyone can still inject \
messages).",
    remediation: "Name the principals (a service such as `sns.amazonaws.com` with an `aws:SourceArn` condition, or \
account/role ARNs) and list the actions they need (`sqs:SendMessage`, `sqs:ReceiveMessage`, `sqs:DeleteMessage`). Who \
needs access is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html",
        "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html",
    ],
    aliases: &[
        "AVD-AWS-0097",
        "aws-sqs-no-wildcards-in-policy-documents",
        "CKV_AWS_72",
        "CKV_AWS_168",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn problem(s: &Statement) -> Option<String> {
    if !s.is_allow() {
        return None;
    }
    let every_action = s
        .action
        .as_ref()
        .map_or(Truth::False, |a| a.contains("*").or(a.contains("sqs:*")));
    match (s.allows_anyone().is_true(), every_action.is_true()) {
        (true, true) => Some(format!("{} allows every action to anyone", s.label())),
        (true, false) => Some(format!(
            "{} allows anyone, with no narrowing condition",
            s.label()
        )),
        (false, true) => Some(format!("{} allows every queue action", s.label())),
        (false, false) => None,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let problems: Vec<String> = policy_at(&r, "policy")
        .statements()
        .iter()
        .filter_map(problem)
        .collect();
    if problems.is_empty() {
        Vec::new()
    } else {
        vec![Hit::at(
            "policy",
            format!("`{}` queue policy: {}", r.address, problems.join("; ")),
        )]
    }
}
