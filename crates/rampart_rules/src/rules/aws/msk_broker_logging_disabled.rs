//! AWS-MSK-003: broker logs are not delivered anywhere.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MSK-003",
    title: "MSK cluster does not deliver broker logs",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_msk_cluster"],
    rationale: "Without `logging_info { broker_logs { ... } }` delivering to CloudWatch Logs, Firehose or S3, authentication failures, ACL denials and broker errors are lost: abuse of a leaked client credential cannot be seen or investigated.",
    remediation: "Add `logging_info { broker_logs { cloudwatch_logs { enabled = true, log_group = ... } } }` (or `firehose` / `s3`). The destination needs a human decision, so Rampart proposes no automatic change.",
    references: &["https://docs.aws.amazon.com/msk/latest/developerguide/msk-logging.html"],
    aliases: &["AVD-AWS-0074", "aws-msk-enable-logging", "CKV_AWS_80"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let logged = svc::any_block(&r, "logging_info", |info| match info.path("broker_logs") {
        None | Some(Value::Null) => Truth::False,
        Some(logs) if logs.is_unknown() => Truth::Unknown,
        Some(logs) => logs
            .items()
            .into_iter()
            .map(|l| {
                ["cloudwatch_logs", "firehose", "s3"]
                    .iter()
                    .map(|dest| match l.get(dest) {
                        None | Some(Value::Null) => Truth::False,
                        Some(d) => d
                            .items()
                            .into_iter()
                            .map(|d| svc::field_flag(d, "enabled", false))
                            .fold(Truth::False, Truth::or),
                    })
                    .fold(Truth::False, Truth::or)
            })
            .fold(Truth::False, Truth::or),
    });
    svc::hit_if_false(&r, logged, "logging_info", "does not deliver broker logs")
}
