//! AZU-ADF-001: a data factory is reachable from public networks.
use crate::prelude::*;
use crate::views::azure::set_fix;

pub static RULE: Rule = Rule {
    id: "AZU-ADF-001",
    title: "Data factory allows public network access",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Azure,
    kinds: &["azurerm_data_factory"],
    rationale: "A data factory holds linked-service credentials for the data stores it moves data between. With \
public network access on (the default) its authoring and runtime endpoints are reachable from the internet, so a \
stolen identity can run pipelines that copy data out from anywhere.",
    remediation: "Set `public_network_enabled = false` and reach the factory through private endpoints.",
    references: &["https://learn.microsoft.com/azure/data-factory/data-factory-private-link"],
    aliases: &[
        "CKV_AZURE_104",
        "AVD-AZU-0035",
        "azure-datafactory-no-public-access",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "public_network_enabled", true).is_true() {
        vec![Hit::at(
            "public_network_enabled",
            format!("data factory `{}` allows public network access", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "public_network_enabled",
        Value::Bool(false),
        "disable public network access",
        Applicability::Unsafe(
            "authors and integration runtimes outside the private network lose access".into(),
        ),
    )
}
