//! AWS-LMB-004: anyone may invoke the function.
use crate::prelude::*;
use crate::views::aws_services as svc;
use crate::views::iam::lambda_permission_statement;

pub static RULE: Rule = Rule {
    id: "AWS-LMB-004",
    title: "Lambda permission lets any principal invoke the function",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_lambda_permission"],
    rationale: "`principal = \"*\"` with no fixed (wildcard-free) `source_arn`, `source_account` or `principal_org_id` adds a resource policy statement that lets every AWS account (and, for a function URL with auth `NONE`, every anonymous caller) invoke the function with its execution role's permissions.",
    remediation: "Name the account, role or service principal that needs to invoke the function, or narrow the statement with `source_arn`, `source_account` or `principal_org_id`. Who must call the function is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/lambda-controls.html#lambda-1",
    ],
    aliases: &["CKV_AWS_301"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // the statement Lambda writes, judged like every other resource policy: a wildcard
    // `source_arn` or `principal_org_id` does not narrow it
    let statement = lambda_permission_statement(&r);
    svc::hit_if_true(
        &r,
        statement.allows_anyone(),
        "principal",
        "lets any principal invoke the function (`principal = \"*\"` with no source or organization condition)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // which account or resource should invoke it is a decision; the open grant goes
    Some(Fix {
        summary: "remove the permission that lets anyone invoke the function".into(),
        changes: vec![Change::RemoveResource {
            address: r.address.clone(),
        }],
        applicability: Applicability::Unsafe(
            "callers that relied on the open permission (a function URL, another account) can no longer invoke the function; grant them by `source_arn` or `source_account` instead".into(),
        ),
    })
}
