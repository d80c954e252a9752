//! GCP-GKE-003: authorized networks admit the whole internet to the control plane.
use crate::prelude::*;
use crate::views::gcp::gke::CLUSTER;
use crate::views::network::cidr_is_whole_internet;

pub static RULE: Rule = Rule {
    id: "GCP-GKE-003",
    title: "GKE authorized networks admit the whole internet to the control plane",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[CLUSTER],
    rationale: "A `cidr_blocks` entry of `0.0.0.0/0` in `master_authorized_networks_config` turns the restriction \
into a formality: the Kubernetes API endpoint is reachable from anywhere, so API-server vulnerabilities and leaked \
credentials are exploitable from the whole internet.",
    remediation: "Replace the entry with the ranges that administer the cluster, or use a private endpoint. The \
machine fix removes the open entry.",
    references: &["https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks"],
    aliases: &[
        "AVD-GCP-0053",
        "google-gke-no-public-control-plane",
        "CKV_GCP_18",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const BLOCKS: &str = "master_authorized_networks_config.0.cidr_blocks";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let Some(Value::List(blocks)) = r.get(BLOCKS) else {
        return Vec::new();
    };
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            b.get("cidr_block")
                .and_then(Value::as_str)
                .is_some_and(cidr_is_whole_internet)
        })
        .map(|(i, _)| {
            Hit::at(
                format!("{BLOCKS}.{i}.cidr_block"),
                format!(
                    "`{}` admits the whole internet to the Kubernetes API",
                    r.address
                ),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let block = hit
        .attribute
        .as_deref()?
        .strip_suffix(".cidr_block")?
        .to_string();
    Some(Fix {
        summary: "remove the whole-internet authorized network".into(),
        changes: vec![Change::RemoveAttribute { address: r.address.clone(), path: block }],
        applicability: Applicability::Unsafe(
            "administrators and CI systems outside the remaining ranges lose access to the Kubernetes API".into(),
        ),
    })
}
