//! K8S-008: a pod mounts a directory of the node.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-008",
    title: "Pod mounts a hostPath volume",
    severity: Severity::Medium,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "A `hostPath` volume exposes a file or directory of the node to the container. Mounting `/`, `/etc`, \
`/var/lib/kubelet` or the container runtime socket (`/var/run/docker.sock`, `containerd.sock`) hands over the node; \
even a harmless-looking path lets the pod plant files other workloads or the node will read.",
    remediation: "Use `emptyDir`, a ConfigMap/Secret, or a PersistentVolumeClaim instead. When a node agent really \
needs a host path, mount the narrowest path read-only (`readOnly: true`) and keep that workload in its own namespace.",
    references: &[
        "https://kubernetes.io/docs/concepts/storage/volumes/#hostpath",
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
    ],
    aliases: &["AVD-KSV-0023", "KSV023"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const RUNTIME_SOCKETS: &[&str] = &[
    "docker.sock",
    "containerd.sock",
    "crio.sock",
    "cri-dockerd.sock",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let Some(volumes) = pod.get("volume").and_then(Value::as_list) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (i, volume) in volumes.iter().enumerate() {
        let Some(host_path) = volume.get("host_path").filter(|v| !v.is_null()) else {
            continue;
        };
        let name = volume.get("name").and_then(Value::as_str).unwrap_or("?");
        let path = host_path
            .path("path")
            .and_then(Value::as_str)
            .unwrap_or("(unknown path)");
        let what = if RUNTIME_SOCKETS.iter().any(|s| path.ends_with(s)) {
            " — the container runtime socket, which controls every container on the node"
        } else {
            ""
        };
        hits.push(Hit::at(
            pod.path_of(&format!("volume.{i}.host_path")),
            format!(
                "`{}` mounts host path `{path}` as volume `{name}`{what}",
                r.address
            ),
        ));
    }
    hits
}
