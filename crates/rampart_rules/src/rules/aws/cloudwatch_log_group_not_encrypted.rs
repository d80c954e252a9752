use crate::prelude::*;
use crate::views::logging::is_set;

pub static RULE: Rule = Rule {
    id: "AWS-CW-001",
    title: "CloudWatch log group is not encrypted with a KMS key",
    severity: Severity::Low,
    category: Category::Encryption,
    provider: Provider::Aws,
    kinds: &["aws_cloudwatch_log_group"],
    rationale: "Logs often carry what nobody meant to log: tokens in URLs, personal data, stack traces with \
connection strings. Without `kms_key_id` they are encrypted with a key CloudWatch manages, and anyone with \
`logs:GetLogEvents` reads them. With a customer-managed key, reading also needs `kms:Decrypt`, which a separate key \
policy controls and CloudTrail records.",
    remediation: "Create an `aws_kms_key` whose key policy allows the `logs.<region>.amazonaws.com` service principal \
(with the `kms:EncryptionContext:aws:logs:arn` condition) and set `kms_key_id` to its ARN. No machine fix: a key \
without that policy makes log delivery fail.",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html",
    ],
    aliases: &[
        "AVD-AWS-0017",
        "aws-cloudwatch-log-group-customer-key",
        "CKV_AWS_158",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(group: ResourceRef<'_>) -> Vec<Hit> {
    if is_set(&group, "kms_key_id").is_false() {
        let message = format!(
            "log group `{}` is not encrypted with a KMS key",
            group.address
        );
        vec![if group.get("kms_key_id").is_some() {
            Hit::at("kms_key_id", message)
        } else {
            Hit::resource(message)
        }]
    } else {
        Vec::new()
    }
}
