use crate::prelude::*;
use crate::views::logging::is_set;

pub static RULE: Rule = Rule {
    id: "AWS-CT-003",
    title: "CloudTrail logs are not encrypted with a KMS key",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_cloudtrail"],
    rationale: "Without `kms_key_id`, trail logs are encrypted with S3-managed keys: anyone who can read the bucket \
reads the account's whole API history (resource names, IP addresses, identities, sometimes request parameters). With \
a customer-managed KMS key, reading also needs `kms:Decrypt` on that key, which a separate policy controls and \
CloudTrail itself records.",
    remediation: "Create an `aws_kms_key` whose key policy lets `cloudtrail.amazonaws.com` call `kms:GenerateDataKey*` \
(with the `aws:SourceArn` condition) and lets log readers decrypt, and set `kms_key_id` to its ARN. No machine fix: a \
key without that policy stops log delivery.",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
    ],
    aliases: &[
        "AVD-AWS-0015",
        "aws-cloudtrail-encryption-customer-managed-key",
        "CKV_AWS_35",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(trail: ResourceRef<'_>) -> Vec<Hit> {
    if is_set(&trail, "kms_key_id").is_false() {
        let message = format!("trail `{}` is not encrypted with a KMS key", trail.address);
        vec![if trail.get("kms_key_id").is_some() {
            Hit::at("kms_key_id", message)
        } else {
            Hit::resource(message)
        }]
    } else {
        Vec::new()
    }
}
