//! GCP-GKE-009: GKE nodes expose the Compute Engine metadata server to pods.
use crate::prelude::*;
use crate::views::defaults::{Fact, Read, default_given};
use crate::views::gcp::gke;
use crate::views::gcp::string_in;

/// Where a node pool's workload metadata mode is written, from its `node_config`.
const MODE: &str = "workload_metadata_config.0.mode";
const EXPOSING_MODES: &[&str] = &["GCE_METADATA", "MODE_UNSPECIFIED"];

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
Identity) serves each pod only its own identity. A node pool that sets neither gets GKE's default: `GKE_METADATA` \
when its cluster enables Workload Identity (Autopilot always does), `GCE_METADATA` otherwise, which is reported; when \
the node pool's cluster is not in the code the check is undecided. The legacy metadata endpoints are disabled by \
default (`disable-legacy-endpoints` defaults to `true` since GKE 1.12), so an absent key is not reported.",
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
        if let Some(hit) = default_mode_hit(r, &pool) {
            hits.push(hit);
        }
        for (attr, exposing) in [
            ("mode", EXPOSING_MODES),
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

/// The hit of a pool that sets no metadata mode (neither `mode` nor the older
/// `node_metadata`) and so gets GKE's default, when that default exposes the metadata server.
fn default_mode_hit(r: ResourceRef<'_>, pool: &gke::Pool<'_>) -> Option<Hit> {
    let written = |attr: &str| {
        pool.node(&format!("workload_metadata_config.{attr}"))
            .is_some_and(|v| !v.is_null())
    };
    if pool.node_config.is_some_and(Value::is_unknown)
        || pool
            .node("workload_metadata_config")
            .is_some_and(Value::is_unknown)
        || written("mode")
        || written("node_metadata")
    {
        return None;
    }
    let Some(cluster) = gke::cluster_of(r) else {
        rampart_model::undecided::note_depends(
            &pool.path(&format!("node_config.0.{MODE}")),
            &format!(
                "{} sets no workload metadata mode, and GKE's default depends on whether its cluster enables \
Workload Identity; the cluster is not in the code",
                pool.label
            ),
        );
        return None;
    };
    let facts = match gke::workload_identity(cluster.resource()) {
        Truth::True => vec![Fact::WorkloadIdentity],
        Truth::False => Vec::new(),
        Truth::Unknown => return None,
    };
    let path = format!("node_config.0.{MODE}");
    let Read::Default(default) = default_given(r.resource(), &r.kind, &path, &facts) else {
        return None;
    };
    let mode = default.value.value()?;
    string_in(Some(&mode), EXPOSING_MODES, Truth::False)
        .is_true()
        .then(|| {
            Hit::at(
                pool.path(&path),
                format!(
                    "{} sets no workload metadata mode, so GKE gives it the default {}: its cluster does not enable \
Workload Identity, and pods can reach the node's metadata server",
                    pool.label,
                    default.value.text()
                ),
            )
        })
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
