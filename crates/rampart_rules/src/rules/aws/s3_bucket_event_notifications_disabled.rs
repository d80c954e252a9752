//! AWS-S3-014: nothing is told when objects in a bucket change.
use crate::prelude::*;
use crate::views::s3::{BucketScope, NOTIFICATION};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-S3-014",
    title: "S3 bucket has no event notifications",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Without event notifications, object creation, deletion and restores happen silently: a mass \
deletion, an unexpected upload or a replication failure is only noticed when someone looks. An \
`aws_s3_bucket_notification` sending events to EventBridge (or to an SNS topic, SQS queue or Lambda function) lets \
them be alerted on and acted upon. CloudFormation buckets are not reported (the loader does not read \
`NotificationConfiguration` yet).",
    remediation: "Add an `aws_s3_bucket_notification` with `eventbridge = true` and EventBridge rules for the events \
that matter (deletions, for example), or with `topic`/`queue`/`lambda_function` blocks. The automatic fix turns on \
EventBridge delivery, which sends events to the default event bus and changes nothing else.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html",
    ],
    aliases: &["CKV2_AWS_62"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Varies,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // templates' NotificationConfiguration is not read: absent would not mean off
    if !is_managed(&r) || r.format == rampart_model::SourceFormat::CloudFormation {
        return Vec::new();
    }
    if BucketScope::of_bucket(r).event_notifications().is_false() {
        vec![Hit::at(
            "bucket",
            format!("`{}` sends no event notifications", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let settings = BucketScope::of_bucket(r).settings(NOTIFICATION);
    let summary = "send the bucket's events to EventBridge";
    let applicability = Applicability::Unsafe(
        "a notification configuration replaces the bucket's whole set of notifications: destinations set outside this code (console, another tool) are removed".into(),
    );
    if let Some(existing) = settings.iter().find(|s| s.certain) {
        return Some(set_attribute_fix(
            &existing.resource,
            "eventbridge",
            Value::Bool(true),
            summary,
            Applicability::Safe,
        ));
    }
    Some(Fix {
        summary: summary.into(),
        changes: vec![Change::AddResource {
            owner: r.address.clone(),
            kind: NOTIFICATION.into(),
            name: r.name.clone(),
            attributes: BTreeMap::from([("eventbridge".to_string(), Value::Bool(true))]),
            references: BTreeMap::from([("bucket".to_string(), reference_to(&r, "id"))]),
        }],
        applicability,
    })
}
