//! K8S-024: a container reads Secrets through environment variables.

use crate::prelude::*;
use crate::views::kubernetes::{PodSpec, WORKLOAD_KINDS};

pub static RULE: Rule = Rule {
    id: "K8S-024",
    title: "Secret is exposed to a container as environment variables",
    severity: Severity::Low,
    category: Category::Secrets,
    provider: Provider::Kubernetes,
    kinds: WORKLOAD_KINDS,
    rationale: "Environment variables leak: they are inherited by every child process, printed by crash handlers and \
debug endpoints, shown by `kubectl describe` and `docker inspect`, and never rotate while the container runs. Secrets \
mounted as files stay out of those channels and follow updates.",
    remediation: "Mount the Secret as a volume (`volumes[].secret` + `volumeMounts`) and read the file, instead of \
`env[].valueFrom.secretKeyRef` or `envFrom[].secretRef`.",
    references: &[
        "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod",
    ],
    aliases: &["CKV_K8S_35"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let Some(pod) = PodSpec::of(&r) else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.known_containers() {
        for (i, env) in c
            .get("env")
            .and_then(Value::as_list)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(secret) = env
                .path("value_from.0.secret_key_ref.0")
                .filter(|v| !v.is_null())
            {
                let var = env.get("name").and_then(Value::as_str).unwrap_or("?");
                let name = secret.get("name").and_then(Value::as_str).unwrap_or("?");
                hits.push(Hit::at(
                    c.path_of(&format!("env.{i}.value_from.0.secret_key_ref")),
                    format!(
                        "{} of `{}` reads secret `{name}` into variable `{var}`",
                        c.describe(),
                        r.address
                    ),
                ));
            }
        }
        for (i, from) in c
            .get("env_from")
            .and_then(Value::as_list)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            if let Some(secret) = from.path("secret_ref.0").filter(|v| !v.is_null()) {
                let name = secret.get("name").and_then(Value::as_str).unwrap_or("?");
                hits.push(Hit::at(
                    c.path_of(&format!("env_from.{i}.secret_ref")),
                    format!(
                        "{} of `{}` loads all of secret `{name}` into its environment",
                        c.describe(),
                        r.address
                    ),
                ));
            }
        }
    }
    hits
}
