//! K8S-020: an RBAC role grants wildcards.

use crate::prelude::*;
use crate::views::kubernetes::{ROLE_KINDS, strings};

pub static RULE: Rule = Rule {
    id: "K8S-020",
    title: "RBAC role grants wildcard verbs, resources or API groups",
    severity: Severity::High,
    category: Category::Identity,
    provider: Provider::Kubernetes,
    kinds: ROLE_KINDS,
    rationale: "`*` in `verbs`, `resources` or `apiGroups` grants everything that exists today and everything added \
later — new resource types, subresources such as `pods/exec`, `escalate` and `impersonate`. A role with wildcards is \
rarely what its author meant and often amounts to namespace or cluster admin.",
    remediation: "List the API groups, resources and verbs the subject needs (`kubectl auth can-i --list` and audit logs \
show what it uses); split broad roles into narrow ones.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege",
        "https://kubernetes.io/docs/reference/access-authn-authz/rbac/",
    ],
    aliases: &[
        "CKV_K8S_49",
        "AVD-KSV-0044",
        "KSV044",
        "AVD-KSV-0045",
        "KSV045",
        "AVD-KSV-0046",
        "KSV046",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(rules) = r.get("rule").and_then(Value::as_list) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let wild: Vec<&str> = [
            ("verbs", "verbs"),
            ("resources", "resources"),
            ("api_groups", "API groups"),
        ]
        .into_iter()
        .filter(|(field, _)| strings(rule.get(field)).is_some_and(|v| v.contains(&"*")))
        .map(|(_, label)| label)
        .collect();
        if !wild.is_empty() {
            hits.push(Hit::at(
                format!("rule.{i}"),
                format!("`{}` grants `*` {} in rule {i}", r.address, wild.join(", ")),
            ));
        }
    }
    hits
}
