//! K8S-025: a ConfigMap holds a credential.

use crate::prelude::*;
use crate::views::secrets::{is_literal_secret_value, is_secret_name, redacted, scan_text};

pub static RULE: Rule = Rule {
    id: "K8S-025",
    title: "ConfigMap holds a secret",
    severity: Severity::High,
    category: Category::Secrets,
    provider: Provider::Kubernetes,
    kinds: &["kubernetes_config_map", "kubernetes_config_map_v1"],
    rationale: "ConfigMaps are meant for non-confidential settings: anyone who may read configuration (many roles, \
`view` included) reads them, they are not encrypted at rest by the Secret encryption provider, and they end up in \
Git, Helm values and CI logs. A password or key in one is effectively published.",
    remediation: "Move the value to a Secret (better: an external secret store synced into one) and rotate it, since it \
has been exposed.",
    references: &[
        "https://kubernetes.io/docs/concepts/configuration/configmap/",
        "https://kubernetes.io/docs/concepts/configuration/secret/",
    ],
    aliases: &["AVD-KSV-0109", "KSV109"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(data) = r.get("data").and_then(Value::as_map) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for (key, value) in data {
        let Some(text) = value.as_str() else {
            continue;
        };
        let found = if is_secret_name(key) && is_literal_secret_value(text) {
            Some(format!("password-like value {}", redacted(text)))
        } else {
            scan_text(text).first().map(|m| m.describe())
        };
        if let Some(what) = found {
            hits.push(Hit::at(
                format!("data.{key}"),
                format!("ConfigMap `{}` key `{key}` holds a {what}", r.address),
            ));
        }
    }
    hits
}
