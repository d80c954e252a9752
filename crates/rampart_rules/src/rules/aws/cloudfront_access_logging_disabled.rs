//! AWS-CF-004: the distribution keeps no access logs.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CF-004",
    title: "CloudFront distribution does not log viewer requests",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_cloudfront_distribution"],
    rationale: "Without standard logs there is no record of who requested what from the edge: scraping, credential stuffing against a login path or data pulled through a misconfigured cache cannot be investigated afterwards. Logging is off unless a `logging_config` block (legacy S3 logs) or a CloudWatch Logs delivery (`aws_cloudwatch_log_delivery_source` with `log_type = \"ACCESS_LOGS\"` plus an `aws_cloudwatch_log_delivery` from it) is configured; a delivery source with no delivery logs nothing.",
    remediation: "Add `logging_config { bucket = \"<log bucket>.s3.amazonaws.com\" }`, or create an `aws_cloudwatch_log_delivery_source` (`log_type = \"ACCESS_LOGS\"`, `resource_arn` = the distribution ARN) and an `aws_cloudwatch_log_delivery` to a destination. The destination needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html",
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html",
    ],
    aliases: &[
        "AVD-AWS-0010",
        "aws-cloudfront-enable-logging",
        "CKV_AWS_86",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const SOURCE: &str = "aws_cloudwatch_log_delivery_source";
const DELIVERY: &str = "aws_cloudwatch_log_delivery";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let legacy = svc::any_block(&r, "logging_config", |b| match b.get("bucket") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
        Some(_) => Truth::True,
    });
    let delivered = svc::setting_holds(&r, SOURCE, "resource_arn", &["arn", "id"], |source| {
        let access_logs = svc::str_in(source, "log_type", None, &["ACCESS_LOGS"]);
        let has_delivery =
            svc::setting_holds(source, DELIVERY, "delivery_source_name", &["name"], |_| {
                Truth::True
            });
        access_logs.and(has_delivery)
    });
    svc::hit_if_false(
        &r,
        legacy.or(delivered),
        "logging_config",
        "does not log viewer requests (no `logging_config`, no CloudWatch Logs delivery)",
    )
}
