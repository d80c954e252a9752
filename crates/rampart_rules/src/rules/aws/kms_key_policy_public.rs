//! AWS-KMS-002: a key policy lets any principal use or manage the key.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::iam::{Statement, policy_at};
use rampart_iam::condition::{Operator, SetOperator};

pub static RULE: Rule = Rule {
    id: "AWS-KMS-002",
    title: "KMS key policy grants access to any principal",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_kms_key", "aws_kms_key_policy"],
    rationale: "A key policy is the primary control over a KMS key: an `Allow` statement with `Principal: \"*\"` \
(or `{\"AWS\": \"*\"}`) and no condition pinning the caller lets every AWS account decrypt what the key protects, \
or — with `kms:*`, `kms:PutKeyPolicy` or `kms:ScheduleKeyDeletion` — take the key over or destroy it and with it \
the data. Statements narrowed to fixed callers (`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:SourceAccount`…, \
or `kms:CallerAccount`, the pattern of AWS's own service keys) are not reported.",
    remediation: "Name the account root, roles or services that need the key in `Principal`, or add a \
`kms:CallerAccount` or `aws:PrincipalOrgID` condition, and keep administration and use in separate statements. Who \
needs the key is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account",
    ],
    aliases: &["CKV_AWS_33"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// `kms:CallerAccount` equal to fixed accounts limits a statement to callers from those
/// accounts, as AWS's own service keys do (`Principal: {"AWS": "*"}` with this condition).
/// Whether the values are fixed is the engine's judgement, as for every narrowing key.
fn limited_to_caller_accounts(s: &Statement) -> Truth {
    s.conditions
        .iter()
        .filter(|c| c.key.eq_ignore_ascii_case("kms:CallerAccount"))
        .filter_map(|c| match c.operator_parts() {
            Some((None | Some(SetOperator::ForAnyValue), Operator::StringEquals, false)) => {
                Some(c.fixed_values(Operator::StringEquals))
            }
            _ => None,
        })
        .fold(Truth::False, Truth::or)
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let open: Vec<String> = policy_at(&r, "policy")
        .statements()
        .iter()
        .filter(|s| {
            s.allows_anyone()
                .and(limited_to_caller_accounts(s).not())
                .is_true()
        })
        .map(Statement::label)
        .collect();
    if open.is_empty() {
        return Vec::new();
    }
    svc::hit_if_true(
        &r,
        Truth::True,
        "policy",
        &format!("key policy lets any principal in: {}", open.join(", ")),
    )
}
