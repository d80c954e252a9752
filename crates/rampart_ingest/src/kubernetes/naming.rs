//! The vocabulary bridge: which Terraform `kubernetes` provider resource type a manifest's
//! `apiVersion` + `kind` becomes, and how a camelCase manifest field is named in the provider
//! schema (`containers` → `container`, `securityContext` → `security_context`,
//! `nonResourceURLs` → `non_resource_urls`).
//!
//! Must never: map an object of a custom API group onto a built-in kind of the same name (a
//! Knative `Service` is not a `kubernetes_service`).

/// Whether objects of a kind live in a namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Namespaced,
    Cluster,
}

/// Kind, API groups it may come from (`""` is the core group), provider type, scope.
const KINDS: &[(&str, &[&str], &str, Scope)] = &[
    ("Pod", &[""], "kubernetes_pod", Scope::Namespaced),
    (
        "Deployment",
        &["apps", "extensions"],
        "kubernetes_deployment",
        Scope::Namespaced,
    ),
    (
        "StatefulSet",
        &["apps"],
        "kubernetes_stateful_set",
        Scope::Namespaced,
    ),
    (
        "DaemonSet",
        &["apps", "extensions"],
        "kubernetes_daemonset",
        Scope::Namespaced,
    ),
    // not a provider resource; named the way the provider would name it
    (
        "ReplicaSet",
        &["apps", "extensions"],
        "kubernetes_replica_set",
        Scope::Namespaced,
    ),
    (
        "ReplicationController",
        &[""],
        "kubernetes_replication_controller",
        Scope::Namespaced,
    ),
    ("Job", &["batch"], "kubernetes_job", Scope::Namespaced),
    (
        "CronJob",
        &["batch"],
        "kubernetes_cron_job",
        Scope::Namespaced,
    ),
    ("Service", &[""], "kubernetes_service", Scope::Namespaced),
    (
        "Role",
        &["rbac.authorization.k8s.io"],
        "kubernetes_role",
        Scope::Namespaced,
    ),
    (
        "ClusterRole",
        &["rbac.authorization.k8s.io"],
        "kubernetes_cluster_role",
        Scope::Cluster,
    ),
    (
        "RoleBinding",
        &["rbac.authorization.k8s.io"],
        "kubernetes_role_binding",
        Scope::Namespaced,
    ),
    (
        "ClusterRoleBinding",
        &["rbac.authorization.k8s.io"],
        "kubernetes_cluster_role_binding",
        Scope::Cluster,
    ),
    (
        "NetworkPolicy",
        &["networking.k8s.io", "extensions"],
        "kubernetes_network_policy",
        Scope::Namespaced,
    ),
    ("Namespace", &[""], "kubernetes_namespace", Scope::Cluster),
    (
        "ConfigMap",
        &[""],
        "kubernetes_config_map",
        Scope::Namespaced,
    ),
    ("Secret", &[""], "kubernetes_secret", Scope::Namespaced),
    (
        "ServiceAccount",
        &[""],
        "kubernetes_service_account",
        Scope::Namespaced,
    ),
    (
        "PersistentVolume",
        &[""],
        "kubernetes_persistent_volume",
        Scope::Cluster,
    ),
    (
        "PersistentVolumeClaim",
        &[""],
        "kubernetes_persistent_volume_claim",
        Scope::Namespaced,
    ),
    (
        "LimitRange",
        &[""],
        "kubernetes_limit_range",
        Scope::Namespaced,
    ),
    (
        "ResourceQuota",
        &[""],
        "kubernetes_resource_quota",
        Scope::Namespaced,
    ),
    (
        "StorageClass",
        &["storage.k8s.io"],
        "kubernetes_storage_class",
        Scope::Cluster,
    ),
    (
        "PodDisruptionBudget",
        &["policy"],
        "kubernetes_pod_disruption_budget_v1",
        Scope::Namespaced,
    ),
    (
        "PriorityClass",
        &["scheduling.k8s.io"],
        "kubernetes_priority_class",
        Scope::Cluster,
    ),
    (
        "MutatingWebhookConfiguration",
        &["admissionregistration.k8s.io"],
        "kubernetes_mutating_webhook_configuration",
        Scope::Cluster,
    ),
    (
        "ValidatingWebhookConfiguration",
        &["admissionregistration.k8s.io"],
        "kubernetes_validating_webhook_configuration",
        Scope::Cluster,
    ),
];

/// Provider type for objects the provider has no typed resource for (custom resources):
/// Terraform manages them with `kubernetes_manifest { manifest = {...} }`.
pub const MANIFEST_KIND: &str = "kubernetes_manifest";

/// API groups of client-side configuration that is never applied to a cluster.
const NOT_CLUSTER_OBJECTS: &[&str] = &["kustomize.config.k8s.io", "config.kubernetes.io"];

/// The API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → core `""`).
pub fn api_group(api_version: &str) -> &str {
    match api_version.rsplit_once('/') {
        Some((group, _)) => group,
        None => "",
    }
}

/// What a manifest object becomes: `(provider type, scope)`; `None` for files that are not
/// cluster objects (a kustomization).
pub fn resource_kind(api_version: &str, kind: &str) -> Option<(&'static str, Scope)> {
    let group = api_group(api_version);
    if NOT_CLUSTER_OBJECTS.contains(&group) {
        return None;
    }
    if kind == "Ingress" && matches!(group, "networking.k8s.io" | "extensions") {
        let tf = if api_version == "networking.k8s.io/v1" {
            "kubernetes_ingress_v1"
        } else {
            "kubernetes_ingress"
        };
        return Some((tf, Scope::Namespaced));
    }
    if kind == "HorizontalPodAutoscaler" && group == "autoscaling" {
        let tf = if api_version.ends_with("/v1") {
            "kubernetes_horizontal_pod_autoscaler"
        } else {
            "kubernetes_horizontal_pod_autoscaler_v2"
        };
        return Some((tf, Scope::Namespaced));
    }
    Some(
        KINDS
            .iter()
            .find(|(k, groups, _, _)| *k == kind && groups.contains(&group))
            .map(|(_, _, tf, scope)| (*tf, *scope))
            // scope of custom resources is unknown; the namespace, when written, is kept
            .unwrap_or((MANIFEST_KIND, Scope::Namespaced)),
    )
}

/// The manifest `kind` a provider type comes from (`kubernetes_deployment` → `Deployment`).
pub fn manifest_kind(tf_kind: &str) -> Option<&'static str> {
    match tf_kind {
        "kubernetes_ingress_v1" | "kubernetes_ingress" => Some("Ingress"),
        "kubernetes_horizontal_pod_autoscaler" | "kubernetes_horizontal_pod_autoscaler_v2" => {
            Some("HorizontalPodAutoscaler")
        }
        _ => KINDS
            .iter()
            .find(|(_, _, tf, _)| *tf == tf_kind)
            .map(|(kind, _, _, _)| *kind),
    }
}

/// camelCase → snake_case, keeping acronyms whole: `hostIPC` → `host_ipc`, `externalIPs` →
/// `external_ips`, `nonResourceURLs` → `non_resource_urls`, `targetCPUUtilization` →
/// `target_cpu_utilization`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
            let next = chars.get(i + 1).copied();
            let after_next = chars.get(i + 2).copied();
            let prev_is_lower_or_digit =
                prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let prev_is_upper = prev.is_some_and(|p| p.is_ascii_uppercase());
            // an acronym's plural `s` at the end (`IPs`) stays with it
            let plural_tail = next == Some('s') && after_next.is_none();
            let starts_word_after_acronym =
                prev_is_upper && next.is_some_and(|n| n.is_ascii_lowercase()) && !plural_tail;
            if (prev_is_lower_or_digit || starts_word_after_acronym) && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' || c == '.' || c == '/' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Lists of objects the provider names in the singular, as repeated blocks.
const SINGULAR_BLOCKS: &[(&str, &str)] = &[
    ("containers", "container"),
    ("initContainers", "init_container"),
    ("ephemeralContainers", "ephemeral_container"),
    ("volumes", "volume"),
    ("volumeMounts", "volume_mount"),
    ("volumeDevices", "volume_device"),
    ("ports", "port"),
    ("tolerations", "toleration"),
    ("rules", "rule"),
    ("subjects", "subject"),
    ("paths", "path"),
    ("topologySpreadConstraints", "topology_spread_constraint"),
    ("readinessGates", "readiness_gate"),
    ("webhooks", "webhook"),
    ("secrets", "secret"),
    ("imagePullSecrets", "image_pull_secret"),
];

/// Provider name of a field whose value is a list of objects. `parent` is the provider name
/// of the enclosing block: network policy rules keep `ports` (`spec.ingress.ports`).
pub fn list_block_name(key: &str, parent: &str) -> String {
    if key == "ports" && matches!(parent, "ingress" | "egress") {
        return "ports".into();
    }
    // the pod spec's is `image_pull_secrets`; the service account's is `image_pull_secret`
    if key == "imagePullSecrets" && parent == "spec" {
        return "image_pull_secrets".into();
    }
    SINGULAR_BLOCKS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| (*v).to_string())
        .unwrap_or_else(|| snake_case(key))
}

/// Fields that are free-form string maps in the provider (kept as maps, keys as written).
const FREE_FORM_MAPS: &[&str] = &[
    "labels",
    "annotations",
    "matchLabels",
    "nodeSelector",
    "data",
    "binaryData",
    "stringData",
    "limits",
    "requests",
    "parameters",
    "capacity",
    "hard",
    "default",
    "defaultRequest",
    "max",
    "min",
    "maxLimitRequestRatio",
    "volumeAttributes",
    "options",
];

/// Whether a mapping under `key` is a free-form map. A `selector` is one in a Service
/// (`selector: {app: web}`) and a block elsewhere (`selector: {matchLabels: ...}`).
pub fn is_free_form_map(key: &str, has_selector_fields: bool) -> bool {
    if key == "selector" {
        return !has_selector_fields;
    }
    FREE_FORM_MAPS.contains(&key)
}

/// Provider names of lists of objects, with the manifest key they come from. Deliberately not
/// the loader's `SINGULAR_BLOCKS` read backwards: that direction is ambiguous (`path`,
/// `secret`, `rule` are also scalar or object keys in manifests), so only names that are
/// always lists of objects in a pod spec are listed here.
const LIST_BLOCKS: &[(&str, &str)] = &[
    ("container", "containers"),
    ("init_container", "initContainers"),
    ("ephemeral_container", "ephemeralContainers"),
    ("volume", "volumes"),
    ("volume_mount", "volumeMounts"),
    ("port", "ports"),
    ("toleration", "tolerations"),
    ("image_pull_secrets", "imagePullSecrets"),
];

/// Names whose camelCase keeps an acronym whole.
const ACRONYMS: &[(&str, &str)] = &[
    ("host_ipc", "hostIPC"),
    ("host_pid", "hostPID"),
    ("host_ip", "hostIP"),
    ("pod_ip", "podIP"),
    ("cluster_ip", "clusterIP"),
];

/// The manifest key for a provider name: `run_as_non_root` → `runAsNonRoot`.
pub fn camel_case(name: &str) -> String {
    if let Some((_, key)) = LIST_BLOCKS
        .iter()
        .chain(ACRONYMS)
        .find(|(snake, _)| *snake == name)
    {
        return (*key).to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// True when a provider name is a list of objects (its `.N` is an item, not the object).
pub fn is_list_block(name: &str) -> bool {
    LIST_BLOCKS.iter().any(|(snake, _)| *snake == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_keeps_acronyms_whole() {
        assert_eq!(snake_case("securityContext"), "security_context");
        assert_eq!(snake_case("hostIPC"), "host_ipc");
        assert_eq!(snake_case("hostPID"), "host_pid");
        assert_eq!(snake_case("externalIPs"), "external_ips");
        assert_eq!(snake_case("nonResourceURLs"), "non_resource_urls");
        assert_eq!(
            snake_case("targetCPUUtilizationPercentage"),
            "target_cpu_utilization_percentage"
        );
        assert_eq!(snake_case("runAsUser"), "run_as_user");
        assert_eq!(snake_case("fsGroup"), "fs_group");
        assert_eq!(snake_case("httpGet"), "http_get");
        assert_eq!(snake_case("podIP"), "pod_ip");
        assert_eq!(snake_case("ipv4"), "ipv4");
    }

    #[test]
    fn kinds_follow_the_provider_and_respect_api_groups() {
        assert_eq!(
            resource_kind("apps/v1", "DaemonSet"),
            Some(("kubernetes_daemonset", Scope::Namespaced))
        );
        assert_eq!(
            resource_kind("networking.k8s.io/v1", "Ingress").map(|k| k.0),
            Some("kubernetes_ingress_v1")
        );
        assert_eq!(
            resource_kind("serving.knative.dev/v1", "Service").map(|k| k.0),
            Some(MANIFEST_KIND)
        );
        assert_eq!(
            resource_kind("kustomize.config.k8s.io/v1beta1", "Kustomization"),
            None
        );
        assert_eq!(list_block_name("ports", "ingress"), "ports");
        assert_eq!(list_block_name("ports", "spec"), "port");
        assert_eq!(list_block_name("initContainers", "spec"), "init_container");
    }
}
