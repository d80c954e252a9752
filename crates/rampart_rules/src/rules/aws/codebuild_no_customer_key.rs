//! AWS-CB-002: the project is not encrypted with a customer-managed key.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CB-002",
    title: "CodeBuild project does not encrypt with a customer-managed KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_codebuild_project"],
    rationale: "Without `encryption_key`, artifacts and caches are encrypted with the AWS-managed `aws/s3` key: no key policy of yours limits who can decrypt build outputs, and there is no key to disable in an incident.",
    remediation: "Set `encryption_key` to a customer-managed `aws_kms_key` ARN whose policy lets the project's service role use it. The key needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/codebuild/latest/userguide/security-encryption.html",
    ],
    aliases: &["CKV_AWS_147"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        svc::customer_managed_key(&r, "encryption_key"),
        "encryption_key",
        "is not encrypted with a customer-managed KMS key",
    )
}
