//! The policies that apply to a principal and a resource of a scanned inventory (infrastructure
//! code or a live snapshot, both in Terraform's vocabulary), gathered into a `simulate`
//! request so `rampart iam can` and the rules ask the same evaluator the same question.
//!
//! Gathered for a role or user: inline policies (`inline_policy` blocks, `aws_iam_*_policy`),
//! attached managed policies (`aws_iam_*_policy_attachment`, `aws_iam_policy_attachment`,
//! `managed_policy_arns`), a user's groups and their policies, the permission boundary; for the
//! resource, its resource policy (S3 bucket, SQS queue, SNS topic, KMS key, ECR repository,
//! Secrets Manager secret). A policy whose text is not known statically (a reference to
//! something outside the inventory, an AWS managed policy other than the few written down
//! here) is named in [`Gathered::unknown`], never silently left out: the caller must report
//! the answer as undecided.

use crate::principal::is_account_id;
use rampart_model::{Inventory, ResourceRef, Value};
use serde_json::{Map, Value as Json};

/// The account assumed for resources whose ARN is not known statically (infrastructure code
/// deploys one module into one account, so principal and resource share it).
pub const MODULE_ACCOUNT: &str = "000000000000";

/// A request built from an inventory, and what could not be known.
#[derive(Clone, Debug)]
pub struct Gathered {
    /// The fields of a `simulate` request (see [`crate::Simulation::from_fields`]).
    pub request: Map<String, Json>,
    /// Where each policy in the request came from (`identity_policies[0]: aws_iam_role_policy.p`).
    pub sources: Vec<String>,
    /// Policies that apply but whose text is unknown, with the reason.
    pub unknown: Vec<String>,
}

/// An AWS managed policy written down in [`crate::managed`], as JSON.
fn aws_managed(arn: &str) -> Option<Json> {
    serde_json::from_str(crate::managed::document(arn)?).ok()
}

/// Finds the principal named by an ARN (`arn:aws:iam::123456789012:role/app`, an assumed-role
/// session ARN), an address (`aws_iam_role.app`) or a bare role or user name.
pub fn find_principal<'a>(inventory: &'a Inventory, name: &str) -> Result<ResourceRef<'a>, String> {
    let name = name.trim();
    if let Some(found) = inventory.by_address(name) {
        return match found.resource().kind.as_str() {
            "aws_iam_role" | "aws_iam_user" => Ok(found),
            other => Err(format!("`{name}` is a {other}, not a role or user")),
        };
    }
    let (kinds, wanted): (&[&str], &str) = match arn_principal(name) {
        Some((kind, wanted)) => (kind, wanted),
        None => (&["aws_iam_role", "aws_iam_user"], name),
    };
    let matches: Vec<ResourceRef<'a>> = kinds
        .iter()
        .flat_map(|kind| inventory.of_kind(kind))
        .filter(|r| {
            let res = r.resource();
            res.str("arn") == Some(name) || res.str("name") == Some(wanted)
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "no role or user `{name}` in the inventory (give an ARN, a role or user name, or an address like aws_iam_role.app)"
        )),
        many => Err(format!(
            "`{name}` names {} principals: {}; give the address",
            many.len(),
            many.iter()
                .map(|r| r.resource().address.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// The kinds and name an IAM or STS ARN stands for.
fn arn_principal(arn: &str) -> Option<(&'static [&'static str], &str)> {
    let resource = arn.splitn(6, ':').nth(5)?;
    if let Some(rest) = resource.strip_prefix("assumed-role/") {
        return Some((&["aws_iam_role"], rest.split('/').next()?));
    }
    let (kind, path): (&'static [&'static str], &str) =
        if let Some(rest) = resource.strip_prefix("role/") {
            (&["aws_iam_role"], rest)
        } else if let Some(rest) = resource.strip_prefix("user/") {
            (&["aws_iam_user"], rest)
        } else {
            return None;
        };
    Some((kind, path.rsplit('/').next()?))
}

/// The request for `principal` calling `action` on `resource` (an ARN), with every policy of
/// the inventory that applies.
pub fn gather(
    inventory: &Inventory,
    principal: &ResourceRef<'_>,
    action: &str,
    resource: &str,
    account: Option<&str>,
) -> Gathered {
    let mut g = Gathered {
        request: Map::new(),
        sources: Vec::new(),
        unknown: Vec::new(),
    };
    let res = principal.resource();
    let account = account
        .map(str::to_string)
        .or_else(|| res.str("arn").and_then(arn_account).map(str::to_string))
        .or_else(|| arn_account(resource).map(str::to_string))
        .unwrap_or_else(|| MODULE_ACCOUNT.to_string());
    let noun = if res.kind == "aws_iam_user" {
        "user"
    } else {
        "role"
    };
    let principal_arn = match res.str("arn") {
        Some(arn) if arn.starts_with("arn:") => arn.to_string(),
        _ => format!(
            "arn:aws:iam::{account}:{noun}/{}",
            res.str("name").unwrap_or(&res.name)
        ),
    };
    g.request
        .insert("principal".into(), Json::String(principal_arn));
    g.request
        .insert("action".into(), Json::String(action.into()));
    g.request
        .insert("resource".into(), Json::String(resource.into()));
    g.request.insert(
        "resource_account".into(),
        Json::String(arn_account(resource).unwrap_or(&account).to_string()),
    );

    let mut identity = Vec::new();
    identity_of(inventory, principal, &mut identity, &mut g);
    if noun == "user" {
        for group in groups_of(inventory, principal) {
            identity_of(inventory, &group, &mut identity, &mut g);
        }
    }
    for (i, (source, _)) in identity.iter().enumerate() {
        g.sources.push(format!("identity_policies[{i}]: {source}"));
    }
    g.request.insert(
        "identity_policies".into(),
        Json::Array(identity.into_iter().map(|(_, doc)| doc).collect()),
    );
    if let Some(value) = res
        .get("permissions_boundary")
        .filter(|v| !matches!(v, Value::Null))
    {
        let owner = format!("{}.permissions_boundary", res.address);
        if let Some((source, doc)) = managed_policy(inventory, principal, value, &owner, &mut g) {
            g.sources.push(format!("permission_boundary: {source}"));
            g.request.insert("permission_boundary".into(), doc);
        }
    }
    if let Some((source, doc)) = resource_policy(inventory, resource, &mut g) {
        g.sources.push(format!("resource_policy: {source}"));
        g.request.insert("resource_policy".into(), doc);
    }
    g
}

/// The account of an ARN, when it names one.
fn arn_account(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| is_account_id(a))
}

/// Inline and attached policies of a role, user or group, appended to `out`.
fn identity_of(
    inventory: &Inventory,
    holder: &ResourceRef<'_>,
    out: &mut Vec<(String, Json)>,
    g: &mut Gathered,
) {
    let res = holder.resource();
    if let Some(Value::List(blocks)) = res.get("inline_policy") {
        for (i, block) in blocks.iter().enumerate() {
            if let Value::Map(m) = block
                && let Some(policy) = m.get("policy")
            {
                let source = format!("{}.inline_policy[{i}]", res.address);
                push_doc(holder, policy, source, out, g);
            }
        }
    }
    let Some((inline_kind, attachment_kind)) = holder_kinds(&res.kind) else {
        return;
    };
    for inline in holder.related(inline_kind) {
        if let Some(policy) = inline.resource().get("policy") {
            let source = inline.resource().address.clone();
            push_doc(&inline, policy, source, out, g);
        }
    }
    for kind in [attachment_kind, "aws_iam_policy_attachment"] {
        for attachment in holder.related(kind) {
            if let Some(arn) = attachment.resource().get("policy_arn") {
                let owner = format!("{}.policy_arn", attachment.resource().address);
                if let Some(found) = managed_policy(inventory, &attachment, arn, &owner, g) {
                    out.push(found);
                }
            }
        }
    }
    if let Some(Value::List(arns)) = res.get("managed_policy_arns") {
        for (i, arn) in arns.iter().enumerate() {
            let owner = format!("{}.managed_policy_arns[{i}]", res.address);
            if let Some(found) = managed_policy(inventory, holder, arn, &owner, g) {
                out.push(found);
            }
        }
    }
}

/// The inline-policy and attachment kinds of a role, user or group.
fn holder_kinds(kind: &str) -> Option<(&'static str, &'static str)> {
    match kind {
        "aws_iam_role" => Some(("aws_iam_role_policy", "aws_iam_role_policy_attachment")),
        "aws_iam_user" => Some(("aws_iam_user_policy", "aws_iam_user_policy_attachment")),
        "aws_iam_group" => Some(("aws_iam_group_policy", "aws_iam_group_policy_attachment")),
        _ => None,
    }
}

/// The groups a user belongs to (`aws_iam_user_group_membership`, `aws_iam_group_membership`).
fn groups_of<'a>(inventory: &'a Inventory, user: &ResourceRef<'a>) -> Vec<ResourceRef<'a>> {
    let res = user.resource();
    let names_user = |v: &Value| points_at(v, res);
    let mut names: Vec<&Value> = Vec::new();
    for m in inventory.of_kind("aws_iam_user_group_membership") {
        if m.resource().get("user").is_some_and(names_user)
            && let Some(Value::List(groups)) = m.resource().get("groups")
        {
            names.extend(groups.iter());
        }
    }
    for m in inventory.of_kind("aws_iam_group_membership") {
        if let Some(Value::List(users)) = m.resource().get("users")
            && users.iter().any(names_user)
            && let Some(group) = m.resource().get("group")
        {
            names.push(group);
        }
    }
    inventory
        .of_kind("aws_iam_group")
        .filter(|g| names.iter().any(|v| points_at(v, g.resource())))
        .collect()
}

/// True when `value` names `target`: a reference to its address or its name, id or ARN.
fn points_at(value: &Value, target: &rampart_model::Resource) -> bool {
    match value {
        Value::Unknown(u) => u.refers_to.as_deref() == Some(target.address.as_str()),
        Value::String(s) => ["name", "id", "arn"]
            .iter()
            .any(|attr| target.str(attr) == Some(s.as_str())),
        _ => false,
    }
}

/// The document of a managed policy named by `arn` (a reference to an `aws_iam_policy`, its
/// ARN, or an AWS managed policy written down here); unknown ones go to `g.unknown`.
fn managed_policy(
    inventory: &Inventory,
    from: &ResourceRef<'_>,
    arn: &Value,
    owner: &str,
    g: &mut Gathered,
) -> Option<(String, Json)> {
    if let Value::String(text) = arn
        && let Some(doc) = aws_managed(text)
    {
        return Some((text.clone(), doc));
    }
    let found = from
        .uses("aws_iam_policy")
        .find(|p| points_at(arn, p.resource()))
        .or_else(|| {
            inventory
                .of_kind("aws_iam_policy")
                .find(|p| points_at(arn, p.resource()))
        });
    match found {
        Some(policy) => {
            let mut out = Vec::new();
            let source = policy.resource().address.clone();
            if let Some(doc) = policy.resource().get("policy") {
                push_doc(&policy, doc, source, &mut out, g);
            }
            out.pop()
        }
        None => {
            g.unknown.push(match arn {
                Value::String(s) => format!(
                    "{owner}: the policy `{s}` is not in the inventory, so its statements are unknown"
                ),
                _ => format!("{owner}: the policy's ARN is not known statically"),
            });
            None
        }
    }
}

/// Converts a policy attribute into a JSON document, or records why it cannot be known.
fn push_doc(
    holder: &ResourceRef<'_>,
    value: &Value,
    source: String,
    out: &mut Vec<(String, Json)>,
    g: &mut Gathered,
) {
    match document(holder, value) {
        Ok(Some(doc)) => out.push((source, doc)),
        Ok(None) => {}
        Err(why) => g.unknown.push(format!("{source}: {why}")),
    }
}

/// A policy value as JSON: a JSON string, a map (what `jsonencode` was given), or a reference
/// to a `data.aws_iam_policy_document`'s rendered `json`. `Ok(None)` is an empty policy.
fn document(holder: &ResourceRef<'_>, value: &Value) -> Result<Option<Json>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => serde_json::from_str::<Json>(s)
            .map(Some)
            .map_err(|e| format!("the policy is not valid JSON: {e}")),
        Value::Map(_) | Value::List(_) => match first_unknown(value) {
            None => Ok(Some(value.to_json())),
            Some(path) => Err(format!("the policy's `{path}` is not known statically")),
        },
        Value::Unknown(u) => {
            let target = u.refers_to.as_deref().and_then(|a| holder.resolve(a));
            match target {
                Some(doc) if doc.resource().kind == "aws_iam_policy_document" => {
                    match doc.resource().get("json") {
                        Some(Value::Unknown(_)) | None => Err(format!(
                            "the policy from {} is not known statically",
                            doc.resource().address
                        )),
                        Some(json) => document(&doc, json),
                    }
                }
                Some(other) => Err(format!(
                    "the policy comes from {}, whose value is not known statically",
                    other.resource().address
                )),
                None => Err("the policy is not known statically".into()),
            }
        }
        Value::Bool(_) | Value::Number(_) => Err("the policy is not a JSON document".into()),
    }
}

/// The path of the first unknown part of a value, if any.
fn first_unknown(value: &Value) -> Option<String> {
    match value {
        Value::Unknown(_) => Some(String::new()),
        Value::List(items) => items.iter().enumerate().find_map(|(i, v)| {
            first_unknown(v).map(|p| {
                if p.is_empty() {
                    format!("[{i}]")
                } else {
                    format!("[{i}].{p}")
                }
            })
        }),
        Value::Map(m) => m.iter().find_map(|(k, v)| {
            first_unknown(v).map(|p| {
                if p.is_empty() {
                    k.clone()
                } else {
                    format!("{k}.{p}")
                }
            })
        }),
        _ => None,
    }
}

/// Where a resource kind keeps its resource policy: in an attribute of its own, or in a
/// separate resource that configures it.
struct PolicyHome {
    /// The ARN's service and the resource part's prefix (`s3`, ``; `sqs`, ``).
    service: &'static str,
    kind: &'static str,
    /// Which attribute of the resource the ARN's last part matches.
    name_attr: &'static str,
    own_attr: Option<&'static str>,
    separate: Option<&'static str>,
}

const POLICY_HOMES: [PolicyHome; 6] = [
    PolicyHome {
        service: "s3",
        kind: "aws_s3_bucket",
        name_attr: "bucket",
        own_attr: Some("policy"),
        separate: Some("aws_s3_bucket_policy"),
    },
    PolicyHome {
        service: "sqs",
        kind: "aws_sqs_queue",
        name_attr: "name",
        own_attr: Some("policy"),
        separate: Some("aws_sqs_queue_policy"),
    },
    PolicyHome {
        service: "sns",
        kind: "aws_sns_topic",
        name_attr: "name",
        own_attr: Some("policy"),
        separate: Some("aws_sns_topic_policy"),
    },
    PolicyHome {
        service: "kms",
        kind: "aws_kms_key",
        name_attr: "key_id",
        own_attr: Some("policy"),
        separate: Some("aws_kms_key_policy"),
    },
    PolicyHome {
        service: "ecr",
        kind: "aws_ecr_repository",
        name_attr: "name",
        own_attr: None,
        separate: Some("aws_ecr_repository_policy"),
    },
    PolicyHome {
        service: "secretsmanager",
        kind: "aws_secretsmanager_secret",
        name_attr: "name",
        own_attr: Some("policy"),
        separate: Some("aws_secretsmanager_secret_policy"),
    },
];

/// The resource policy of the resource an ARN names, when the inventory holds it.
fn resource_policy(inventory: &Inventory, arn: &str, g: &mut Gathered) -> Option<(String, Json)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, _, service, _, _, rest] = parts.as_slice() else {
        return None;
    };
    let home = POLICY_HOMES.iter().find(|h| h.service == *service)?;
    let name = match *service {
        "s3" => rest.split('/').next()?,
        "ecr" => rest.strip_prefix("repository/")?,
        "kms" => rest.strip_prefix("key/")?,
        // secret ARNs end in a random suffix: `secret:NAME-AbCdEf`
        "secretsmanager" => rest.strip_prefix("secret:")?,
        _ => rest,
    };
    let owner = inventory.of_kind(home.kind).find(|r| {
        let res = r.resource();
        res.str("arn") == Some(arn)
            || res.str(home.name_attr).is_some_and(|n| {
                n == name || (*service == "secretsmanager" && name.starts_with(&format!("{n}-")))
            })
            || res.name == name
    })?;
    let mut out = Vec::new();
    if let Some(kind) = home.separate {
        for p in owner.related(kind) {
            if let Some(doc) = p.resource().get("policy") {
                let source = p.resource().address.clone();
                push_doc(&p, doc, source, &mut out, g);
            }
        }
    }
    if let Some(attr) = home.own_attr
        && let Some(doc) = owner.resource().get(attr)
    {
        let source = format!("{}.{attr}", owner.resource().address);
        push_doc(&owner, doc, source, &mut out, g);
    }
    if out.len() > 1 {
        g.unknown.push(format!(
            "{} has {} resource policies; AWS keeps only the last one applied",
            owner.resource().address,
            out.len()
        ));
    }
    out.pop()
}
