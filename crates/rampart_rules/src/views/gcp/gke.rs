//! GKE clusters and node pools: which node pools a resource defines and where their
//! `node_config` / `management` blocks are. A `google_container_cluster` creates a default node
//! pool (configured by its top-level `node_config`) unless it is Autopilot, declares inline
//! `node_pool` blocks, or sets `remove_default_node_pool = true`; a separate
//! `google_container_node_pool` configures its own. Must never report on its own, and never
//! claims a default pool exists when that is not known.

use crate::rule::{Fix, Hit};
use rampart_model::{Applicability, Resource, ResourceRef, Truth, Value};

pub const CLUSTER: &str = "google_container_cluster";
pub const NODE_POOL: &str = "google_container_node_pool";
pub const KINDS: &[&str] = &[CLUSTER, NODE_POOL];

/// `enable_autopilot = true`.
pub fn is_autopilot(r: &Resource) -> Truth {
    match r.get("enable_autopilot") {
        None | Some(Value::Null) => Truth::False,
        Some(v) => v.truth(),
    }
}

/// The cluster a resource belongs to: itself for a cluster; for a node pool, the cluster its
/// `cluster` attribute names in the same scope (by reference, name or id). `None` when that
/// cluster is not in the inventory or the pointer is not known statically.
pub fn cluster_of<'a>(r: ResourceRef<'a>) -> Option<ResourceRef<'a>> {
    if r.kind == CLUSTER {
        return Some(r);
    }
    match r.get("cluster") {
        Some(Value::Unknown(u)) => {
            let address = u.refers_to.as_deref()?;
            r.resolve(address).filter(|c| c.kind == CLUSTER)
        }
        Some(Value::String(named)) => {
            let named = named.trim();
            // `projects/p/locations/l/clusters/name` or the bare name
            let name = named.rsplit('/').next().unwrap_or(named);
            r.inventory.of_kind(CLUSTER).find(|c| {
                c.scope == r.scope && (c.str("name") == Some(name) || c.str("id") == Some(named))
            })
        }
        _ => None,
    }
}

/// Whether a cluster enables Workload Identity: Autopilot always does; a Standard cluster
/// does when `workload_identity_config.workload_pool` is set.
pub fn workload_identity(cluster: &Resource) -> Truth {
    is_autopilot(cluster).or(crate::views::logging::is_set(
        cluster,
        "workload_identity_config.0.workload_pool",
    ))
}

/// One node pool a resource defines: the path prefix of its blocks (`""` for a node pool
/// resource and a cluster's default pool, `node_pool.1.` for an inline pool).
#[derive(Clone, Debug)]
pub struct Pool<'a> {
    pub prefix: String,
    /// Human name for messages.
    pub label: String,
    pub node_config: Option<&'a Value>,
    pub management: Option<&'a Value>,
    /// The default pool of a cluster has no `management` block: auto-repair and auto-upgrade
    /// are always on for it.
    pub is_default_pool: bool,
}

impl Pool<'_> {
    pub fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.prefix)
    }
    /// A value inside `node_config` (`service_account`, `workload_metadata_config.mode`).
    pub fn node(&self, path: &str) -> Option<&Value> {
        self.node_config.and_then(|c| c.path(path))
    }
}

/// The node pools `r` defines whose settings can be seen. A cluster's default pool is listed
/// only when it certainly exists.
pub fn pools(r: &Resource) -> Vec<Pool<'_>> {
    if r.kind == NODE_POOL {
        return vec![Pool {
            prefix: String::new(),
            label: format!("node pool `{}`", r.address),
            node_config: r.get("node_config"),
            management: r.get("management"),
            is_default_pool: false,
        }];
    }
    if r.kind != CLUSTER {
        return Vec::new();
    }
    let mut out = Vec::new();
    match r.get("node_pool") {
        Some(Value::List(items)) if !items.is_empty() => {
            for (i, pool) in items.iter().enumerate() {
                out.push(Pool {
                    prefix: format!("node_pool.{i}."),
                    label: format!("inline node pool {i} of `{}`", r.address),
                    node_config: pool.get("node_config"),
                    management: pool.get("management"),
                    is_default_pool: false,
                });
            }
        }
        None | Some(Value::Null) | Some(Value::List(_)) => {
            let removed = match r.get("remove_default_node_pool") {
                None | Some(Value::Null) => Truth::False,
                Some(v) => v.truth(),
            };
            if removed.or(is_autopilot(r)).is_false() {
                out.push(Pool {
                    prefix: String::new(),
                    label: format!("default node pool of `{}`", r.address),
                    node_config: r.get("node_config"),
                    management: None,
                    is_default_pool: true,
                });
            }
        }
        Some(_) => {}
    }
    out
}

/// The hits of a node-management rule: each node pool of `r` whose `management.<setting>`
/// (`auto_repair`, `auto_upgrade`) is certainly false; `what` names the feature in the message.
pub fn management_off_hits(r: ResourceRef<'_>, setting: &str, what: &str) -> Vec<Hit> {
    if !crate::util::is_managed(&r) {
        return Vec::new();
    }
    pools(r.resource())
        .iter()
        .filter(|p| {
            p.management
                .and_then(|m| m.path(setting))
                .is_some_and(|v| v.truth().is_false())
        })
        .map(|p| {
            Hit::at(
                p.path(&format!("management.0.{setting}")),
                format!("{} turns {what} off", p.label),
            )
        })
        .collect()
}

/// The fix of a node-management hit: turn the setting it points at back on.
pub fn management_on_fix(
    r: ResourceRef<'_>,
    hit: &Hit,
    summary: &str,
    applicability: Applicability,
) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(crate::util::set_attribute_fix(
        &r,
        &path,
        Value::Bool(true),
        summary,
        applicability,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(json: serde_json::Value) -> Resource {
        crate::views::test_resources::live("gcp", CLUSTER, "google_container_cluster.c", json)
    }

    #[test]
    fn default_pool_exists_only_when_certain() {
        assert_eq!(pools(&cluster(serde_json::json!({}))).len(), 1);
        assert!(
            pools(&cluster(
                serde_json::json!({"remove_default_node_pool": true})
            ))
            .is_empty()
        );
        assert!(pools(&cluster(serde_json::json!({"enable_autopilot": true}))).is_empty());
        let mut unknown = cluster(serde_json::json!({}));
        unknown
            .attributes
            .insert("remove_default_node_pool".into(), Value::unknown());
        assert!(pools(&unknown).is_empty());
        let inline = cluster(
            serde_json::json!({"node_pool": [{"node_config": [{"service_account": "a@b"}]}]}),
        );
        let p = pools(&inline);
        assert_eq!(p.len(), 1);
        assert_eq!(
            p[0].path("node_config.0.service_account"),
            "node_pool.0.node_config.0.service_account"
        );
        assert_eq!(p[0].node("service_account"), Some(&Value::from("a@b")));
    }
}
