//! GCP-GKE-009: GKE nodes expose the Compute Engine metadata server to pods.
use crate::prelude::*;
use crate::views::gcp::gke;
use crate::views::gcp::string_in;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-009",
    title: "GKE node pool exposes the node's metadata server to pods",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Gcp,
    kinds: gke::KINDS,
    rationale: "With `workload_metadata_config.mode = \"GCE_METADATA\"` (or the older `node_metadata = \"EXPOSE\"` / \
`\"UNSPECIFIED\"`), every pod can query the node's metadata server: it obtains the node service account's tokens and \
the kubelet bootstrap credentials, and can escalate to the node's permissions and beyond. `GKE_METADATA` (Workload \
Identity) serves each pod only its own identity. Only explicit exposing values are reported.",
    remediation: "Enable Workload Identity on the cluster (`workload_identity_config { workload_pool = \
\"<project>.svc.id.goog\" }`) and set `workload_metadata_config { mode = \"GKE_METADATA\" }` on the node pools.",
    references: &[
        "https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity",
        "https://cloud.google.com/kubernetes-engine/docs/how-to/protecting-cluster-metadata",
    ],
    aliases: &[
        "AVD-GCP-0057",
        "google-gke-node-metadata-security",
        "CKV_GCP_69",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for pool in gke::pools(r.resource()) {
        for (attr, exposing) in [
            ("mode", &["GCE_METADATA", "MODE_UNSPECIFIED"][..]),
            ("node_metadata", &["EXPOSE", "UNSPECIFIED"][..]),
        ] {
            let value = pool.node(&format!("workload_metadata_config.{attr}"));
            if string_in(value, exposing, Truth::False).is_true() {
                hits.push(Hit::at(
                    pool.path(&format!("node_config.0.workload_metadata_config.0.{attr}")),
                    format!("{} lets pods reach the node's metadata server", pool.label),
                ));
            }
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    let value = if path.ends_with(".mode") {
        "GKE_METADATA"
    } else {
        "GKE_METADATA_SERVER"
    };
    Some(set_attribute_fix(
        &r,
        &path,
        Value::string(value),
        "serve pods the GKE metadata server",
        Applicability::Unsafe("the cluster needs Workload Identity, nodes are recreated, and pods that used the node's service account lose it".into()),
    ))
}
