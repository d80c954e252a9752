//! GCP-COMPUTE-006: a VM accepts project-wide SSH keys.
use crate::prelude::*;
use crate::views::gcp::{INSTANCE_KINDS, metadata_truth, os_login, set_metadata_fix};

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-006",
    title: "VM instance accepts project-wide SSH keys",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "An SSH key in project metadata opens every VM of the project that does not block project-wide keys. \
One leaked key then reaches all of them, including VMs that hold sensitive data. VMs that set \
`block-project-ssh-keys` to true, or use OS Login (instance or project metadata), which ignores metadata keys, are \
not reported; the key is off by default.",
    remediation: "Set `block-project-ssh-keys = true` in the VM's metadata and put the keys it needs in its own \
metadata, or better, enable OS Login.",
    references: &["https://cloud.google.com/compute/docs/connect/restrict-ssh-keys#block-keys"],
    aliases: &[
        "AVD-GCP-0030",
        "google-compute-no-project-wide-ssh-keys",
        "CKV_GCP_32",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const KEY: &str = "block-project-ssh-keys";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let blocked = metadata_truth(r.resource(), KEY).unwrap_or(Truth::False);
    if blocked.or(os_login(r.resource(), r.inventory)).is_false() {
        let at = if metadata_truth(r.resource(), KEY).is_some() {
            format!("metadata.{KEY}")
        } else {
            "metadata".into()
        };
        vec![Hit::at(
            at,
            format!("`{}` accepts project-wide SSH keys", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_metadata_fix(
        r.resource(),
        KEY,
        Value::Bool(true),
        "block project-wide SSH keys",
        Applicability::Unsafe("people who reach the VM with a project-wide key lose access; add their keys to the VM or use OS Login first".into()),
    ))
}
