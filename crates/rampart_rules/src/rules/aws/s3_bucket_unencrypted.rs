//! AWS-S3-004: the bucket declares no default encryption.
use crate::prelude::*;
use crate::views::s3::{BucketScope, ENCRYPTION};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-S3-004",
    title: "S3 bucket does not declare default encryption at rest",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Neither an inline `server_side_encryption_configuration` nor an \
`aws_s3_bucket_server_side_encryption_configuration` with an `sse_algorithm` is declared (an empty `rule {}` does not \
count). Since January 2023 S3 encrypts every new object with SSE-S3 anyway, so the practical risk is limited to objects \
written before then and to configurations that are meant to state their encryption for audits; that is why the \
severity is low. Choosing SSE-KMS with your own key is AWS-S3-007.",
    remediation: "Add an `aws_s3_bucket_server_side_encryption_configuration` with `sse_algorithm = \"AES256\"`, or \
`aws:kms` with a customer-managed key.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html",
    ],
    aliases: &[
        "AVD-AWS-0088",
        "aws-s3-enable-bucket-encryption",
        "CKV_AWS_19",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && BucketScope::of_bucket(r).default_encryption().is_false() {
        vec![Hit::resource(format!(
            "`{}` declares no default encryption",
            r.address
        ))]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // an existing (empty) configuration would conflict with a second one: a human edits it
    let has_config = r.get("server_side_encryption_configuration").is_some()
        || BucketScope::of_bucket(r)
            .settings(ENCRYPTION)
            .iter()
            .any(|s| s.certain);
    if has_config {
        return None;
    }
    let by_default = Value::Map(BTreeMap::from([(
        "sse_algorithm".to_string(),
        Value::string("AES256"),
    )]));
    let rule = Value::Map(BTreeMap::from([(
        "apply_server_side_encryption_by_default".to_string(),
        Value::List(vec![by_default]),
    )]));
    Some(Fix {
        summary: "declare SSE-S3 default encryption".into(),
        changes: vec![Change::AddResource {
            owner: r.address.clone(),
            kind: ENCRYPTION.into(),
            name: r.name.clone(),
            attributes: BTreeMap::from([("rule".to_string(), Value::List(vec![rule]))]),
            references: BTreeMap::from([("bucket".to_string(), reference_to(&r, "id"))]),
        }],
        applicability: Applicability::Safe,
    })
}
