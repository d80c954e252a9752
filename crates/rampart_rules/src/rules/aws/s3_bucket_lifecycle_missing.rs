//! AWS-S3-012: no lifecycle rule is in force on a bucket.
use crate::prelude::*;
use crate::views::s3::{BucketScope, LIFECYCLE};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-S3-012",
    title: "S3 bucket has no lifecycle configuration",
    severity: Severity::Low,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Without a lifecycle rule, everything written stays forever: noncurrent versions of a versioned \
bucket, the parts of failed multipart uploads (billed but invisible in listings), and data that should have been \
expired under a retention policy. Data kept past its purpose is data that can still leak, and costs grow without \
bound. A lifecycle configuration whose rules are all disabled counts as none. Read from an inline `lifecycle_rule` \
(provider v3), an `aws_s3_bucket_lifecycle_configuration`, or a template's `LifecycleConfiguration`.",
    remediation: "Add an `aws_s3_bucket_lifecycle_configuration` with rules that match the data's retention: expire \
or transition current objects, expire noncurrent versions (`noncurrent_version_expiration`), and abort incomplete \
multipart uploads. The automatic fix adds only the last rule (abort after 7 days), which deletes no object; it is \
not offered when disabled rules exist (enabling them may expire objects) nor for CloudFormation templates (add \
`LifecycleConfiguration` by hand).",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpu-abort-incomplete-mpu-lifecycle-config.html",
    ],
    aliases: &["CKV2_AWS_61"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && BucketScope::of_bucket(r).lifecycle_rule_enabled().is_false() {
        vec![Hit::at(
            "lifecycle_rule",
            format!("`{}` has no lifecycle rule in force", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // rules that exist but are disabled may expire objects once enabled: a human decides;
    // and a template's LifecycleConfiguration cannot be written by the renderer yet
    if r.format == rampart_model::SourceFormat::CloudFormation
        || r.get("lifecycle_rule").is_some()
        || !BucketScope::of_bucket(r).settings(LIFECYCLE).is_empty()
    {
        return None;
    }
    let block = |pairs: Vec<(&str, Value)>| {
        Value::List(vec![Value::Map(
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        )])
    };
    let rule = vec![
        // an empty filter applies the rule to every object
        ("filter", block(Vec::new())),
        ("id", Value::string("abort-incomplete-multipart-uploads")),
        ("status", Value::string("Enabled")),
        (
            "abort_incomplete_multipart_upload",
            block(vec![("days_after_initiation", Value::Number(7.0))]),
        ),
    ];
    Some(Fix {
        summary: "abort incomplete multipart uploads after 7 days".into(),
        changes: vec![Change::AddResource {
            owner: r.address.clone(),
            kind: LIFECYCLE.into(),
            name: r.name.clone(),
            attributes: BTreeMap::from([("rule".to_string(), block(rule))]),
            references: BTreeMap::from([("bucket".to_string(), reference_to(&r, "id"))]),
        }],
        applicability: Applicability::Unsafe(
            "a lifecycle configuration replaces the bucket's whole set of lifecycle rules: rules set outside this code (console, another tool) are removed".into(),
        ),
    })
}
