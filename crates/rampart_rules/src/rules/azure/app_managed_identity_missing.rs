//! AZU-APP-005: a web app has no managed identity.
use crate::prelude::*;
use crate::views::azure::{WEB_APPS, block_present, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-APP-005",
    title: "App Service app has no managed identity",
    severity: Severity::Low,
    category: Category::Identity,
    provider: Provider::Azure,
    kinds: WEB_APPS,
    rationale: "Without a managed identity an app reaches Key Vault, Storage or SQL with secrets kept in its settings \
or code — secrets that leak through configuration exports, logs and source control and are rarely rotated. A \
managed identity gets tokens from the platform instead.",
    remediation: "Add `identity { type = \"SystemAssigned\" }` (or a user-assigned identity), grant it the roles it \
needs, and remove stored credentials from app settings.",
    references: &["https://learn.microsoft.com/azure/app-service/overview-managed-identity"],
    aliases: &[
        "CKV_AZURE_16",
        "AVD-AZU-0002",
        "azure-appservice-account-identity-registered",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && block_present(&r, "identity").is_false() {
        vec![Hit::resource(format!(
            "app `{}` has no managed identity",
            r.address
        ))]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "identity.0.type",
        Value::string("SystemAssigned"),
        "give the app a system-assigned managed identity",
        Applicability::Safe,
    )
}
