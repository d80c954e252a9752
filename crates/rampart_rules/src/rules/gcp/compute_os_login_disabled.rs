//! GCP-COMPUTE-003: an instance turns OS Login off.
use crate::prelude::*;
use crate::views::gcp::{INSTANCE_KINDS, metadata_truth, set_metadata_fix};

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-003",
    title: "VM instance turns OS Login off in its metadata",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: INSTANCE_KINDS,
    rationale: "OS Login ties SSH access to IAM identities: access is granted and revoked with IAM roles, can require \
2-step verification, and is audited. An instance whose metadata sets `enable-oslogin` to false overrides the project \
setting and falls back to SSH keys in metadata, which nobody revokes when a person leaves.",
    remediation: "Remove the `enable-oslogin` override or set it to `TRUE`, and grant `roles/compute.osLogin` (or \
`osAdminLogin`) to the people who need SSH.",
    references: &[
        "https://cloud.google.com/compute/docs/oslogin",
        "https://cloud.google.com/compute/docs/oslogin/set-up-oslogin",
    ],
    aliases: &[
        "AVD-GCP-0036",
        "google-compute-no-oslogin-override",
        "CKV_GCP_34",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && metadata_truth(r.resource(), "enable-oslogin").is_some_and(Truth::is_false)
    {
        vec![Hit::at(
            "metadata.enable-oslogin",
            format!("`{}` turns OS Login off", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_metadata_fix(
        r.resource(),
        "enable-oslogin",
        Value::string("TRUE"),
        "turn OS Login on",
        Applicability::Unsafe(
            "SSH keys in metadata stop working; users need an OS Login IAM role first".into(),
        ),
    ))
}
