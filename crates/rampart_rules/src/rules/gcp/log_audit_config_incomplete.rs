//! GCP-LOG-001: Data Access audit logs are not enabled for all services.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "GCP-LOG-001",
    title: "Project does not enable Data Access audit logs for all services",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &["google_project", AUDIT_CONFIG],
    rationale: "Admin Activity logs are always on, but Data Access logs (`DATA_READ`, `DATA_WRITE`, and \
`ADMIN_READ`) are off for most services: without them nobody can tell who read which secret, object or table. A \
`google_project_iam_audit_config` for `allServices` with all three log types is expected. A project is reported when \
no `allServices` audit config for it is in the code and no folder or organization audit config is either; an \
`allServices` config that misses log types is reported on the config itself.",
    remediation: "Add a `google_project_iam_audit_config` with `service = \"allServices\"` and one `audit_log_config` \
block per log type (`ADMIN_READ`, `DATA_READ`, `DATA_WRITE`), exempting only noisy service accounts. Data Access logs \
are billed by volume, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/logging/docs/audit/configure-data-access",
        "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_project_iam#google_project_iam_audit_config",
    ],
    aliases: &["AVD-GCP-0079", "google-iam-configure-audit-logging"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

const AUDIT_CONFIG: &str = "google_project_iam_audit_config";
const LOG_TYPES: &[&str] = &["ADMIN_READ", "DATA_READ", "DATA_WRITE"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    if r.kind == AUDIT_CONFIG {
        return check_config(r);
    }
    let inv = r.inventory;
    let higher = [
        "google_folder_iam_audit_config",
        "google_organization_iam_audit_config",
    ]
    .iter()
    .any(|k| inv.of_kind(k).next().is_some());
    let mut covered = Truth::from_bool(higher);
    for config in inv.of_kind(AUDIT_CONFIG).filter(|c| is_managed(c)) {
        let all = match config.get("service") {
            Some(Value::String(s)) => Truth::from_bool(s == "allServices"),
            _ => Truth::Unknown,
        };
        covered = covered.or(all.and(targets(&config, &r)));
    }
    if covered.is_false() {
        vec![Hit::resource(format!(
            "`{}` has no audit config for allServices",
            r.address
        ))]
    } else {
        Vec::new()
    }
}

/// Whether an audit config's `project` names this project (its address, id or project_id).
fn targets(config: &ResourceRef<'_>, project: &ResourceRef<'_>) -> Truth {
    match config.get("project") {
        Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
            Some(a) if a == project.address => Truth::True,
            Some(a) if config.inventory.id_of(a).is_some() => Truth::False,
            _ => Truth::Unknown,
        },
        Some(Value::String(p)) => {
            let id = project.get("project_id");
            match id {
                Some(Value::String(mine)) => {
                    Truth::from_bool(p == mine || p.ends_with(&format!("/{mine}")))
                }
                _ => Truth::Unknown,
            }
        }
        // no project: the provider's default project, which may be this one
        _ => Truth::Unknown,
    }
}

fn check_config(r: ResourceRef<'_>) -> Vec<Hit> {
    if r.str("service") != Some("allServices") {
        return Vec::new();
    }
    let blocks = match r.get("audit_log_config") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items.iter().collect(),
        Some(_) => return Vec::new(),
    };
    let mut seen = Vec::new();
    for b in blocks {
        match b.get("log_type") {
            Some(Value::String(t)) => seen.push(t.to_ascii_uppercase()),
            _ => return Vec::new(),
        }
    }
    let missing: Vec<&str> = LOG_TYPES
        .iter()
        .copied()
        .filter(|t| !seen.iter().any(|s| s == t))
        .collect();
    if missing.is_empty() {
        Vec::new()
    } else {
        vec![Hit::at(
            "audit_log_config.0",
            format!(
                "`{}` does not log {} for allServices",
                r.address,
                missing.join(", ")
            ),
        )]
    }
}
