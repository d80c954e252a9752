//! AZU-MON-002: the activity log profile does not capture every category.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-MON-002",
    title: "Activity log profile does not capture Action, Delete and Write events",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_monitor_log_profile"],
    rationale: "A log profile exports only the categories it lists. Missing `Write` hides role assignments and \
configuration changes, missing `Delete` hides destroyed resources, missing `Action` hides key listings and VM \
commands — exactly the events an investigation needs.",
    remediation: "Set `categories = [\"Action\", \"Delete\", \"Write\"]`.",
    references: &["https://learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema"],
    aliases: &[
        "CKV_AZURE_38",
        "AVD-AZU-0033",
        "azure-monitor-capture-all-activities",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

const ALL: [&str; 3] = ["Action", "Delete", "Write"];

fn missing(r: &ResourceRef<'_>) -> Option<Vec<&'static str>> {
    let items = match r.get("categories") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<_>>>()?,
        Some(_) => return None,
    };
    let missing: Vec<&str> = ALL
        .into_iter()
        .filter(|c| !items.iter().any(|i| i.eq_ignore_ascii_case(c)))
        .collect();
    (!missing.is_empty()).then_some(missing)
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    match missing(&r) {
        Some(m) if is_managed(&r) => vec![Hit::at(
            "categories",
            format!(
                "log profile `{}` does not capture {}",
                r.address,
                m.join(", ")
            ),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "categories",
        Value::List(ALL.iter().map(|c| Value::string(*c)).collect()),
        "capture every activity category",
        Applicability::Safe,
    )
}
