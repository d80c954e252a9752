//! K8S-021: an RBAC role lets its subjects read Secrets.

use crate::prelude::*;
use crate::views::kubernetes::{ROLE_KINDS, strings};

pub static RULE: Rule = Rule {
    id: "K8S-021",
    title: "RBAC role can read Secrets",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Kubernetes,
    kinds: ROLE_KINDS,
    rationale: "`get`, `list` or `watch` on `secrets` hands over every credential stored in the namespace (or, for a \
ClusterRole bound cluster-wide, in the cluster): database passwords, TLS keys, cloud credentials and other service \
accounts' tokens, with which the subject can act as those accounts.",
    remediation: "Remove `secrets` from the rule, or restrict it with `resourceNames` to the few Secrets the workload \
needs; mount Secrets into pods instead of reading them through the API.",
    references: &[
        "https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets",
    ],
    aliases: &["AVD-KSV-0041", "KSV041", "AVD-KSV-0113", "KSV113"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const READ_VERBS: &[&str] = &["get", "list", "watch", "*"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(rules) = r.get("rule").and_then(Value::as_list) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let (Some(resources), Some(verbs), Some(groups), Some(names)) = (
            strings(rule.get("resources")),
            strings(rule.get("verbs")),
            strings(rule.get("api_groups")),
            strings(rule.get("resource_names")),
        ) else {
            continue;
        };
        // secrets live in the core group; named secrets are a deliberate, narrow grant
        let core = groups.iter().any(|g| g.is_empty() || *g == "*");
        let read: Vec<&str> = verbs
            .iter()
            .copied()
            .filter(|v| READ_VERBS.contains(v))
            .collect();
        if resources.contains(&"secrets") && core && !read.is_empty() && names.is_empty() {
            hits.push(Hit::at(
                format!("rule.{i}.resources"),
                format!(
                    "`{}` grants `{}` on all secrets in rule {i}",
                    r.address,
                    read.join("`, `")
                ),
            ));
        }
    }
    hits
}
