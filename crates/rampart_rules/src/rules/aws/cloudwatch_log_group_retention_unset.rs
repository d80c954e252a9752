use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-CW-002",
    title: "CloudWatch log group keeps logs forever (no retention set)",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_cloudwatch_log_group"],
    rationale: "Without `retention_in_days` (or with 0) a log group never expires anything. Logs with personal data \
or secrets that slipped in are kept for ever, against data-minimisation duties such as GDPR's storage limitation, and \
cost grows without bound. A deliberate retention also documents how long evidence is kept for investigations.",
    remediation: "Set `retention_in_days` to the period your policy requires (365 days or more is common for audit \
and security logs; CIS asks for at least a year). The machine fix sets 365 days.",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days",
    ],
    aliases: &["CKV_AWS_66"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(group: ResourceRef<'_>) -> Vec<Hit> {
    let message = format!(
        "log group `{}` has no retention: its logs are never deleted",
        group.address
    );
    match group.get("retention_in_days") {
        None | Some(Value::Null) => vec![Hit::resource(message)],
        Some(v) if v.as_i64() == Some(0) => vec![Hit::at("retention_in_days", message)],
        Some(_) => Vec::new(),
    }
}

fn fix(group: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "keep logs for 365 days".into(),
        changes: vec![Change::SetAttribute {
            address: group.address.clone(),
            path: "retention_in_days".into(),
            value: Value::Number(365.0),
        }],
        applicability: Applicability::Unsafe(
            "log events older than 365 days are deleted, permanently; check the retention your policies require first".into(),
        ),
    })
}
