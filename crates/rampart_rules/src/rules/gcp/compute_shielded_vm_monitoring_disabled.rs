//! GCP-COMPUTE-007: Shielded VM vTPM or integrity monitoring is turned off.
use crate::prelude::*;
use crate::views::gcp::INSTANCE_KINDS;

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-007",
    title: "Shielded VM vTPM or integrity monitoring is turned off",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "Shielded VM's virtual TPM measures the boot sequence and integrity monitoring compares it with a \
known-good baseline, so a bootkit or a tampered kernel is detected and reported to Cloud Logging. Both are on by \
default on Shielded VM images; `enable_vtpm = false` or `enable_integrity_monitoring = false` in \
`shielded_instance_config` removes that detection (and without vTPM, integrity monitoring cannot work).",
    remediation: "Set `enable_vtpm = true` and `enable_integrity_monitoring = true` in `shielded_instance_config`. The \
VM must be stopped for the change.",
    references: &[
        "https://cloud.google.com/compute/shielded-vm/docs/shielded-vm",
        "https://cloud.google.com/compute/shielded-vm/docs/integrity-monitoring",
    ],
    aliases: &[
        "AVD-GCP-0041",
        "google-compute-enable-shielded-vm-vtpm",
        "AVD-GCP-0045",
        "google-compute-enable-shielded-vm-im",
        "CKV_GCP_39",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const SETTINGS: &[(&str, &str)] = &[
    ("enable_vtpm", "vTPM"),
    ("enable_integrity_monitoring", "integrity monitoring"),
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    SETTINGS
        .iter()
        .filter_map(|(attr, what)| {
            let path = format!("shielded_instance_config.0.{attr}");
            flag(&r, &path, true).is_false().then(|| {
                Hit::at(
                    path,
                    format!("`{}` turns Shielded VM {what} off", r.address),
                )
            })
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(set_attribute_fix(
        &r,
        &path,
        Value::Bool(true),
        "turn the Shielded VM protection on",
        Applicability::Unsafe(
            "the VM must be stopped to change Shielded VM settings, and needs a Shielded VM image"
                .into(),
        ),
    ))
}
