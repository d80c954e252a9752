use crate::prelude::*;
use crate::views::logging::is_set;

pub static RULE: Rule = Rule {
    id: "AWS-CT-004",
    title: "CloudTrail trail does not send events to CloudWatch Logs",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_cloudtrail"],
    rationale: "Log files in S3 are for investigation after the fact. Sending the trail to CloudWatch Logs is what \
makes real-time alerting possible — root account use, console logins without MFA, IAM policy or security group \
changes, CloudTrail being stopped — through metric filters and alarms, as the CIS AWS Foundations benchmark asks.",
    remediation: "Set `cloud_watch_logs_group_arn` (the log group ARN followed by `:*`) and `cloud_watch_logs_role_arn` \
(a role CloudTrail can assume with `logs:CreateLogStream` and `logs:PutLogEvents` on that group), then add metric \
filters and alarms. No machine fix: the log group, its retention and the role are decisions.",
    references: &[
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5",
    ],
    aliases: &[
        "AVD-AWS-0162",
        "aws-cloudtrail-ensure-cloudwatch-integration",
        "CKV2_AWS_10",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(trail: ResourceRef<'_>) -> Vec<Hit> {
    if is_set(&trail, "cloud_watch_logs_group_arn").is_false() {
        vec![Hit::resource(format!(
            "trail `{}` does not send its events to CloudWatch Logs",
            trail.address
        ))]
    } else {
        Vec::new()
    }
}
