//! GCP-COMPUTE-002: interactive serial console access is enabled.
use crate::prelude::*;
use crate::views::gcp::{
    INSTANCE_KINDS, PROJECT_METADATA, PROJECT_METADATA_ITEM, metadata_truth, set_metadata_fix,
};

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-002",
    title: "Interactive serial console access is enabled",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Gcp,
    kinds: &[
        "google_compute_instance",
        "google_compute_instance_template",
        PROJECT_METADATA,
        PROJECT_METADATA_ITEM,
    ],
    rationale: "With `serial-port-enable` set in instance or project metadata, the serial console of the VM accepts \
connections from any IP address through `ssh-serialport.googleapis.com`; firewall rules do not apply to it. Anyone \
holding a matching SSH key reaches a login prompt that bypasses the network controls around the VM.",
    remediation: "Remove `serial-port-enable` or set it to `false`, and turn it on temporarily only while debugging \
a VM that does not boot (the `compute.disableSerialPortAccess` organization policy enforces this).",
    references: &[
        "https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console",
        "https://cloud.google.com/compute/docs/instances/interacting-with-serial-console#security",
    ],
    aliases: &[
        "AVD-GCP-0032",
        "google-compute-no-serial-port",
        "CKV_GCP_35",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const KEY: &str = "serial-port-enable";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let message = format!("`{}` enables interactive serial console access", r.address);
    if r.kind == PROJECT_METADATA_ITEM {
        let on = r.str("key") == Some(KEY) && r.get("value").is_some_and(|v| v.truth().is_true());
        return if on {
            vec![Hit::at("value", message)]
        } else {
            Vec::new()
        };
    }
    if metadata_truth(r.resource(), KEY).is_some_and(Truth::is_true) {
        vec![Hit::at(format!("metadata.{KEY}"), message)]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let applicability = Applicability::Unsafe(
        "operators lose the serial console they may use to debug a VM that does not boot".into(),
    );
    if r.kind == PROJECT_METADATA_ITEM {
        return Some(set_attribute_fix(
            &r,
            "value",
            Value::string("false"),
            "disable the serial console",
            applicability,
        ));
    }
    if INSTANCE_KINDS.contains(&r.kind.as_str()) || r.kind == PROJECT_METADATA {
        return Some(set_metadata_fix(
            r.resource(),
            KEY,
            Value::string("false"),
            "disable the serial console",
            applicability,
        ));
    }
    None
}
