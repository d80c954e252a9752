//! AWS-GD-001: a GuardDuty detector is turned off.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-GD-001",
    title: "GuardDuty detector is disabled",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_guardduty_detector"],
    rationale: "With `enable = false` GuardDuty stops analysing CloudTrail, VPC flow and DNS logs in the region: credential exfiltration, crypto-mining, reconnaissance and calls from known malicious IPs are no longer detected.",
    remediation: "Set `enable = true` (the default), and enable GuardDuty in every region, ideally organization-wide with a delegated administrator.",
    references: &[
        "https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_settingup.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html#guardduty-1",
    ],
    aliases: &["CKV_AWS_238"],
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
        crate::util::flag(&r, "enable", true),
        "enable",
        "is disabled (`enable = false`)",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "enable",
        Value::Bool(true),
        "turn the GuardDuty detector on",
        Applicability::Safe,
    ))
}
