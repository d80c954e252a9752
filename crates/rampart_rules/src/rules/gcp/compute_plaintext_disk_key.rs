//! GCP-COMPUTE-010: a customer-supplied disk encryption key is written in plain text.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-COMPUTE-010",
    title: "Disk encryption key is written in plain text",
    severity: Severity::Critical,
    category: Category::Secrets,
    provider: Provider::Gcp,
    kinds: &["google_compute_disk", "google_compute_instance"],
    rationale: "A customer-supplied encryption key (CSEK) given as `raw_key` / `disk_encryption_key_raw` is the whole \
secret protecting the disk. Written in the configuration (or passed through a variable) it lands in the repository, \
in plan files and in the Terraform state in clear text, so anyone who reads them can decrypt the disk and its \
snapshots. Whatever the value, the attribute being set is the problem.",
    remediation: "Use a Cloud KMS key instead (`disk_encryption_key { kms_key_self_link = ... }`, or \
`kms_key_self_link` on the boot or attached disk). If CSEK is required, pass it RSA-wrapped (`rsa_encrypted_key`) and \
keep the raw key out of Terraform. Rotating a leaked key means re-encrypting the disk, so Rampart proposes no \
automatic change.",
    references: &[
        "https://cloud.google.com/compute/docs/disks/customer-supplied-encryption",
        "https://cloud.google.com/compute/docs/disks/customer-managed-encryption",
    ],
    aliases: &[
        "AVD-GCP-0037",
        "google-compute-disk-encryption-no-plaintext-key",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut paths = Vec::new();
    if r.kind == "google_compute_disk" {
        paths.push("disk_encryption_key.0.raw_key".to_string());
    } else {
        paths.push("boot_disk.0.disk_encryption_key_raw".to_string());
        if let Some(Value::List(disks)) = r.get("attached_disk") {
            paths.extend(
                (0..disks.len()).map(|i| format!("attached_disk.{i}.disk_encryption_key_raw")),
            );
        }
    }
    paths
        .into_iter()
        .filter(|p| !matches!(r.get(p), None | Some(Value::Null)))
        .map(|p| {
            Hit::at(
                p,
                format!(
                    "`{}` holds a raw disk encryption key in its configuration",
                    r.address
                ),
            )
        })
        .collect()
}
