//! AZU-APP-001: a web or function app answers plain HTTP.
use crate::prelude::*;
use crate::views::azure::{APPS, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-APP-001",
    title: "App Service app accepts plain HTTP traffic",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: APPS,
    rationale: "`https_only` defaults to false, so an app answers on `http://` too. Session cookies, tokens and form \
data sent over HTTP can be read and altered on any network between user and app (public Wi-Fi, a compromised \
router), and an attacker can strip users down to HTTP.",
    remediation: "Set `https_only = true`: App Service then redirects every HTTP request to HTTPS.",
    references: &[
        "https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https",
    ],
    aliases: &[
        "CKV_AZURE_14",
        "CKV_AZURE_70",
        "AVD-AZU-0072",
        "azure-appservice-web-app-https-only",
        "AVD-AZU-0004",
        "azure-appservice-enforce-https",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "https_only", false).is_false() {
        vec![Hit::at(
            "https_only",
            format!("app `{}` accepts plain HTTP", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "https_only",
        Value::Bool(true),
        "redirect HTTP to HTTPS",
        Applicability::Unsafe(
            "clients that cannot follow a redirect to HTTPS (old devices, HTTP-only webhooks) fail"
                .into(),
        ),
    )
}
