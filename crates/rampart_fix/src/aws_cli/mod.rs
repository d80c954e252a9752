//! AWS CLI commands and console steps for the changes rules make, with the real identifiers
//! filled in (bucket name, group id, region) and a read-back command that shows the new state.
//! Table-driven per (resource kind, change) in [`rows`]: placeholders such as `<instance-id>`
//! where the code does not know the identifier. Renders text only; never runs a command.

mod rows;

use crate::render::terraform::hcl_text;
use rampart_model::{Change, Inventory, Origin, Resource, Value};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// One command with the command that reads the result back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CliStep {
    pub command: String,
    pub read_back: String,
}

/// Which change a row answers.
#[derive(Clone, Copy, Debug)]
pub(crate) enum On {
    /// SetAttribute or RemoveAttribute at a path starting with this (`metadata_options`).
    Attribute(&'static str),
    /// AddResource of this kind.
    Adds(&'static str),
    /// RemoveResource of the resource itself.
    Removal,
}

pub(crate) struct Row {
    kind: &'static str,
    on: On,
    command: &'static str,
    read_back: &'static str,
    console: &'static [&'static str],
}

impl On {
    /// Whether a row keyed this way answers `change`.
    pub(crate) fn answers(&self, change: &Change) -> bool {
        match (self, change) {
            (
                On::Attribute(prefix),
                Change::SetAttribute { path, .. } | Change::RemoveAttribute { path, .. },
            ) => path.starts_with(prefix),
            (On::Adds(kind), Change::AddResource { kind: added, .. }) => kind == added,
            (On::Removal, Change::RemoveResource { .. }) => true,
            _ => false,
        }
    }
}

/// The resource a change is about (the owner for an added resource).
pub(crate) fn subject(change: &Change) -> &str {
    crate::render::subject_address(change)
}

/// A template filled for one change on one resource.
pub(crate) fn fill_for(
    inventory: &Inventory,
    r: &Resource,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    change: &Change,
    template: &str,
) -> String {
    fill(template, &fields(inventory, r, sources, change), r)
}

/// A template filled with placeholders only, as for a resource the code says nothing about.
pub(crate) fn fill_sample(kind: &str, template: &str) -> String {
    let r = Resource::new(
        kind,
        format!("{kind}.sample"),
        Origin::Code {
            span: rampart_model::Span {
                file: Arc::from("sample.tf"),
                start_byte: 0,
                end_byte: 0,
                start: Default::default(),
                end: Default::default(),
            },
        },
    );
    let inventory = Inventory::new(vec![r.clone()]);
    let change = Change::SetAttribute {
        address: r.address.clone(),
        path: "sample".into(),
        value: Value::List(vec![Value::string("sample")]),
    };
    fill_for(&inventory, &r, &BTreeMap::new(), &change, template)
}

/// CLI steps and console steps for the changes of one fix.
pub fn render(
    inventory: &Inventory,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    changes: &[Change],
) -> (Vec<CliStep>, Vec<String>) {
    let mut steps = Vec::new();
    let mut console = Vec::new();
    for change in changes {
        let Some(resource) = inventory.by_address(subject(change)) else {
            continue;
        };
        let Some(row) = rows::ROWS
            .iter()
            .find(|row| row.kind == resource.kind && row.on.answers(change))
        else {
            continue;
        };
        // values computed from a file's contents are never printed: placeholders instead
        let change = crate::redact::printable_change(resource.resource(), change);
        let r = crate::redact::printable(resource.resource());
        let fields = fields(inventory, &r, sources, &change);
        let step = CliStep {
            command: fill(row.command, &fields, &r),
            read_back: fill(row.read_back, &fields, &r),
        };
        if !steps.contains(&step) {
            steps.push(step);
            console.extend(row.console.iter().map(|s| fill(s, &fields, &r)));
        }
    }
    (steps, console)
}

/// Every row of the table with placeholders in every field: what the awscli check in
/// `tests/awscli.rs` validates beside the commands fixtures produce.
pub fn table_commands() -> Vec<CliStep> {
    rows::ROWS
        .iter()
        .map(|row| CliStep {
            command: fill_sample(row.kind, row.command),
            read_back: fill_sample(row.kind, row.read_back),
        })
        .collect()
}

/// Fills `{field}` from `fields` and `{@attribute.path|placeholder}` from the resource.
fn fill(template: &str, fields: &BTreeMap<&'static str, String>, r: &Resource) -> String {
    let named = fields.iter().fold(template.to_string(), |t, (k, v)| {
        t.replace(&format!("{{{k}}}"), v)
    });
    let mut out = String::with_capacity(named.len());
    let mut rest = named.as_str();
    while let Some(at) = rest.find("{@") {
        out.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at + 2..).unwrap_or("");
        let Some(end) = after.find('}') else {
            out.push_str(rest.get(at..).unwrap_or(""));
            rest = "";
            break;
        };
        let spec = after.get(..end).unwrap_or("");
        let (path, placeholder) = spec.split_once('|').unwrap_or((spec, ""));
        let fallback = if placeholder.is_empty() {
            path.rsplit('.').next().unwrap_or(path).replace('_', "-")
        } else {
            placeholder.to_string()
        };
        out.push_str(&attribute_text(r, path).unwrap_or_else(|| format!("<{fallback}>")));
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// A known scalar attribute as text.
fn attribute_text(r: &Resource, path: &str) -> Option<String> {
    match r.get(path)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => r.get(path).map(Value::to_display_string),
        _ => None,
    }
}

fn known(r: &Resource, path: &str) -> Option<String> {
    r.str(path).filter(|s| !s.is_empty()).map(str::to_string)
}

/// A reference's target attribute (`bucket = aws_s3_bucket.b.id` → that bucket's name).
fn through_reference(inventory: &Inventory, v: &Value, attribute: &str) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Unknown(u) => u
            .refers_to
            .as_deref()
            .and_then(|a| inventory.by_address(a))
            .and_then(|target| known(&crate::redact::printable(target.resource()), attribute)),
        _ => None,
    }
}

/// The values the templates use, with placeholders where the code does not say.
fn fields(
    inventory: &Inventory,
    r: &Resource,
    sources: &BTreeMap<Arc<str>, Arc<str>>,
    change: &Change,
) -> BTreeMap<&'static str, String> {
    let mut f = BTreeMap::new();
    let live_id = match &r.origin {
        Origin::Live { id, .. } => Some(id.clone()),
        Origin::Code { .. } => None,
    };
    let id = known(r, "id").or(live_id).unwrap_or_else(|| {
        format!(
            "<{}-id>",
            r.kind.trim_start_matches("aws_").replace('_', "-")
        )
    });
    let bucket = known(r, "bucket")
        .filter(|_| r.kind == "aws_s3_bucket")
        .or_else(|| {
            r.get("bucket")
                .and_then(|v| through_reference(inventory, v, "bucket"))
        });
    f.insert("bucket", bucket.unwrap_or_else(|| "<bucket-name>".into()));
    f.insert(
        "region",
        region(r, sources).unwrap_or_else(|| "<region>".into()),
    );
    f.insert("name", known(r, "name").unwrap_or_else(|| "<name>".into()));
    f.insert(
        "identifier",
        known(r, "identifier").unwrap_or_else(|| "<db-instance-identifier>".into()),
    );
    let group_id = if r.kind == "aws_security_group" || r.kind == "aws_default_security_group" {
        known(r, "id")
    } else {
        r.get("security_group_id")
            .and_then(|v| through_reference(inventory, v, "id"))
    };
    f.insert(
        "group_id",
        group_id.unwrap_or_else(|| "<security-group-id>".into()),
    );
    f.insert("id", id);
    ingress_fields(r, change, &mut f);
    let new = match change {
        Change::SetAttribute { value, .. } => Some(value),
        _ => None,
    };
    f.insert(
        "new",
        match new {
            Some(Value::List(items)) => items
                .iter()
                .map(Value::to_display_string)
                .collect::<Vec<_>>()
                .join(", "),
            Some(v) => v.to_display_string(),
            None => String::new(),
        },
    );
    f.insert(
        "new_json",
        new.map(|v| v.to_json().to_string()).unwrap_or_default(),
    );
    f.insert("removed", removed_items(r, change));
    let (args, text) = password_policy(r, change);
    f.insert("password_policy_args", args);
    f.insert("password_policy_text", text);
    f.insert("launch_permission", launch_permission(r));
    f.insert(
        "value",
        match change {
            Change::SetAttribute { value, .. } => hcl_text::expression(value).unwrap_or_default(),
            _ => String::new(),
        },
    );
    f
}

/// Items of a list attribute the change drops (`shared_accounts` no longer shared with).
fn removed_items(r: &Resource, change: &Change) -> String {
    let Change::SetAttribute { path, value, .. } = change else {
        return "<value>".into();
    };
    let kept = value.items();
    let dropped: Vec<String> = r
        .get(path)
        .map(|current| {
            current
                .items()
                .into_iter()
                .filter(|item| !kept.contains(item))
                .map(Value::to_display_string)
                .collect()
        })
        .unwrap_or_default();
    if dropped.is_empty() {
        "<value>".into()
    } else {
        dropped.join(" ")
    }
}

/// The settings of an account password policy after the change. `update-account-password-policy`
/// replaces the whole policy, so every setting the code has is passed, not only the changed one.
fn password_policy(r: &Resource, change: &Change) -> (String, String) {
    const SETTINGS: &[(&str, &str, &str)] = &[
        (
            "minimum_password_length",
            "--minimum-password-length",
            "minimum length",
        ),
        ("require_symbols", "--require-symbols", "require symbols"),
        ("require_numbers", "--require-numbers", "require numbers"),
        (
            "require_uppercase_characters",
            "--require-uppercase-characters",
            "require uppercase letters",
        ),
        (
            "require_lowercase_characters",
            "--require-lowercase-characters",
            "require lowercase letters",
        ),
        (
            "allow_users_to_change_password",
            "--allow-users-to-change-password",
            "allow users to change their password",
        ),
        (
            "max_password_age",
            "--max-password-age",
            "expire after (days)",
        ),
        (
            "password_reuse_prevention",
            "--password-reuse-prevention",
            "prevent reuse of the last",
        ),
        ("hard_expiry", "--hard-expiry", "hard expiry"),
    ];
    if r.kind != "aws_iam_account_password_policy" {
        return (String::new(), String::new());
    }
    let (changed, new) = match change {
        Change::SetAttribute { path, value, .. } => (path.as_str(), Some(value)),
        _ => ("", None),
    };
    let mut args = Vec::new();
    let mut text = Vec::new();
    for (attribute, flag, label) in SETTINGS {
        let value = if *attribute == changed {
            new.cloned()
        } else {
            r.get(attribute).cloned()
        };
        match value {
            Some(Value::Bool(true)) => {
                args.push(flag.to_string());
                text.push(label.to_string());
            }
            Some(Value::Bool(false)) => {
                args.push(flag.replacen("--", "--no-", 1));
            }
            Some(Value::Number(n)) => {
                let n = rampart_model::value::format_number(n);
                args.push(format!("{flag} {n}"));
                text.push(format!("{label} {n}"));
            }
            _ => {}
        }
    }
    (args.join(" "), text.join(", "))
}

/// The `--launch-permission` value removing what an AMI launch permission grants.
fn launch_permission(r: &Resource) -> String {
    let grant = match (known(r, "group"), known(r, "account_id")) {
        (Some(group), _) => format!("{{\"Group\":{}}}", json_string(&group)),
        (None, Some(account)) => format!("{{\"UserId\":{}}}", json_string(&account)),
        (None, None) => "{\"UserId\":\"<account-id>\"}".to_string(),
    };
    format!("{{\"Remove\":[{grant}]}}")
}

/// The ingress rules a change closes, as `--ip-permissions` JSON, and how to name them.
fn ingress_fields(r: &Resource, change: &Change, f: &mut BTreeMap<&'static str, String>) {
    // the blocks being closed: one indexed block, every block of a list set to `[]`, or the
    // rule resource itself
    let blocks: Vec<Value> = match change {
        Change::SetAttribute { path, .. } | Change::RemoveAttribute { path, .. } => {
            let segments: Vec<&str> = path.split('.').collect();
            match segments.as_slice() {
                [list] => r
                    .get(list)
                    .map(|v| v.items().into_iter().cloned().collect())
                    .unwrap_or_default(),
                [list, index, ..] => r
                    .get(&format!("{list}.{index}"))
                    .cloned()
                    .into_iter()
                    .collect(),
                [] => Vec::new(),
            }
        }
        _ => vec![Value::Map(r.attributes.clone())],
    };
    let permissions: Vec<String> = blocks.iter().map(ip_permission).collect();
    f.insert(
        "ip_permissions",
        if permissions.is_empty() {
            "[{\"IpProtocol\":\"tcp\",\"FromPort\":0,\"ToPort\":0,\"IpRanges\":[{\"CidrIp\":\"<cidr>\"}]}]".to_string()
        } else {
            format!("[{}]", permissions.join(","))
        },
    );
    let first = blocks.first();
    let from = first
        .and_then(|b| b.get("from_port"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let to = first
        .and_then(|b| b.get("to_port"))
        .and_then(Value::as_i64)
        .unwrap_or(from);
    f.insert(
        "ports",
        if from == to {
            from.to_string()
        } else {
            format!("{from}-{to}")
        },
    );
    let cidr = first
        .and_then(|b| {
            first_cidr(
                b,
                &["cidr_blocks", "cidr_ipv4", "ipv6_cidr_blocks", "cidr_ipv6"],
            )
        })
        .unwrap_or_else(|| "<cidr>".into());
    f.insert("cidr", cidr);
}

fn first_cidr(block: &Value, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        block.get(k).and_then(|v| {
            v.items()
                .first()
                .and_then(|c| c.as_str().map(str::to_string))
        })
    })
}

/// One ingress block as an `IpPermissions` entry.
fn ip_permission(block: &Value) -> String {
    let from = block.get("from_port").and_then(Value::as_i64).unwrap_or(0);
    let to = block.get("to_port").and_then(Value::as_i64).unwrap_or(from);
    let protocol = block
        .get("protocol")
        .or_else(|| block.get("ip_protocol"))
        .and_then(Value::as_str)
        .unwrap_or("tcp");
    let strings = |keys: &[&str]| -> Vec<String> {
        keys.iter()
            .flat_map(|k| {
                block
                    .get(k)
                    .map(|v| v.items().into_iter().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
            })
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let mut parts = vec![
        format!("\"IpProtocol\":{}", json_string(protocol)),
        format!("\"FromPort\":{from}"),
        format!("\"ToPort\":{to}"),
    ];
    let v4 = strings(&["cidr_blocks", "cidr_ipv4"]);
    let v6 = strings(&["ipv6_cidr_blocks", "cidr_ipv6"]);
    let groups = strings(&[
        "security_groups",
        "source_security_group_id",
        "referenced_security_group_id",
    ]);
    if !v4.is_empty() {
        let ranges: Vec<String> = v4
            .iter()
            .map(|c| format!("{{\"CidrIp\":{}}}", json_string(c)))
            .collect();
        parts.push(format!("\"IpRanges\":[{}]", ranges.join(",")));
    }
    if !v6.is_empty() {
        let ranges: Vec<String> = v6
            .iter()
            .map(|c| format!("{{\"CidrIpv6\":{}}}", json_string(c)))
            .collect();
        parts.push(format!("\"Ipv6Ranges\":[{}]", ranges.join(",")));
    }
    if !groups.is_empty() {
        let pairs: Vec<String> = groups
            .iter()
            .map(|g| format!("{{\"GroupId\":{}}}", json_string(g)))
            .collect();
        parts.push(format!("\"UserIdGroupPairs\":[{}]", pairs.join(",")));
    }
    if v4.is_empty() && v6.is_empty() && groups.is_empty() {
        parts.push("\"IpRanges\":[{\"CidrIp\":\"<cidr>\"}]".to_string());
    }
    format!("{{{}}}", parts.join(","))
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// The region a resource is in: its live origin, else a literal `region` of an unaliased
/// `provider "aws"` block in the same folder.
pub fn region(r: &Resource, sources: &BTreeMap<Arc<str>, Arc<str>>) -> Option<String> {
    if let Origin::Live { region, .. } = &r.origin {
        return Some(region.clone()).filter(|s| !s.is_empty());
    }
    let folder = r
        .file()
        .map(|f| Path::new(f).parent().map(Path::to_path_buf));
    for (file, text) in sources {
        if Some(Path::new(&**file).parent().map(Path::to_path_buf)) != folder {
            continue;
        }
        let Ok(body) = hcl_edit::parser::parse_body(text) else {
            continue;
        };
        for b in body.blocks() {
            let is_aws = b.ident.as_str() == "provider"
                && b.labels.first().is_some_and(|l| l.as_str() == "aws");
            if is_aws
                && b.body.get_attribute("alias").is_none()
                && let Some(region) = b
                    .body
                    .get_attribute("region")
                    .and_then(|a| a.value.as_str())
            {
                return Some(region.to_string());
            }
        }
    }
    None
}
