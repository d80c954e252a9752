//! GCP-COMPUTE-004: OS Login is not enabled in project metadata.
use crate::prelude::*;
use crate::views::gcp::{
    PROJECT_METADATA, PROJECT_METADATA_ITEM, metadata_truth, set_metadata_fix,
};

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-004",
    title: "Project metadata does not enable OS Login",
    severity: Severity::Medium,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: &[PROJECT_METADATA, PROJECT_METADATA_ITEM],
    rationale: "`enable-oslogin = TRUE` in project metadata makes every VM of the project use OS Login: SSH access \
is granted and revoked through IAM, can require 2-step verification, and is audited. Without it VMs accept any SSH \
key written in metadata, and keys are rarely removed when people leave. A `google_compute_project_metadata` that does \
not set the key (OS Login is off by default), or a metadata item that sets it to false, is reported.",
    remediation: "Set `enable-oslogin = \"TRUE\"` in project metadata (or enforce the `compute.requireOsLogin` \
organization policy) and grant `roles/compute.osLogin` to the people who need SSH.",
    references: &["https://cloud.google.com/compute/docs/oslogin/set-up-oslogin"],
    aliases: &[
        "AVD-GCP-0042",
        "google-compute-project-level-oslogin",
        "CKV_GCP_33",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const KEY: &str = "enable-oslogin";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    if r.kind == PROJECT_METADATA_ITEM {
        let off = r.str("key") == Some(KEY) && r.get("value").is_some_and(|v| v.truth().is_false());
        return if off {
            vec![Hit::at(
                "value",
                format!("`{}` turns OS Login off for the project", r.address),
            )]
        } else {
            Vec::new()
        };
    }
    let own = metadata_truth(r.resource(), KEY);
    // a separate item may set the key for the same project
    let by_item = r
        .inventory
        .of_kind(PROJECT_METADATA_ITEM)
        .filter(|i| i.str("key") == Some(KEY) || i.get("key").is_some_and(Value::is_unknown))
        .map(|i| {
            if i.get("key").is_some_and(Value::is_unknown) {
                Truth::Unknown
            } else {
                i.get("value").map_or(Truth::False, Value::truth)
            }
        })
        .fold(Truth::False, Truth::or);
    match own {
        Some(t) if t.is_false() => vec![Hit::at(
            format!("metadata.{KEY}"),
            format!("`{}` turns OS Login off for the project", r.address),
        )],
        None if by_item.is_false() => vec![Hit::at(
            "metadata",
            format!("`{}` does not enable OS Login for the project", r.address),
        )],
        _ => Vec::new(),
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let applicability = Applicability::Unsafe(
        "SSH keys in metadata stop working on every VM; users need an OS Login IAM role first"
            .into(),
    );
    if r.kind == PROJECT_METADATA_ITEM {
        return Some(set_attribute_fix(
            &r,
            "value",
            Value::string("TRUE"),
            "turn OS Login on for the project",
            applicability,
        ));
    }
    Some(set_metadata_fix(
        r.resource(),
        KEY,
        Value::string("TRUE"),
        "turn OS Login on for the project",
        applicability,
    ))
}
