//! AZU-MON-001: the activity log profile keeps logs for less than a year.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-MON-001",
    title: "Activity log profile keeps logs for less than 365 days",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_monitor_log_profile"],
    rationale: "The activity log records every control-plane change (who deleted a resource, who granted a role). \
Breaches are often discovered months later; a retention shorter than a year loses the evidence. A retention policy \
that is disabled keeps logs indefinitely and is not reported.",
    remediation: "Set `retention_policy { enabled = true, days = 365 }` (or more), or disable the retention policy to \
keep logs indefinitely.",
    references: &["https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log"],
    aliases: &[
        "CKV_AZURE_37",
        "AVD-AZU-0031",
        "azure-monitor-activity-log-retention-set",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // a disabled retention policy keeps logs forever; unknown proves nothing
    if !is_managed(&r) || !flag(&r, "retention_policy.0.enabled", false).is_true() {
        return Vec::new();
    }
    let days = match r.get("retention_policy.0.days") {
        None | Some(Value::Null) => Some(0),
        Some(v) => v.as_i64(),
    };
    match days {
        Some(d) if d < 365 => vec![Hit::at(
            "retention_policy",
            format!(
                "log profile `{}` keeps activity logs for {d} days",
                r.address
            ),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "retention_policy.0.days",
        Value::Number(365.0),
        "keep activity logs for a year",
        Applicability::Safe,
    )
}
