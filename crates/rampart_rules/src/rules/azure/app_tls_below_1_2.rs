//! AZU-APP-002: a web or function app accepts TLS versions older than 1.2.
use crate::prelude::*;
use crate::views::azure::{APPS, app_tls_path, set_fix, weak_tls};

pub static RULE: Rule = Rule {
    id: "AZU-APP-002",
    title: "App Service app accepts TLS versions older than 1.2",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: APPS,
    rationale: "TLS 1.0 and 1.1 are deprecated (RFC 8996) and open to downgrade and cipher attacks. An app that still \
accepts them lets weak clients expose cookies and tokens.",
    remediation: "Set `site_config { min_tls_version = \"1.2\" }` (`minimum_tls_version` on `azurerm_linux_web_app` \
and the other v3 kinds); 1.2 is the default.",
    references: &[
        "https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-tls-versions",
    ],
    aliases: &[
        "CKV_AZURE_15",
        "AVD-AZU-0006",
        "azure-appservice-use-secure-tls-policy",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let path = app_tls_path(&r);
    if is_managed(&r) && weak_tls(&r, path, Truth::False).is_true() {
        vec![Hit::at(
            path,
            format!("app `{}` accepts TLS older than 1.2", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        app_tls_path(&r),
        Value::string("1.2"),
        "require TLS 1.2",
        Applicability::Unsafe("clients limited to TLS 1.0/1.1 can no longer connect".into()),
    )
}
