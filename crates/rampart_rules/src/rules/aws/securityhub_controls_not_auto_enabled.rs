//! AWS-SH-001: new Security Hub controls are not enabled automatically.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-SH-001",
    title: "Security Hub does not enable new controls automatically",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_securityhub_account"],
    rationale: "With `auto_enable_controls = false`, controls AWS adds to the enabled standards stay off: new checks for new services and newly understood risks never run until someone turns each on.",
    remediation: "Set `auto_enable_controls = true` (the default) and disable individual controls deliberately with `aws_securityhub_standards_control`.",
    references: &[
        "https://docs.aws.amazon.com/securityhub/latest/userguide/controls-auto-enable.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        crate::util::flag(&r, "auto_enable_controls", true),
        "auto_enable_controls",
        "does not enable new controls automatically",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "auto_enable_controls",
        Value::Bool(true),
        "enable new Security Hub controls automatically",
        Applicability::Safe,
    ))
}
