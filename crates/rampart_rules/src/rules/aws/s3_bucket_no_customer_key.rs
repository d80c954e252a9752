//! AWS-S3-007: default encryption does not use a customer-managed KMS key.
use crate::prelude::*;
use crate::views::s3::BucketScope;

pub static RULE: Rule = Rule {
    id: "AWS-S3-007",
    title: "S3 bucket is not encrypted with a customer-managed KMS key",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "With SSE-S3 (`AES256`) or the AWS-managed `aws/s3` key, anyone allowed to read the objects reads them \
in clear; there is no second, separately governed permission and no key you can disable to cut off access in an \
incident. A customer-managed KMS key adds a key policy you control, a CloudTrail record of every decrypt, and the \
ability to revoke. SSE-KMS with the AWS-managed key is reported here (AWS-S3-015 only asks whether KMS is used). \
Buckets that receive S3 server access logs are not reported: log delivery supports SSE-S3 only.",
    remediation: "Use `sse_algorithm = \"aws:kms\"` with `kms_master_key_id` set to a customer-managed `aws_kms_key` \
(with rotation on), and `bucket_key_enabled = true` to keep KMS costs down. The key and its policy need a human \
decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html",
        "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#customer-cmk",
    ],
    // not CKV_AWS_145: that one accepts the AWS-managed key (AWS-S3-015 is that check)
    aliases: &["AVD-AWS-0132", "aws-s3-encryption-customer-key"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let scope = BucketScope::of_bucket(r);
    if scope.customer_managed_key().is_false() && scope.is_log_target().is_false() {
        vec![Hit::at(
            "server_side_encryption_configuration",
            format!(
                "`{}` is not encrypted with a customer-managed KMS key",
                r.address
            ),
        )]
    } else {
        Vec::new()
    }
}
