//! AWS-S3-006: server access logging is not enabled.
use crate::prelude::*;
use crate::views::s3::BucketScope;

pub static RULE: Rule = Rule {
    id: "AWS-S3-006",
    title: "S3 bucket access logging is not enabled",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Without server access logs there is no record of who read, wrote or deleted objects, so a leak or a \
destructive change cannot be investigated or scoped. Buckets that receive access logs (ACL `log-delivery-write`, a \
grant to the LogDelivery group, a policy admitting `logging.s3.amazonaws.com`, or named as another bucket's log \
target) are not reported: logging a log bucket into itself loops.",
    remediation: "Add an `aws_s3_bucket_logging` (or an inline `logging {}` block on provider v3) that sends logs to a \
dedicated log bucket, or record S3 data events with CloudTrail. Which bucket receives the logs is a human decision, so \
Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/logging-with-S3.html",
    ],
    aliases: &[
        "AVD-AWS-0089",
        "aws-s3-enable-logging",
        "aws-s3-enable-bucket-logging",
        "CKV_AWS_18",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let scope = BucketScope::of_bucket(r);
    if scope.access_logging().is_false() && scope.is_log_target().is_false() {
        vec![Hit::at(
            "logging",
            format!(
                "`{}` does not have server access logging enabled",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}
