//! Google IAM grants, normalised. A role is granted to members in three shapes for every
//! resource type — `*_iam_member` (`role`, `member`), `*_iam_binding` (`role`, `members`) and
//! `*_iam_policy` (`policy_data`, usually `data.google_iam_policy.x.policy_data`, else a JSON
//! string) — and each becomes a list of [`Grant`]s here, keeping the attribute path a finding
//! should point at. Members are classified (`allUsers`, `user:`, `serviceAccount:`, default
//! service accounts) in three-valued logic: an unknown member or role is `Unknown`, never a hit.

use crate::rule::{Fix, Hit};
use rampart_model::{Applicability, Change, Inventory, Mode, ResourceRef, Truth, Value};

/// The data source that renders a policy document for `*_iam_policy` resources.
pub const POLICY_DOCUMENT: &str = "google_iam_policy";

/// IAM grant kinds on projects, folders and organizations.
pub const PROJECT_GRANTS: &[&str] = &[
    "google_project_iam_member",
    "google_project_iam_binding",
    "google_project_iam_policy",
];
pub const HIERARCHY_GRANTS: &[&str] = &[
    "google_project_iam_member",
    "google_project_iam_binding",
    "google_project_iam_policy",
    "google_folder_iam_member",
    "google_folder_iam_binding",
    "google_folder_iam_policy",
    "google_organization_iam_member",
    "google_organization_iam_binding",
    "google_organization_iam_policy",
];

/// One member of one grant, with the path of the attribute it is written in.
#[derive(Clone, Debug)]
pub struct Member {
    pub path: String,
    pub value: Value,
}

impl Member {
    pub fn text(&self) -> Option<&str> {
        self.value.as_str()
    }
    /// `allUsers` or `allAuthenticatedUsers`: anyone on the internet, or anyone with a Google
    /// account.
    pub fn is_public(&self) -> Truth {
        match &self.value {
            Value::String(s) => Truth::from_bool(is_public_member(s)),
            v if v.is_unknown() => Truth::Unknown,
            _ => Truth::False,
        }
    }
    /// The member type before the colon (`user`, `group`, `serviceAccount`, `domain`).
    pub fn is_type(&self, kind: &str) -> Truth {
        match &self.value {
            Value::String(s) => Truth::from_bool(
                s.split_once(':')
                    .is_some_and(|(k, _)| k.eq_ignore_ascii_case(kind)),
            ),
            v if v.is_unknown() => Truth::Unknown,
            _ => Truth::False,
        }
    }
    /// A service account: `serviceAccount:` or a reference to a `google_service_account`
    /// (its `member` attribute renders `serviceAccount:<email>`).
    pub fn is_service_account(&self) -> Truth {
        match &self.value {
            Value::Unknown(u) => match u.refers_to.as_deref() {
                Some(a)
                    if a.starts_with("google_service_account.")
                        || a.contains(".google_service_account.") =>
                {
                    Truth::True
                }
                _ => Truth::Unknown,
            },
            _ => self.is_type("serviceAccount"),
        }
    }
    pub fn is_default_service_account(&self) -> Truth {
        super::names_default_service_account(&self.value)
    }
}

/// `allUsers` / `allAuthenticatedUsers`.
pub fn is_public_member(member: &str) -> bool {
    let m = member.trim();
    m.eq_ignore_ascii_case("allUsers") || m.eq_ignore_ascii_case("allAuthenticatedUsers")
}

/// One role granted to members.
#[derive(Clone, Debug)]
pub struct Grant {
    /// `None` when the role is not known statically.
    pub role: Option<String>,
    /// Where to point a finding about the role.
    pub role_path: String,
    pub members: Vec<Member>,
}

impl Grant {
    /// Whether the role is one of `roles` (exact, case-sensitive as GCP role names are).
    pub fn role_is(&self, roles: &[&str]) -> Truth {
        match &self.role {
            Some(r) => Truth::from_bool(roles.contains(&r.trim())),
            None => Truth::Unknown,
        }
    }
}

/// Every grant a resource makes. For a `*_iam_policy` whose `policy_data` comes from a
/// `google_iam_policy` data source, the data source's bindings are read (pointing at
/// `policy_data`); a JSON string is parsed. A `google_iam_policy` data source itself yields its
/// `binding` blocks.
pub fn grants(r: ResourceRef<'_>) -> Vec<Grant> {
    let kind = r.kind.as_str();
    if kind == POLICY_DOCUMENT {
        return document_bindings(r.get("binding"), "binding", None);
    }
    if kind.ends_with("_iam_member") {
        return vec![Grant {
            role: r.str("role").map(str::to_string),
            role_path: "role".into(),
            members: r
                .get("member")
                .map(|v| {
                    vec![Member {
                        path: "member".into(),
                        value: v.clone(),
                    }]
                })
                .unwrap_or_default(),
        }];
    }
    if kind.ends_with("_iam_binding") {
        return vec![Grant {
            role: r.str("role").map(str::to_string),
            role_path: "role".into(),
            members: members_at(r.get("members"), "members"),
        }];
    }
    if kind.ends_with("_iam_policy") {
        return policy_grants(r.inventory, r.get("policy_data"));
    }
    Vec::new()
}

/// Grants of a `policy_data` value: the referenced data source's bindings, or parsed JSON.
pub fn policy_grants(inventory: &Inventory, policy_data: Option<&Value>) -> Vec<Grant> {
    match policy_data {
        Some(Value::Unknown(u)) => {
            let Some(doc) = u.refers_to.as_deref().and_then(|a| inventory.by_address(a)) else {
                return Vec::new();
            };
            if doc.kind != POLICY_DOCUMENT {
                return Vec::new();
            }
            document_bindings(doc.get("binding"), "policy_data", Some("policy_data"))
        }
        Some(Value::String(text)) => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(json) => {
                let bindings =
                    Value::from_json(json.get("bindings").unwrap_or(&serde_json::Value::Null));
                document_bindings(Some(&bindings), "policy_data", Some("policy_data"))
            }
            Err(_) => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Bindings written as blocks or JSON objects (`role`, `members`). `at` overrides the paths.
fn document_bindings(bindings: Option<&Value>, prefix: &str, at: Option<&str>) -> Vec<Grant> {
    let Some(Value::List(items)) = bindings else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let own = format!("{prefix}.{i}");
            let path = |attr: &str| at.map_or_else(|| format!("{own}.{attr}"), str::to_string);
            Grant {
                role: b.get("role").and_then(Value::as_str).map(str::to_string),
                role_path: path("role"),
                members: members_at(b.get("members"), &path("members")),
            }
        })
        .collect()
}

/// Members of a list attribute; an unknown list is one unknown member.
fn members_at(value: Option<&Value>, path: &str) -> Vec<Member> {
    match value {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::List(items)) => items
            .iter()
            .map(|v| Member {
                path: path.to_string(),
                value: v.clone(),
            })
            .collect(),
        Some(other) => vec![Member {
            path: path.to_string(),
            value: other.clone(),
        }],
    }
}

/// `project`, `folder`, `organization`, or the resource type of any other IAM kind.
pub fn scope_of(kind: &str) -> &str {
    let base = kind.trim_start_matches("google_");
    base.split("_iam_").next().unwrap_or(base)
}

/// Whether a grant resource is managed (data sources other than policy documents grant
/// nothing).
pub fn is_grant_resource(r: &ResourceRef<'_>) -> bool {
    r.mode == Mode::Managed || r.kind == POLICY_DOCUMENT
}

/// One hit per grant that gives a role to `allUsers` / `allAuthenticatedUsers`; `what` names
/// the thing shared (`bucket`, `project`).
pub fn public_grant_hits(r: ResourceRef<'_>, what: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for grant in grants(r) {
        for member in grant.members.iter().filter(|m| m.is_public().is_true()) {
            let role = grant
                .role
                .as_deref()
                .unwrap_or("(a role not known statically)");
            hits.push(Hit::at(
                member.path.clone(),
                format!(
                    "`{}` grants `{role}` on the {what} to `{}`",
                    r.address,
                    member.text().unwrap_or_default()
                ),
            ));
        }
    }
    hits.dedup_by(|a, b| a.attribute == b.attribute && a.message == b.message);
    hits
}

/// The fix that takes public members out of a grant: an `*_iam_member` is removed, an
/// `*_iam_binding` keeps its other members (or is removed when none remain). Policies need a
/// human decision: `None`.
pub fn remove_public_members_fix(r: ResourceRef<'_>, why_unsafe: &str) -> Option<Fix> {
    let applicability = Applicability::Unsafe(why_unsafe.to_string());
    if r.mode != Mode::Managed {
        return None;
    }
    if r.kind.ends_with("_iam_member") {
        return Some(Fix {
            summary: "remove the grant to the public".into(),
            changes: vec![Change::RemoveResource {
                address: r.address.clone(),
            }],
            applicability,
        });
    }
    if r.kind.ends_with("_iam_binding") {
        let Some(Value::List(members)) = r.get("members") else {
            return None;
        };
        if members.iter().any(|m| !matches!(m, Value::String(_))) {
            return None;
        }
        let rest: Vec<Value> = members
            .iter()
            .filter(|m| m.as_str().is_some_and(|s| !is_public_member(s)))
            .cloned()
            .collect();
        let change = if rest.is_empty() {
            Change::RemoveResource {
                address: r.address.clone(),
            }
        } else {
            Change::SetAttribute {
                address: r.address.clone(),
                path: "members".into(),
                value: Value::List(rest),
            }
        };
        return Some(Fix {
            summary: "remove the public members from the binding".into(),
            changes: vec![change],
            applicability,
        });
    }
    None
}

/// The fix that takes the members `offending` picks out of a member or binding grant: an
/// `*_iam_member` is removed, an `*_iam_binding` keeps its other members (or is removed when
/// none remain). A binding with a member not known statically, and policies, need a human
/// decision: `None`.
pub fn remove_members_fix(
    r: ResourceRef<'_>,
    offending: impl Fn(&Grant, &Member) -> bool,
    why_unsafe: &str,
) -> Option<Fix> {
    if r.mode != Mode::Managed {
        return None;
    }
    let applicability = Applicability::Unsafe(why_unsafe.to_string());
    let remove_grant = || Fix {
        summary: "remove the grant".into(),
        changes: vec![Change::RemoveResource {
            address: r.address.clone(),
        }],
        applicability: applicability.clone(),
    };
    let grants = grants(r);
    let grant = grants.first()?;
    if r.kind.ends_with("_iam_member") {
        return grant
            .members
            .iter()
            .any(|m| offending(grant, m))
            .then(remove_grant);
    }
    if !r.kind.ends_with("_iam_binding") || grant.members.iter().any(|m| m.text().is_none()) {
        return None;
    }
    let rest: Vec<Value> = grant
        .members
        .iter()
        .filter(|m| !offending(grant, m))
        .map(|m| m.value.clone())
        .collect();
    if rest.len() == grant.members.len() {
        return None;
    }
    if rest.is_empty() {
        return Some(remove_grant());
    }
    Some(Fix {
        summary: "remove the members from the binding".into(),
        changes: vec![Change::SetAttribute {
            address: r.address.clone(),
            path: "members".into(),
            value: Value::List(rest),
        }],
        applicability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Inventory, Resource};

    fn resource(kind: &str, name: &str, json: serde_json::Value) -> Resource {
        crate::views::test_resources::live("gcp", kind, format!("{kind}.{name}"), json)
    }

    #[test]
    fn policy_data_is_read_from_the_data_source_or_json() {
        let mut doc = resource(
            POLICY_DOCUMENT,
            "p",
            serde_json::json!({"binding": [{"role": "roles/viewer", "members": ["allUsers"]}]}),
        );
        doc.address = "data.google_iam_policy.p".into();
        doc.mode = Mode::Data;
        let mut policy = resource("google_project_iam_policy", "x", serde_json::json!({}));
        policy.attributes.insert(
            "policy_data".into(),
            Value::unknown_ref("data.google_iam_policy.p"),
        );
        let json = resource(
            "google_storage_bucket_iam_policy",
            "j",
            serde_json::json!({"policy_data": "{\"bindings\":[{\"role\":\"roles/storage.objectViewer\",\"members\":[\"allAuthenticatedUsers\"]}]}"}),
        );
        let inv = Inventory::new(vec![doc, policy, json]);
        let via_doc = grants(inv.by_address("google_project_iam_policy.x").unwrap());
        assert_eq!(via_doc[0].role.as_deref(), Some("roles/viewer"));
        assert_eq!(via_doc[0].members[0].is_public(), Truth::True);
        assert_eq!(via_doc[0].members[0].path, "policy_data");
        let via_json = grants(
            inv.by_address("google_storage_bucket_iam_policy.j")
                .unwrap(),
        );
        assert_eq!(via_json[0].members[0].is_public(), Truth::True);
    }

    #[test]
    fn member_types() {
        let m = |v: Value| Member {
            path: "member".into(),
            value: v,
        };
        assert_eq!(m(Value::from("user:a@b.c")).is_type("user"), Truth::True);
        assert_eq!(m(Value::from("group:a@b.c")).is_type("user"), Truth::False);
        assert_eq!(m(Value::unknown()).is_service_account(), Truth::Unknown);
        assert_eq!(
            m(Value::unknown_ref("google_service_account.app")).is_service_account(),
            Truth::True
        );
        assert_eq!(scope_of("google_organization_iam_binding"), "organization");
        assert_eq!(
            scope_of("google_kms_crypto_key_iam_member"),
            "kms_crypto_key"
        );
    }
}
