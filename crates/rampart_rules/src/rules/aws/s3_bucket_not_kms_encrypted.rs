//! AWS-S3-015: default encryption is not SSE-KMS.
use crate::prelude::*;
use crate::views::s3::{BucketScope, ENCRYPTION};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-S3-015",
    title: "S3 bucket default encryption does not use KMS",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "With SSE-S3 (`AES256`, what S3 applies when nothing is declared), every principal allowed \
`s3:GetObject` reads objects in clear, and reads leave no trace in CloudTrail beyond S3's own data events. SSE-KMS \
(`aws:kms` or `aws:kms:dsse`) makes every read also a `kms:Decrypt` that is authorised and logged separately. This \
rule accepts any KMS key, the AWS-managed `aws/s3` included; AWS-S3-007 asks for a customer-managed key. Buckets that \
receive S3 server access logs are not reported: log delivery supports SSE-S3 only.",
    remediation: "Set `sse_algorithm = \"aws:kms\"` (with `kms_master_key_id` naming a customer-managed key where \
possible) and `bucket_key_enabled = true` to keep KMS request costs down. The automatic fix switches to `aws:kms` \
with the AWS-managed key; it is not offered for inline v3 encryption blocks or configurations with several rules.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html",
    ],
    aliases: &["CKV_AWS_145"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let scope = BucketScope::of_bucket(r);
    if scope.kms_encryption().is_false() && scope.is_log_target().is_false() {
        vec![Hit::at(
            "server_side_encryption_configuration",
            format!("`{}` is not encrypted with KMS by default", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let summary = "encrypt new objects with SSE-KMS";
    let applicability = Applicability::Unsafe(
        "objects written afterwards need `kms:Decrypt` on the key: principals of other accounts can no longer read them with the AWS-managed key, and KMS requests are billed".into(),
    );
    if r.get("server_side_encryption_configuration").is_some() {
        return None; // inline (provider v3): a human edits the block
    }
    let separate = BucketScope::of_bucket(r).settings(ENCRYPTION);
    if let Some(existing) = separate.iter().find(|s| s.certain) {
        // only a single rule is unambiguous to switch
        let rules = existing.resource.get("rule")?;
        if rules.items().len() != 1 {
            return None;
        }
        return Some(set_attribute_fix(
            &existing.resource,
            "rule.0.apply_server_side_encryption_by_default.0.sse_algorithm",
            Value::string("aws:kms"),
            summary,
            applicability,
        ));
    }
    let by_default = Value::Map(BTreeMap::from([(
        "sse_algorithm".to_string(),
        Value::string("aws:kms"),
    )]));
    let rule = Value::Map(BTreeMap::from([
        (
            "apply_server_side_encryption_by_default".to_string(),
            Value::List(vec![by_default]),
        ),
        ("bucket_key_enabled".to_string(), Value::Bool(true)),
    ]));
    Some(Fix {
        summary: summary.into(),
        changes: vec![Change::AddResource {
            owner: r.address.clone(),
            kind: ENCRYPTION.into(),
            name: r.name.clone(),
            attributes: BTreeMap::from([("rule".to_string(), Value::List(vec![rule]))]),
            references: BTreeMap::from([("bucket".to_string(), reference_to(&r, "id"))]),
        }],
        applicability,
    })
}
