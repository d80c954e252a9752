//! AZU-APP-003: a web or function app accepts deployments over plain FTP.
use crate::prelude::*;
use crate::views::azure::{APPS, Scalar, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-APP-003",
    title: "App Service app allows plain FTP deployments",
    severity: Severity::Medium,
    category: Category::Encryption,
    provider: Provider::Azure,
    kinds: APPS,
    rationale: "With `ftps_state = \"AllAllowed\"` the deployment endpoint accepts unencrypted FTP: publishing \
credentials and the application code cross the network in clear text, and a captured credential lets anyone replace \
the site's code.",
    remediation: "Set `site_config { ftps_state = \"FtpsOnly\" }`, or `\"Disabled\"` when deployments use Git, ZIP \
deploy or pipelines. Only an explicit `AllAllowed` is reported: when absent the value comes from Azure.",
    references: &["https://learn.microsoft.com/azure/app-service/deploy-ftp#enforce-ftps"],
    aliases: &[
        "CKV_AZURE_78",
        "AVD-AZU-0071",
        "azure-appservice-enforce-ftps",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const PATH: &str = "site_config.0.ftps_state";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r)
        && Scalar::at(&r, PATH)
            .is_one_of(&["AllAllowed"], Truth::False)
            .is_true()
    {
        vec![Hit::at(
            PATH,
            format!("app `{}` accepts deployments over plain FTP", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        PATH,
        Value::string("FtpsOnly"),
        "allow FTPS only",
        Applicability::Unsafe(
            "deployment scripts that use plain FTP fail until they switch to FTPS".into(),
        ),
    )
}
