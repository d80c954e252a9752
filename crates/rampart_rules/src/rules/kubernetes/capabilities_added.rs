//! K8S-009: a container adds Linux capabilities beyond the Pod Security Standards baseline.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS, strings};

pub static RULE: Rule = Rule {
    id: "K8S-009",
    title: "Container adds dangerous Linux capabilities",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Capabilities split root's power into pieces; some pieces are most of it. `SYS_ADMIN` allows mounts and \
namespace escapes, `NET_RAW` packet spoofing, `NET_ADMIN` rewriting the pod's routing, `SYS_PTRACE` reading other \
processes, `SYS_MODULE` loading kernel code, and `ALL` is every one. The Pod Security Standards baseline allows adding \
only a short list of harmless ones.",
    remediation: "Remove capabilities outside the baseline list (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, \
MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT) from `securityContext.capabilities.add`; prefer \
dropping `ALL` and adding back only `NET_BIND_SERVICE` when a low port is needed.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline",
        "https://man7.org/linux/man-pages/man7/capabilities.7.html",
    ],
    aliases: &[
        "AVD-KSV-0022",
        "KSV022",
        "AVD-KSV-0005",
        "KSV005",
        "CKV_K8S_39",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::Kubernetes],
        safety: FixSafety::Unsafe,
    },
};

const BASELINE: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        let Some(added) = strings(c.get("security_context.0.capabilities.0.add")) else {
            continue;
        };
        for (i, cap) in added.iter().enumerate() {
            let name = cap.trim().to_ascii_uppercase();
            let name = name.strip_prefix("CAP_").unwrap_or(&name);
            if !BASELINE.contains(&name) {
                hits.push(Hit::at(
                    c.path_of(&format!("security_context.0.capabilities.0.add.{i}")),
                    format!(
                        "{} of `{}` adds capability `{name}`",
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
    // every capability beyond the baseline that this container adds goes, in one change, so
    // the fixes of its findings are the same edit
    let attribute = hit.attribute.as_deref()?;
    let (list_path, _) = attribute.rsplit_once('.')?;
    let Some(Value::List(added)) = r.get(list_path) else {
        return None;
    };
    let kept: Vec<Value> = added
        .iter()
        .filter(|cap| {
            cap.as_str().is_some_and(|c| {
                let name = c.trim().to_ascii_uppercase();
                BASELINE.contains(&name.strip_prefix("CAP_").unwrap_or(&name))
            })
        })
        .cloned()
        .collect();
    let change = if kept.is_empty() {
        Change::RemoveAttribute {
            address: r.address.clone(),
            path: list_path.to_string(),
        }
    } else {
        Change::SetAttribute {
            address: r.address.clone(),
            path: list_path.to_string(),
            value: Value::List(kept),
        }
    };
    Some(Fix {
        summary: "stop adding capabilities beyond the baseline".into(),
        changes: vec![change],
        applicability: Applicability::Unsafe(
            "a process that needs the capability (a VPN client, a debugger, a mount) fails; grant it on a dedicated workload instead".into(),
        ),
    })
}
