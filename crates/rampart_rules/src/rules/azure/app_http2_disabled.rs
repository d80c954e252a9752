//! AZU-APP-006: a web app does not serve HTTP/2.
use crate::prelude::*;
use crate::views::azure::{WEB_APPS, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-APP-006",
    title: "App Service app does not use HTTP/2",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: WEB_APPS,
    rationale: "HTTP/2 is off by default. It requires TLS in browsers, removes HTTP/1.1 head-of-line blocking, and \
HTTP/1.1-only front ends are more exposed to request-smuggling and desynchronisation flaws.",
    remediation: "Set `site_config { http2_enabled = true }`.",
    references: &[
        "https://learn.microsoft.com/azure/app-service/configure-common#configure-general-settings",
    ],
    aliases: &[
        "CKV_AZURE_18",
        "AVD-AZU-0005",
        "azure-appservice-enable-http2",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

const PATH: &str = "site_config.0.http2_enabled";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r)
        && r.get("site_config").is_none_or(|v| !v.is_unknown())
        && flag(&r, PATH, false).is_false()
    {
        vec![Hit::at(
            PATH,
            format!("app `{}` does not use HTTP/2", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        PATH,
        Value::Bool(true),
        "serve HTTP/2",
        Applicability::Safe,
    )
}
