//! AWS-S3-005: bucket versioning is not enabled.
use crate::prelude::*;
use crate::views::s3::{BucketScope, VERSIONING};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-S3-005",
    title: "S3 bucket versioning is not enabled",
    severity: Severity::Medium,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Without versioning, an overwrite or delete — by mistake, by a faulty deployment, or by ransomware with \
stolen credentials — destroys the only copy of an object. Versioning keeps prior versions so they can be restored, and \
is a prerequisite for replication and Object Lock.",
    remediation: "Add an `aws_s3_bucket_versioning` with `versioning_configuration { status = \"Enabled\" }` (or \
`versioning { enabled = true }` on provider v3), and a lifecycle rule that expires noncurrent versions to bound the \
storage cost.",
    references: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"],
    aliases: &["AVD-AWS-0090", "aws-s3-enable-versioning", "CKV_AWS_21"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && BucketScope::of_bucket(r).versioning_enabled().is_false() {
        vec![Hit::at(
            "versioning",
            format!("`{}` does not have versioning enabled", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let summary = "enable versioning";
    if r.get("versioning").is_some() {
        return Some(set_attribute_fix(
            &r,
            "versioning.0.enabled",
            Value::Bool(true),
            summary,
            Applicability::Safe,
        ));
    }
    let settings = BucketScope::of_bucket(r).settings(VERSIONING);
    if let Some(existing) = settings.iter().find(|s| s.certain) {
        return Some(set_attribute_fix(
            &existing.resource,
            "versioning_configuration.0.status",
            Value::string("Enabled"),
            summary,
            Applicability::Safe,
        ));
    }
    let config = Value::Map(BTreeMap::from([(
        "status".to_string(),
        Value::string("Enabled"),
    )]));
    Some(Fix {
        summary: summary.into(),
        changes: vec![Change::AddResource {
            owner: r.address.clone(),
            kind: VERSIONING.into(),
            name: r.name.clone(),
            attributes: BTreeMap::from([(
                "versioning_configuration".to_string(),
                Value::List(vec![config]),
            )]),
            references: BTreeMap::from([("bucket".to_string(), reference_to(&r, "id"))]),
        }],
        applicability: Applicability::Safe,
    })
}
