//! AZU-DEF-001: a Defender for Cloud plan is on the free tier.
use crate::prelude::*;
use crate::views::azure::{Scalar, set_fix};

pub static RULE: Rule = Rule {
    id: "AZU-DEF-001",
    title: "Microsoft Defender for Cloud plan is on the Free tier",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Azure,
    kinds: &["azurerm_security_center_subscription_pricing"],
    rationale: "The Free tier gives posture recommendations only. The Standard tier adds threat detection for the \
resource type (VM intrusion alerts, SQL injection alerts, storage malware scanning, Key Vault anomaly detection); \
without it attacks on those resources raise no alert.",
    remediation: "Set `tier = \"Standard\"` for the plan's `resource_type`. Standard plans are billed per resource.",
    references: &[
        "https://learn.microsoft.com/azure/defender-for-cloud/defender-for-cloud-introduction",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/security_center_subscription_pricing",
    ],
    aliases: &[
        "CKV_AZURE_19",
        "AVD-AZU-0045",
        "azure-securitycenter-enable-standard-subscription",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r)
        && Scalar::at(&r, "tier")
            .is_one_of(&["Free"], Truth::False)
            .is_true()
    {
        let plan = r.str("resource_type").unwrap_or("VirtualMachines");
        vec![Hit::at(
            "tier",
            format!("Defender plan `{}` ({plan}) is on the Free tier", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    set_fix(
        &r,
        "tier",
        Value::string("Standard"),
        "use the Standard tier",
        Applicability::Unsafe("Standard plans are billed per protected resource".into()),
    )
}
