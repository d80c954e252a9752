//! AWS-CFG-003: the recorder is stopped.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CFG-003",
    title: "AWS Config recorder is not recording",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_config_configuration_recorder_status"],
    rationale: "`is_enabled = false` stops the configuration recorder: no configuration changes are captured and every Config rule and conformance pack evaluates stale data.",
    remediation: "Set `is_enabled = true`.",
    references: &[
        "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        crate::util::flag(&r, "is_enabled", false),
        "is_enabled",
        "does not record (`is_enabled` is not true)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "is_enabled",
        Value::Bool(true),
        "start the configuration recorder",
        Applicability::Safe,
    ))
}
