//! GCP-COMPUTE-008: Shielded VM Secure Boot is not enabled.
use crate::prelude::*;
use crate::views::gcp::INSTANCE_KINDS;

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-008",
    title: "Shielded VM Secure Boot is not enabled",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "Secure Boot makes the VM's firmware refuse boot loaders, kernels and drivers that are not signed by a \
trusted authority, which stops bootkits and rootkits from persisting below the operating system. It is off unless \
`shielded_instance_config { enable_secure_boot = true }` is written.",
    remediation: "Set `enable_secure_boot = true` in `shielded_instance_config` on VMs that run signed kernels (all \
Google-provided public images do). VMs with custom unsigned drivers must sign them first.",
    references: &["https://cloud.google.com/compute/shielded-vm/docs/shielded-vm#secure-boot"],
    aliases: &["AVD-GCP-0067", "google-compute-enable-shielded-vm-sb"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const PATH: &str = "shielded_instance_config.0.enable_secure_boot";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, PATH, false).is_false() {
        let at = if r.get(PATH).is_some() {
            PATH
        } else {
            "shielded_instance_config.0"
        };
        vec![Hit::at(
            at,
            format!("`{}` does not enable Secure Boot", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        PATH,
        Value::Bool(true),
        "enable Secure Boot",
        Applicability::Unsafe(
            "the VM must be stopped, and it no longer boots unsigned kernels or drivers".into(),
        ),
    ))
}
