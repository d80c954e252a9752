//! Kubernetes workloads in the Terraform `kubernetes` provider's shape, whether they came from a
//! manifest or from HCL: [`PodSpec`] finds the pod spec of any workload (a pod's `spec.0`, a
//! deployment's, stateful set's, daemon set's or job's `spec.0.template.0.spec.0`, a cron
//! job's `spec.0.job_template.0.spec.0.template.0.spec.0`) and iterates its containers and init
//! containers with their attribute paths, so rules never spell those paths out.
//!
//! Must never: guess a value it cannot see. A pod spec or container list that is Unknown (a
//! `dynamic` block, a module output) yields no spec or no containers, never an empty one that
//! a rule would read as "not set".

use rampart_model::{Resource, ResourceRef, SourceFormat, Truth, Value};
use std::collections::BTreeMap;

/// Every provider type that runs pods.
pub const WORKLOAD_KINDS: &[&str] = &[
    "kubernetes_pod",
    "kubernetes_pod_v1",
    "kubernetes_deployment",
    "kubernetes_deployment_v1",
    "kubernetes_stateful_set",
    "kubernetes_stateful_set_v1",
    "kubernetes_daemonset",
    "kubernetes_daemon_set_v1",
    "kubernetes_job",
    "kubernetes_job_v1",
    "kubernetes_cron_job",
    "kubernetes_cron_job_v1",
    "kubernetes_replication_controller",
    "kubernetes_replication_controller_v1",
    "kubernetes_replica_set",
];

pub const ROLE_KINDS: &[&str] = &[
    "kubernetes_role",
    "kubernetes_role_v1",
    "kubernetes_cluster_role",
    "kubernetes_cluster_role_v1",
];

pub const BINDING_KINDS: &[&str] = &[
    "kubernetes_role_binding",
    "kubernetes_role_binding_v1",
    "kubernetes_cluster_role_binding",
    "kubernetes_cluster_role_binding_v1",
];

pub const NETWORK_POLICY_KINDS: &[&str] =
    &["kubernetes_network_policy", "kubernetes_network_policy_v1"];

pub const SERVICE_ACCOUNT_KINDS: &[&str] = &[
    "kubernetes_service_account",
    "kubernetes_service_account_v1",
];

/// Where the pod template sits in each workload: (path of the pod spec, path of its metadata).
fn template_paths(kind: &str) -> Option<(&'static str, &'static str)> {
    let base = kind.strip_suffix("_v1").unwrap_or(kind);
    match base {
        "kubernetes_pod" => Some(("spec.0", "metadata.0")),
        "kubernetes_deployment"
        | "kubernetes_stateful_set"
        | "kubernetes_daemonset"
        | "kubernetes_daemon_set"
        | "kubernetes_job"
        | "kubernetes_replication_controller"
        | "kubernetes_replica_set" => {
            Some(("spec.0.template.0.spec.0", "spec.0.template.0.metadata.0"))
        }
        "kubernetes_cron_job" => Some((
            "spec.0.job_template.0.spec.0.template.0.spec.0",
            "spec.0.job_template.0.spec.0.template.0.metadata.0",
        )),
        _ => None,
    }
}

/// The pod spec of a workload.
#[derive(Clone, Debug)]
pub struct PodSpec<'a> {
    pub resource: &'a Resource,
    /// Dotted path of the pod spec block (`spec.0.template.0.spec.0`).
    pub path: &'static str,
    /// Dotted path of the pod template's metadata block.
    pub metadata_path: &'static str,
    spec: &'a Value,
}

/// One container or init container of a pod spec.
#[derive(Clone, Debug)]
pub struct Container<'a> {
    /// Dotted path of the container block (`spec.0.container.1`).
    pub path: String,
    pub init: bool,
    value: &'a Value,
}

impl<'a> PodSpec<'a> {
    /// The pod spec of `resource`, when it is a workload whose spec is known.
    pub fn of(resource: &'a Resource) -> Option<PodSpec<'a>> {
        let (path, metadata_path) = template_paths(&resource.kind)?;
        let spec = resource.get(path).filter(|v| matches!(v, Value::Map(_)))?;
        Some(PodSpec {
            resource,
            path,
            metadata_path,
            spec,
        })
    }

    /// A field of the pod spec by relative dotted path (`security_context.0.run_as_user`).
    pub fn get(&self, relative: &str) -> Option<&'a Value> {
        self.spec.path(relative)
    }

    /// Full attribute path of a pod spec field.
    pub fn path_of(&self, relative: &str) -> String {
        format!("{}.{relative}", self.path)
    }

    /// Truth of a boolean pod spec field; absent or null is false.
    pub fn flag(&self, relative: &str) -> Truth {
        self.get(relative).map_or(Truth::False, Value::truth)
    }

    /// Containers then init containers, each with its path. `None` when either list is
    /// Unknown: then no rule may say a container is missing or absent.
    pub fn containers(&self) -> Option<Vec<Container<'a>>> {
        let mut out = Vec::new();
        for (field, init) in [("container", false), ("init_container", true)] {
            match self.spec.get(field) {
                None | Some(Value::Null) => {}
                Some(Value::List(items)) => {
                    for (i, value) in items.iter().enumerate() {
                        if value.is_unknown() {
                            return None;
                        }
                        out.push(Container {
                            path: format!("{}.{field}.{i}", self.path),
                            init,
                            value,
                        });
                    }
                }
                Some(_) => return None,
            }
        }
        Some(out)
    }

    /// Containers, or none when they are not known (see [`PodSpec::containers`]).
    pub fn known_containers(&self) -> Vec<Container<'a>> {
        self.containers().unwrap_or_default()
    }

    /// Annotations of the pod template (for a pod, of the pod itself).
    pub fn annotations(&self) -> Option<&'a BTreeMap<String, Value>> {
        self.resource
            .get(self.metadata_path)
            .and_then(|m| m.get("annotations"))
            .and_then(Value::as_map)
    }

    /// Attribute path of one annotation (keys contain dots; the path is only used for spans).
    pub fn annotation_path(&self, key: &str) -> String {
        format!("{}.annotations.{key}", self.metadata_path)
    }

    /// A field of the container's security context, falling back to the pod's (the container's
    /// setting wins, as in Kubernetes). Returns the value and the path it was read at.
    pub fn effective(&self, container: &Container<'a>, field: &str) -> Option<(&'a Value, String)> {
        let relative = format!("security_context.0.{field}");
        match container.get(&relative) {
            Some(v) if !v.is_null() => Some((v, container.path_of(&relative))),
            _ => self
                .get(&relative)
                .filter(|v| !v.is_null())
                .map(|v| (v, self.path_of(&relative))),
        }
    }
}

impl<'a> Container<'a> {
    pub fn get(&self, relative: &str) -> Option<&'a Value> {
        self.value.path(relative)
    }

    pub fn path_of(&self, relative: &str) -> String {
        format!("{}.{relative}", self.path)
    }

    pub fn name(&self) -> &'a str {
        self.get("name").and_then(Value::as_str).unwrap_or("?")
    }

    /// `container `app`` or `init container `migrate`` for messages.
    pub fn describe(&self) -> String {
        let what = if self.init {
            "init container"
        } else {
            "container"
        };
        format!("{what} `{}`", self.name())
    }

    /// Truth of a boolean container field; absent or null is false.
    pub fn flag(&self, relative: &str) -> Truth {
        self.get(relative).map_or(Truth::False, Value::truth)
    }
}

/// A container image reference split into its parts: `registry/repo:tag@sha256:…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(image: &'a str) -> ImageRef<'a> {
        let (name, digest) = match image.split_once('@') {
            Some((name, digest)) => (name, Some(digest)),
            None => (image, None),
        };
        // a `:` after the last `/` is a tag; before it, a registry port (`host:5000/app`)
        let last_slash = name.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match name.get(last_slash..).and_then(|tail| tail.rfind(':')) {
            Some(colon) => {
                let at = last_slash + colon;
                (name.get(..at).unwrap_or(name), name.get(at + 1..))
            }
            None => (name, None),
        };
        ImageRef {
            repository,
            tag: tag.filter(|t| !t.is_empty()),
            digest: digest.filter(|d| !d.is_empty()),
        }
    }
}

/// The namespace an object lands in: the one written; for Terraform resources without one, the
/// provider's default `default`; for a manifest without one, `None` (`kubectl -n` or a
/// kustomization decides, so it is not known here).
pub fn namespace(resource: &Resource) -> Option<&str> {
    match resource.get("metadata.0.namespace") {
        Some(Value::String(ns)) if !ns.is_empty() => Some(ns),
        None | Some(Value::Null) => matches!(
            resource.format,
            SourceFormat::Terraform | SourceFormat::TerraformPlan
        )
        .then_some("default"),
        _ => None,
    }
}

/// `metadata.0.name` when known.
pub fn object_name(resource: &Resource) -> Option<&str> {
    resource.get("metadata.0.name").and_then(Value::as_str)
}

/// The service account a pod runs as, when it is defined in the same scan.
pub fn service_account<'a>(
    workload: &ResourceRef<'a>,
    pod: &PodSpec<'_>,
) -> Option<ResourceRef<'a>> {
    let ns = namespace(workload)?;
    let name = match pod
        .get("service_account_name")
        .or_else(|| pod.get("service_account"))
    {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        None | Some(Value::Null) => "default",
        _ => return None,
    };
    let inventory = workload.inventory;
    let index = inventory.memo(ServiceAccounts::build);
    let id = *index.0.get(&(ns.to_string(), name.to_string()))?;
    inventory.resource_ref(id)
}

/// The first service account of each (namespace, name), in [`SERVICE_ACCOUNT_KINDS`] order,
/// built once per inventory (searching every account for every workload is quadratic).
struct ServiceAccounts(std::collections::HashMap<(String, String), rampart_model::ResourceId>);

impl ServiceAccounts {
    fn build(inventory: &rampart_model::Inventory) -> ServiceAccounts {
        let mut index = std::collections::HashMap::new();
        for sa in SERVICE_ACCOUNT_KINDS
            .iter()
            .flat_map(|kind| inventory.of_kind(kind))
        {
            if let (Some(ns), Some(name)) = (namespace(&sa), object_name(&sa)) {
                index
                    .entry((ns.to_string(), name.to_string()))
                    .or_insert(sa.id);
            }
        }
        ServiceAccounts(index)
    }
}

/// Strings of a list attribute (`verbs`, `resources`); `None` when the list or an item is not
/// known.
pub fn strings(value: Option<&Value>) -> Option<Vec<&str>> {
    match value {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(Value::List(items)) => items.iter().map(Value::as_str).collect(),
        Some(Value::String(s)) => Some(vec![s.as_str()]),
        _ => None,
    }
}

/// The hit of a host-namespace rule (`host_network`, `host_pid`, `host_ipc`): the workload's pod
/// spec sets `namespace_flag` to true.
pub fn host_namespace_hits(r: ResourceRef<'_>, namespace_flag: &str) -> Vec<crate::rule::Hit> {
    match PodSpec::of(&r) {
        Some(pod) if pod.flag(namespace_flag).is_true() => vec![crate::rule::Hit::at(
            pod.path_of(namespace_flag),
            format!("`{}` sets `{namespace_flag} = true`", r.address),
        )],
        _ => Vec::new(),
    }
}

/// The fix of a host-namespace hit: set the flag it points at to false; unsafe, `breaks` says
/// which workloads stop working.
pub fn host_namespace_fix(
    r: ResourceRef<'_>,
    hit: &crate::rule::Hit,
    breaks: &str,
) -> Option<crate::rule::Fix> {
    Some(crate::util::set_attribute_fix(
        &r,
        hit.attribute.as_deref()?,
        Value::Bool(false),
        "stop sharing the host namespace",
        rampart_model::Applicability::Unsafe(breaks.into()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    use rampart_ingest::documents::load_document_text;
    use rampart_ingest::{LoadOptions, load_terraform_text};

    const MANIFEST: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      initContainers:
        - name: migrate
          image: web:1
      containers:
        - name: web
          image: web:1
          securityContext:
            privileged: true
";

    const HCL: &str = r#"
resource "kubernetes_deployment" "web" {
  metadata {
    name      = "web"
    namespace = "shop"
  }
  spec {
    template {
      metadata {}
      spec {
        security_context {
          run_as_non_root = true
        }
        init_container {
          name  = "migrate"
          image = "web:1"
        }
        container {
          name  = "web"
          image = "web:1"
          security_context {
            privileged = true
          }
        }
      }
    }
  }
}
"#;

    /// (container path, name, privileged, effective run_as_non_root) of every container.
    fn summary(r: &Resource) -> Vec<(String, String, Truth, Truth)> {
        let pod = PodSpec::of(r).expect("pod spec");
        pod.containers()
            .expect("known containers")
            .iter()
            .map(|c| {
                let non_root = pod
                    .effective(c, "run_as_non_root")
                    .map_or(Truth::False, |(v, _)| v.truth());
                (
                    c.path.clone(),
                    c.name().to_string(),
                    c.flag("security_context.0.privileged"),
                    non_root,
                )
            })
            .collect()
    }

    #[test]
    fn manifest_and_terraform_workloads_have_the_same_pod_spec() {
        let docs = load_document_text("web.yaml", MANIFEST, &LoadOptions::default());
        let manifest = docs.resources.first().expect("manifest resource");
        let tf = load_terraform_text("main.tf", HCL);
        let hcl = tf
            .inventory
            .resources()
            .first()
            .expect("terraform resource");
        assert_eq!(manifest.kind, hcl.kind);
        let expected = vec![
            (
                "spec.0.template.0.spec.0.container.0".to_string(),
                "web".to_string(),
                Truth::True,
                Truth::True,
            ),
            (
                "spec.0.template.0.spec.0.init_container.0".to_string(),
                "migrate".to_string(),
                Truth::False,
                Truth::True,
            ),
        ];
        assert_eq!(summary(manifest), expected);
        assert_eq!(summary(hcl), expected);
        // the namespace written wins over any default
        assert_eq!(namespace(manifest), Some("shop"));
    }

    #[test]
    fn checkov_and_rampart_annotations_suppress_findings_by_alias_or_id() {
        let text = "apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
  annotations:
    checkov.io/skip1: CKV_K8S_20=needs setuid
    rampart.dev/ignore: K8S-011
spec:
  containers:
    - name: c
      image: c:1
";
        let docs = load_document_text("p.yaml", text, &LoadOptions::default());
        let inventory = rampart_model::Inventory::new(docs.resources);
        let rules = crate::registry::builtin_rules();
        let findings =
            crate::engine::run_rules(&inventory, &rules, &crate::EngineOptions::default());
        let state = |id: &str| {
            findings
                .iter()
                .find(|f| f.rule_id == id)
                .map(|f| f.suppressed.as_ref().and_then(|s| s.reason.clone()))
        };
        assert_eq!(state("K8S-002"), Some(Some("needs setuid".to_string())));
        assert_eq!(state("K8S-011"), Some(None));
        // K8S-010 is reported and not suppressed
        let drop_all = findings
            .iter()
            .find(|f| f.rule_id == "K8S-010")
            .expect("K8S-010");
        assert!(drop_all.suppressed.is_none());
        assert_eq!(drop_all.line(), Some(11));
    }

    #[test]
    fn unknown_container_lists_are_not_empty_lists() {
        let tf = load_terraform_text(
            "main.tf",
            r#"
variable "containers" {}
resource "kubernetes_pod" "p" {
  metadata {
    name = "p"
  }
  spec {
    dynamic "container" {
      for_each = var.containers
      content {
        name  = container.value.name
        image = container.value.image
      }
    }
  }
}
"#,
        );
        let pod = tf.inventory.resources().first().expect("pod");
        let spec = PodSpec::of(pod).expect("pod spec");
        assert!(
            spec.containers().is_none(),
            "{:?}",
            pod.get("spec.0.container")
        );
        assert_eq!(namespace(pod), Some("default"));
    }

    #[test]
    fn image_refs_split_registry_ports_tags_and_digests() {
        let r = ImageRef::parse("registry.local:5000/team/app");
        assert_eq!(
            (r.repository, r.tag, r.digest),
            ("registry.local:5000/team/app", None, None)
        );
        let r = ImageRef::parse("nginx:1.27");
        assert_eq!((r.repository, r.tag), ("nginx", Some("1.27")));
        let r = ImageRef::parse("ghcr.io/a/b:latest@sha256:abc");
        assert_eq!((r.tag, r.digest), (Some("latest"), Some("sha256:abc")));
    }
}
