//! Joins between resources, declared once as data: which attribute of which kind points at
//! which owner. A setting made in a separate resource (bucket versioning, a security group
//! rule, a policy attachment) is joined to its owner here, so no rule has to know about it.
//!
//! A pointer matches an owner when it is an unknown computed reference to the owner's address
//! (`aws_s3_bucket.b.id`) or a known string equal to one of the owner's identity attributes
//! (the bucket name, the role name, an ARN).

use crate::inventory::{Inventory, Relation, RelationKind};
use crate::value::Value;
use std::collections::HashMap;

/// One kind of link: `from_kind.via` points at an `owner_kind` identified by `identity`.
pub struct Link {
    pub from_kind: &'static str,
    pub via: &'static str,
    pub owner_kind: &'static str,
    pub identity: &'static [&'static str],
    pub kind: RelationKind,
}

const fn configures(
    from_kind: &'static str,
    via: &'static str,
    owner_kind: &'static str,
    identity: &'static [&'static str],
) -> Link {
    Link {
        from_kind,
        via,
        owner_kind,
        identity,
        kind: RelationKind::Configures,
    }
}
const fn uses(
    from_kind: &'static str,
    via: &'static str,
    owner_kind: &'static str,
    identity: &'static [&'static str],
) -> Link {
    Link {
        from_kind,
        via,
        owner_kind,
        identity,
        kind: RelationKind::Uses,
    }
}

const BUCKET: &[&str] = &["bucket", "id", "arn"];
const BY_ID: &[&str] = &["id", "arn", "name"];
const BY_NAME: &[&str] = &["name", "id", "arn"];

/// Every link Rampart knows. Adding a separate-resource setting means adding a row here.
pub const LINKS: &[Link] = &[
    configures("aws_s3_bucket_acl", "bucket", "aws_s3_bucket", BUCKET),
    configures(
        "aws_s3_bucket_public_access_block",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_s3_bucket_versioning",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_s3_bucket_server_side_encryption_configuration",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures("aws_s3_bucket_policy", "bucket", "aws_s3_bucket", BUCKET),
    configures("aws_s3_bucket_logging", "bucket", "aws_s3_bucket", BUCKET),
    configures(
        "aws_s3_bucket_ownership_controls",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_s3_bucket_website_configuration",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_s3_bucket_lifecycle_configuration",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_s3_bucket_object_lock_configuration",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_s3_bucket_notification",
        "bucket",
        "aws_s3_bucket",
        BUCKET,
    ),
    configures(
        "aws_security_group_rule",
        "security_group_id",
        "aws_security_group",
        BY_ID,
    ),
    configures(
        "aws_vpc_security_group_ingress_rule",
        "security_group_id",
        "aws_security_group",
        BY_ID,
    ),
    configures(
        "aws_vpc_security_group_egress_rule",
        "security_group_id",
        "aws_security_group",
        BY_ID,
    ),
    configures(
        "aws_iam_role_policy_attachment",
        "role",
        "aws_iam_role",
        BY_NAME,
    ),
    configures(
        "aws_iam_user_policy_attachment",
        "user",
        "aws_iam_user",
        BY_NAME,
    ),
    configures(
        "aws_iam_group_policy_attachment",
        "group",
        "aws_iam_group",
        BY_NAME,
    ),
    configures(
        "aws_iam_policy_attachment",
        "roles",
        "aws_iam_role",
        BY_NAME,
    ),
    configures(
        "aws_iam_policy_attachment",
        "users",
        "aws_iam_user",
        BY_NAME,
    ),
    configures(
        "aws_iam_policy_attachment",
        "groups",
        "aws_iam_group",
        BY_NAME,
    ),
    configures("aws_iam_role_policy", "role", "aws_iam_role", BY_NAME),
    configures("aws_iam_user_policy", "user", "aws_iam_user", BY_NAME),
    configures("aws_iam_group_policy", "group", "aws_iam_group", BY_NAME),
    configures("aws_iam_access_key", "user", "aws_iam_user", BY_NAME),
    configures(
        "aws_iam_user_login_profile",
        "user",
        "aws_iam_user",
        BY_NAME,
    ),
    configures("aws_flow_log", "vpc_id", "aws_vpc", BY_ID),
    configures("aws_flow_log", "subnet_id", "aws_subnet", BY_ID),
    configures("aws_lb_listener", "load_balancer_arn", "aws_lb", BY_ID),
    configures("aws_alb_listener", "load_balancer_arn", "aws_alb", BY_ID),
    configures("aws_lb_listener", "load_balancer_arn", "aws_alb", BY_ID),
    configures("aws_kms_alias", "target_key_id", "aws_kms_key", BY_ID),
    configures(
        "aws_sqs_queue_policy",
        "queue_url",
        "aws_sqs_queue",
        &["id", "url", "name"],
    ),
    configures(
        "aws_sns_topic_policy",
        "arn",
        "aws_sns_topic",
        &["arn", "id"],
    ),
    configures("aws_default_security_group", "vpc_id", "aws_vpc", BY_ID),
    uses(
        "aws_iam_role_policy_attachment",
        "policy_arn",
        "aws_iam_policy",
        &["arn", "id"],
    ),
    uses(
        "aws_iam_user_policy_attachment",
        "policy_arn",
        "aws_iam_policy",
        &["arn", "id"],
    ),
    uses(
        "aws_iam_group_policy_attachment",
        "policy_arn",
        "aws_iam_policy",
        &["arn", "id"],
    ),
    uses(
        "aws_iam_policy_attachment",
        "policy_arn",
        "aws_iam_policy",
        &["arn", "id"],
    ),
    uses(
        "aws_instance",
        "vpc_security_group_ids",
        "aws_security_group",
        BY_ID,
    ),
    uses(
        "aws_instance",
        "security_groups",
        "aws_security_group",
        BY_NAME,
    ),
    uses(
        "aws_launch_template",
        "vpc_security_group_ids",
        "aws_security_group",
        BY_ID,
    ),
    uses(
        "aws_db_instance",
        "vpc_security_group_ids",
        "aws_security_group",
        BY_ID,
    ),
    uses("aws_lb", "security_groups", "aws_security_group", BY_ID),
    uses("aws_alb", "security_groups", "aws_security_group", BY_ID),
    uses("aws_elb", "security_groups", "aws_security_group", BY_ID),
    uses(
        "aws_cloudtrail",
        "kms_key_id",
        "aws_kms_key",
        &["arn", "id", "key_id"],
    ),
    uses(
        "aws_cloudfront_distribution",
        "origin.domain_name",
        "aws_s3_bucket",
        &["bucket_regional_domain_name", "bucket_domain_name"],
    ),
    uses("aws_instance", "subnet_id", "aws_subnet", BY_ID),
    uses(
        "aws_instance",
        "iam_instance_profile",
        "aws_iam_instance_profile",
        BY_NAME,
    ),
    uses("aws_iam_instance_profile", "role", "aws_iam_role", BY_NAME),
    // Google Cloud: bucket IAM resources name their bucket (`bucket = google_storage_bucket.b.name`)
    configures(
        "google_storage_bucket_iam_member",
        "bucket",
        "google_storage_bucket",
        BY_NAME,
    ),
    configures(
        "google_storage_bucket_iam_binding",
        "bucket",
        "google_storage_bucket",
        BY_NAME,
    ),
    configures(
        "google_storage_bucket_iam_policy",
        "bucket",
        "google_storage_bucket",
        BY_NAME,
    ),
    // Azure: settings Terraform keeps in separate azurerm resources
    configures(
        "azurerm_storage_account_network_rules",
        "storage_account_id",
        "azurerm_storage_account",
        BY_ID,
    ),
    configures(
        "azurerm_storage_account_network_rules",
        "storage_account_name",
        "azurerm_storage_account",
        BY_NAME,
    ),
    configures(
        "azurerm_storage_account_queue_properties",
        "storage_account_id",
        "azurerm_storage_account",
        BY_ID,
    ),
    uses(
        "azurerm_storage_queue",
        "storage_account_name",
        "azurerm_storage_account",
        BY_NAME,
    ),
    uses(
        "azurerm_storage_queue",
        "storage_account_id",
        "azurerm_storage_account",
        BY_ID,
    ),
    configures(
        "azurerm_network_security_rule",
        "network_security_group_name",
        "azurerm_network_security_group",
        BY_NAME,
    ),
    configures(
        "azurerm_mssql_server_security_alert_policy",
        "server_name",
        "azurerm_mssql_server",
        BY_NAME,
    ),
    configures(
        "azurerm_mssql_server_security_alert_policy",
        "server_name",
        "azurerm_sql_server",
        BY_NAME,
    ),
    configures(
        "azurerm_mssql_server_extended_auditing_policy",
        "server_id",
        "azurerm_mssql_server",
        BY_ID,
    ),
    configures(
        "azurerm_mssql_server_extended_auditing_policy",
        "server_id",
        "azurerm_sql_server",
        BY_ID,
    ),
    configures(
        "azurerm_key_vault_key",
        "key_vault_id",
        "azurerm_key_vault",
        BY_ID,
    ),
    configures(
        "azurerm_key_vault_secret",
        "key_vault_id",
        "azurerm_key_vault",
        BY_ID,
    ),
];

/// Computes every relation in the inventory from [`LINKS`].
pub fn join(inv: &Inventory) -> Vec<Relation> {
    let mut out = Vec::new();
    // identity string -> owners, built lazily per (owner_kind, identity attrs)
    let mut identity_index: HashMap<&'static str, HashMap<String, Vec<usize>>> = HashMap::new();
    for link in LINKS {
        let from_ids = inv.ids_of_kind(link.from_kind);
        if from_ids.is_empty() || inv.ids_of_kind(link.owner_kind).is_empty() {
            continue;
        }
        let index = identity_index.entry(link.owner_kind).or_insert_with(|| {
            let mut m: HashMap<String, Vec<usize>> = HashMap::new();
            for &oid in inv.ids_of_kind(link.owner_kind) {
                if let Some(owner) = inv.get(oid) {
                    for attr in [
                        "bucket",
                        "id",
                        "arn",
                        "name",
                        "url",
                        "key_id",
                        "bucket_regional_domain_name",
                        "bucket_domain_name",
                    ] {
                        if let Some(Value::String(s)) = owner.attributes.get(attr) {
                            m.entry(s.clone()).or_default().push(oid);
                        }
                    }
                }
            }
            m
        });
        for &fid in from_ids {
            let Some(from) = inv.get(fid) else { continue };
            let mut pointers = Vec::new();
            collect_pointers(from, link.via, &mut pointers);
            for pointer in pointers {
                let targets: Vec<usize> = match pointer {
                    Value::Unknown(u) => u
                        .refers_to
                        .as_deref()
                        .and_then(|a| inv.id_in_scope(&from.scope, a))
                        .into_iter()
                        .collect(),
                    Value::String(s) => index
                        .get(s.as_str())
                        .map(|ids| {
                            ids.iter()
                                .copied()
                                .filter(|&o| {
                                    inv.get(o).is_some_and(|r| {
                                        link.identity.iter().any(|a| {
                                            r.attributes.get(*a).and_then(Value::as_str)
                                                == Some(s.as_str())
                                        })
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    _ => Vec::new(),
                };
                for to in targets {
                    if to != fid && inv.get(to).is_some_and(|r| r.kind == link.owner_kind) {
                        out.push(Relation {
                            from: fid,
                            to,
                            kind: link.kind,
                            via: link.via.to_string(),
                        });
                    }
                }
            }
        }
    }
    out.sort_by(|a, b| (a.from, a.to, &a.via).cmp(&(b.from, b.to, &b.via)));
    out.dedup();
    out
}

fn collect_pointers<'a>(from: &'a crate::Resource, via: &str, out: &mut Vec<&'a Value>) {
    let (head, rest) = via.split_once('.').unwrap_or((via, ""));
    let Some(v) = from.attributes.get(head) else {
        return;
    };
    let mut stack = vec![v];
    if !rest.is_empty() {
        // e.g. `origin.domain_name` over a list of blocks
        stack = v
            .items()
            .into_iter()
            .filter_map(|item| item.path(rest))
            .collect();
    }
    for v in stack {
        match v {
            Value::List(items) => out.extend(items.iter()),
            other => out.push(other),
        }
    }
}
