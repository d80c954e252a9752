//! AZU-APP-004: App Service authentication is not turned on.
use crate::prelude::*;
use crate::views::azure::WEB_APPS;

pub static RULE: Rule = Rule {
    id: "AZU-APP-004",
    title: "App Service authentication is not enabled",
    severity: Severity::Low,
    category: Category::Identity,
    provider: Provider::Azure,
    kinds: WEB_APPS,
    rationale: "App Service authentication (Easy Auth) rejects unauthenticated requests before they reach the code, \
so an endpoint the developers forgot to protect is not open to anyone. Without it, every route relies on the \
application getting authentication right.",
    remediation: "Add `auth_settings { enabled = true ... }` (or `auth_settings_v2 { auth_enabled = true ... }` on \
`azurerm_linux_web_app`/`azurerm_windows_web_app`) with an identity provider. Public sites that are meant to be \
anonymous should suppress this finding with a reason. There is no machine fix: the identity provider is a human \
decision.",
    references: &[
        "https://learn.microsoft.com/azure/app-service/overview-authentication-authorization",
    ],
    aliases: &[
        "CKV_AZURE_13",
        "AVD-AZU-0003",
        "azure-appservice-authentication-enabled",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let v1 = flag(&r, "auth_settings.0.enabled", false);
    let v2 = flag(&r, "auth_settings_v2.0.auth_enabled", false);
    let unknown_block = ["auth_settings", "auth_settings_v2"]
        .iter()
        .any(|b| r.get(b).is_some_and(Value::is_unknown));
    if is_managed(&r) && !unknown_block && v1.or(v2).is_false() {
        vec![Hit::resource(format!(
            "app `{}` does not use App Service authentication",
            r.address
        ))]
    } else {
        Vec::new()
    }
}
