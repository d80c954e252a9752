//! K8S-007: a container binds a port on the node.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-007",
    title: "Container binds a host port",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "A `hostPort` opens the port on the node's own address. Traffic to it bypasses Services and \
NetworkPolicies, anyone who can reach the node reaches the container, and the pod can only be scheduled where the port \
is free.",
    remediation: "Remove `hostPort` (Terraform: `host_port` in the container's `port` block) and expose the pod through a \
Service (`ClusterIP`, or `LoadBalancer`/Ingress for outside traffic).",
    references: &[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        "https://kubernetes.io/docs/concepts/configuration/overview/#services",
    ],
    aliases: &["CKV_K8S_26", "AVD-KSV-0024", "KSV024"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        let Some(ports) = c.get("port").and_then(Value::as_list) else {
            continue;
        };
        for (i, port) in ports.iter().enumerate() {
            if let Some(host_port) = port
                .get("host_port")
                .and_then(Value::as_i64)
                .filter(|p| *p > 0)
            {
                hits.push(Hit::at(
                    c.path_of(&format!("port.{i}.host_port")),
                    format!(
                        "{} of `{}` binds host port {host_port}",
                        c.describe(),
                        r.address
                    ),
                ));
            }
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "stop binding the port on the node".into(),
        changes: vec![Change::RemoveAttribute {
            address: r.address.clone(),
            path: hit.attribute.clone()?,
        }],
        applicability: Applicability::Unsafe(
            "clients that reach the pod through the node's address lose access until a Service is put in front of it"
                .into(),
        ),
    })
}
