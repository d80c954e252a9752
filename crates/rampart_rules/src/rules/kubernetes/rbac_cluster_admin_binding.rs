//! K8S-022: a binding grants the `cluster-admin` role.

use crate::prelude::*;
use crate::views::kubernetes::BINDING_KINDS;

pub static RULE: Rule = Rule {
    id: "K8S-022",
    title: "Binding grants the cluster-admin role",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Kubernetes,
    kinds: BINDING_KINDS,
    rationale: "`cluster-admin` can do anything to any object; bound through a RoleBinding it still owns the whole \
namespace including its RBAC. A workload's service account or a broad group with it turns any compromise of that \
subject into a compromise of the cluster.",
    remediation: "Bind a role with only the permissions the subject needs. Keep `cluster-admin` for the built-in \
`system:masters` group and break-glass access.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege",
    ],
    aliases: &["AVD-KSV-0111", "KSV111"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let name = r.str("role_ref.0.name");
    let kind = r.str("role_ref.0.kind").unwrap_or("ClusterRole");
    if name != Some("cluster-admin") || kind != "ClusterRole" {
        return Vec::new();
    }
    let subjects = r.get("subject").and_then(Value::as_list).unwrap_or(&[]);
    let only_masters = !subjects.is_empty()
        && subjects.iter().all(|s| {
            s.get("kind").and_then(Value::as_str) == Some("Group")
                && s.get("name").and_then(Value::as_str) == Some("system:masters")
        });
    if only_masters {
        return Vec::new();
    }
    let who: Vec<String> = subjects
        .iter()
        .map(|s| {
            format!(
                "{} `{}`",
                s.get("kind").and_then(Value::as_str).unwrap_or("subject"),
                s.get("name").and_then(Value::as_str).unwrap_or("?")
            )
        })
        .collect();
    vec![Hit::at(
        "role_ref.0.name",
        format!(
            "`{}` grants cluster-admin to {}",
            r.address,
            if who.is_empty() {
                "its subjects".into()
            } else {
                who.join(", ")
            }
        ),
    )]
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    // which narrower role the subjects need is a decision; the cluster-admin grant goes. A
    // manifest object is not deleted by a fix (the manifest renderer refuses it).
    if r.format == SourceFormat::Kubernetes {
        return None;
    }
    Some(Fix {
        summary: "remove the binding to cluster-admin".into(),
        changes: vec![Change::RemoveResource {
            address: r.address.clone(),
        }],
        applicability: Applicability::Unsafe(
            "the subjects lose every permission cluster-admin gave them; bind them to a role with what they need first".into(),
        ),
    })
}
