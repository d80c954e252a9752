//! Google Cloud (`google` Terraform provider) questions answered once for every GCP rule:
//! firewall rules ([`firewall`]), IAM grants and members ([`iam`]), Cloud SQL settings and
//! database flags ([`sql`]), GKE clusters and node pools ([`gke`]), and instance / project
//! metadata (here). Answers are three-valued: a value that is not known statically makes the
//! answer `Unknown`, and a provider default is applied only where the provider documents one.
//!
//! Must never: report on its own, invent a value it cannot see, or panic.

pub mod firewall;
pub mod gke;
pub mod iam;
pub mod sql;

use crate::rule::Fix;
use rampart_model::{Applicability, Change, Inventory, Mode, Resource, Truth, Value};

/// Project-wide metadata resources: one map, or one key per item.
pub const PROJECT_METADATA: &str = "google_compute_project_metadata";
pub const PROJECT_METADATA_ITEM: &str = "google_compute_project_metadata_item";

/// Kinds that carry instance metadata and a boot configuration.
pub const INSTANCE_KINDS: &[&str] = &[
    "google_compute_instance",
    "google_compute_instance_template",
];

/// A metadata key of a resource's `metadata` map: `None` when the key is not written, the
/// value's truth otherwise (`"TRUE"`, `true`, `"1"` are true). A metadata map that is not known
/// as a whole may hold the key: `Some(Unknown)`.
pub fn metadata_truth(r: &Resource, key: &str) -> Option<Truth> {
    match r.get("metadata") {
        None | Some(Value::Null) => None,
        Some(Value::Map(m)) => m.get(key).map(|v| match v {
            Value::Null => Truth::False,
            other => {
                // read from the map itself, which the undecided recorder does not see
                if other.is_unknown() {
                    rampart_model::undecided::note(&format!("metadata.{key}"), Some(other));
                }
                other.truth()
            }
        }),
        Some(_) => Some(Truth::Unknown),
    }
}

/// A metadata key set for the whole project in the inventory (`google_compute_project_metadata`
/// or `google_compute_project_metadata_item`): `None` when no resource sets it.
pub fn project_metadata_truth(inventory: &Inventory, key: &str) -> Option<Truth> {
    let mut found: Option<Truth> = None;
    let mut add = |t: Truth| found = Some(found.map_or(t, |f| f.or(t)));
    for project in inventory
        .of_kind(PROJECT_METADATA)
        .filter(|p| p.mode == Mode::Managed)
    {
        if let Some(t) = metadata_truth(project.resource(), key) {
            add(t);
        }
    }
    for item in inventory
        .of_kind(PROJECT_METADATA_ITEM)
        .filter(|p| p.mode == Mode::Managed)
    {
        match item.get("key") {
            Some(Value::String(k)) if k == key => {
                add(item.get("value").map_or(Truth::False, Value::truth))
            }
            Some(Value::String(_)) => {}
            _ => add(Truth::Unknown),
        }
    }
    found
}

/// Whether OS Login applies to an instance: its own `enable-oslogin` metadata wins, else the
/// project's. `False` only when one of them says so or neither is written (the default is off).
pub fn os_login(instance: &Resource, inventory: &Inventory) -> Truth {
    match metadata_truth(instance, "enable-oslogin") {
        Some(t) => t,
        None => project_metadata_truth(inventory, "enable-oslogin").unwrap_or(Truth::False),
    }
}

/// Subnet purposes that carry no VM traffic of their own (proxy-only, Private Service Connect,
/// private NAT): flow logs and Private Google Access do not apply to them.
pub const NO_FLOW_LOG_PURPOSES: &[&str] = &[
    "REGIONAL_MANAGED_PROXY",
    "GLOBAL_MANAGED_PROXY",
    "INTERNAL_HTTPS_LOAD_BALANCER",
    "PRIVATE_SERVICE_CONNECT",
    "PRIVATE_NAT",
];

/// A known string attribute compared case-insensitively with any of `values`; unknown stays
/// unknown, absent is `absent`.
pub fn string_in(value: Option<&Value>, values: &[&str], absent: Truth) -> Truth {
    match value {
        None | Some(Value::Null) => absent,
        Some(Value::String(s)) => {
            Truth::from_bool(values.iter().any(|v| s.trim().eq_ignore_ascii_case(v)))
        }
        Some(v) if v.is_unknown() => Truth::Unknown,
        Some(_) => Truth::False,
    }
}

/// A fix setting one metadata key of a resource (`metadata = { key = value }`).
pub fn set_metadata_fix(
    r: &Resource,
    key: &str,
    value: Value,
    summary: &str,
    applicability: Applicability,
) -> Fix {
    Fix {
        summary: summary.to_string(),
        changes: vec![Change::SetAttribute {
            address: r.address.clone(),
            path: format!("metadata.{key}"),
            value,
        }],
        applicability,
    }
}

/// The Compute Engine or App Engine default service account, by email.
pub fn is_default_service_account_email(email: &str) -> bool {
    let email = email.trim().trim_start_matches("serviceAccount:");
    email.ends_with("-compute@developer.gserviceaccount.com")
        || email.ends_with("@appspot.gserviceaccount.com")
}

/// Whether a service-account value names a default service account: a known email, or a
/// reference to the `google_compute_default_service_account` / App Engine default data sources.
pub fn names_default_service_account(value: &Value) -> Truth {
    match value {
        Value::String(s) => Truth::from_bool(is_default_service_account_email(s)),
        Value::Unknown(u) => match u.refers_to.as_deref() {
            Some(a) if is_default_account_source(a) => Truth::True,
            // a reference to a service account resource is a custom account
            Some(a)
                if a.starts_with("google_service_account.")
                    || a.contains(".google_service_account.") =>
            {
                Truth::False
            }
            _ => Truth::Unknown,
        },
        _ => Truth::False,
    }
}

fn is_default_account_source(address: &str) -> bool {
    [
        "google_compute_default_service_account",
        "google_app_engine_default_service_account",
    ]
    .iter()
    .any(|kind| address.contains(&format!("data.{kind}.")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_service_accounts_are_recognised_with_or_without_prefix() {
        assert!(is_default_service_account_email(
            "123-compute@developer.gserviceaccount.com"
        ));
        assert!(is_default_service_account_email(
            "serviceAccount:proj@appspot.gserviceaccount.com"
        ));
        assert!(!is_default_service_account_email(
            "app@proj.iam.gserviceaccount.com"
        ));
        assert_eq!(
            names_default_service_account(&Value::unknown_ref(
                "data.google_compute_default_service_account.default"
            )),
            Truth::True
        );
        assert_eq!(
            names_default_service_account(&Value::unknown_ref("google_service_account.app")),
            Truth::False
        );
        assert_eq!(
            names_default_service_account(&Value::unknown()),
            Truth::Unknown
        );
    }

    #[test]
    fn string_in_keeps_unknown_and_uses_the_absent_default() {
        assert_eq!(
            string_in(Some(&Value::from("Enforced")), &["enforced"], Truth::False),
            Truth::True
        );
        assert_eq!(string_in(None, &["enforced"], Truth::False), Truth::False);
        assert_eq!(
            string_in(Some(&Value::unknown()), &["enforced"], Truth::False),
            Truth::Unknown
        );
    }
}
