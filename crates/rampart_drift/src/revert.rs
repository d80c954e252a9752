//! Reverting the cloud: the AWS CLI command that puts a live attribute back to the code's value.
//! `rampart_fix`'s CLI table renders the *secure* value a rule wants (public access block all
//! on, versioning enabled), not an arbitrary value the code holds, so drift keeps its own small
//! table of exact commands for the common attributes: security group rules, bucket public access
//! block, versioning, default encryption, instance metadata options, and tags on EC2, S3 and
//! IAM resources. Every command is checked against awscli's models in `tests/drift.rs`.
//!
//! Must never: print a command for a value it does not know (an Unknown in code), or run one.

use crate::canon::{Canon, canon, match_values};
use rampart_model::{Origin, Resource, Value};
use serde_json::json;

/// Kinds whose tags are set with `aws ec2 create-tags`.
const EC2_TAGGED: &[&str] = &[
    "aws_instance",
    "aws_security_group",
    "aws_default_security_group",
    "aws_vpc",
    "aws_subnet",
    "aws_ebs_volume",
];

/// The command(s), joined with ` && `, or why there is none.
pub(crate) fn revert_changed(
    code: &Resource,
    live: &Resource,
    attribute: &str,
) -> Result<String, String> {
    let region = region_arg(live);
    let code_v = code.attributes.get(attribute);
    if code_v.is_some_and(Value::contains_unknown) {
        return Err(
            "the code's value is not known statically, so no command can restore it".into(),
        );
    }
    let kind = live.kind.as_str();
    let no_command = || {
        format!(
            "no AWS CLI command is known for `{attribute}` of `{kind}`; run `terraform apply -target='{}'` to restore the code's value",
            code.address
        )
    };
    match (kind, attribute) {
        ("aws_security_group" | "aws_default_security_group", "ingress" | "egress") => {
            let group = live_str(live, "id").ok_or("the live group has no id")?;
            let code_items: Vec<&Value> = code_v.map(Value::items).unwrap_or_default();
            let live_items: Vec<&Value> = live
                .attributes
                .get(attribute)
                .map(Value::items)
                .unwrap_or_default();
            let no_refs = |_: &str| None;
            let (_, code_left, live_left) =
                match_values(attribute, &code_items, &live_items, &no_refs);
            let mut commands = Vec::new();
            let verb =
                |op: &str| format!("aws ec2 {op}-security-group-{attribute} --group-id {group}");
            for i in live_left {
                if let Some(item) = live_items.get(i) {
                    let perms = ip_permissions(item, group)?;
                    commands.push(format!(
                        "{} --ip-permissions {}{region}",
                        verb("revoke"),
                        quote(&perms)
                    ));
                }
            }
            for i in code_left {
                if let Some(item) = code_items.get(i) {
                    let perms = ip_permissions(item, group)?;
                    commands.push(format!(
                        "{} --ip-permissions {}{region}",
                        verb("authorize"),
                        quote(&perms)
                    ));
                }
            }
            joined(commands)
        }
        (
            "aws_s3_bucket_public_access_block",
            "block_public_acls"
            | "block_public_policy"
            | "ignore_public_acls"
            | "restrict_public_buckets",
        ) => {
            let bucket = live_str(live, "bucket").ok_or("the live block names no bucket")?;
            // what Terraform sends for a flag the code leaves out: false
            let flag = |k: &str| {
                code.attributes
                    .get(k)
                    .map(|v| v.truth().is_true())
                    .unwrap_or(false)
            };
            Ok(format!(
                "aws s3api put-public-access-block --bucket {bucket} --public-access-block-configuration BlockPublicAcls={},IgnorePublicAcls={},BlockPublicPolicy={},RestrictPublicBuckets={}{region}",
                flag("block_public_acls"),
                flag("ignore_public_acls"),
                flag("block_public_policy"),
                flag("restrict_public_buckets"),
            ))
        }
        ("aws_s3_bucket_versioning", "versioning_configuration") => {
            let bucket = live_str(live, "bucket").ok_or("the live versioning names no bucket")?;
            let status = code
                .get("versioning_configuration.0.status")
                .and_then(Value::as_str)
                .ok_or("the code's versioning has no status")?;
            let status = match status.to_ascii_lowercase().as_str() {
                "enabled" => "Enabled",
                "suspended" => "Suspended",
                _ => {
                    return Err(format!(
                        "versioning status `{status}` cannot be set with the CLI (a bucket once versioned can only be suspended)"
                    ));
                }
            };
            Ok(format!(
                "aws s3api put-bucket-versioning --bucket {bucket} --versioning-configuration Status={status}{region}"
            ))
        }
        ("aws_s3_bucket_server_side_encryption_configuration", "rule") => {
            let bucket = live_str(live, "bucket").ok_or("the live encryption names no bucket")?;
            let by_default = "rule.0.apply_server_side_encryption_by_default.0";
            let algorithm = code
                .get(&format!("{by_default}.sse_algorithm"))
                .and_then(Value::as_str)
                .ok_or("the code's rule has no `sse_algorithm`")?;
            let mut apply = json!({"SSEAlgorithm": algorithm});
            if let Some(key) = code
                .get(&format!("{by_default}.kms_master_key_id"))
                .and_then(Value::as_str)
            {
                apply["KMSMasterKeyID"] = json!(key);
            }
            let mut rule = json!({"ApplyServerSideEncryptionByDefault": apply});
            if let Some(v) = code.get("rule.0.bucket_key_enabled") {
                rule["BucketKeyEnabled"] = json!(v.truth().is_true());
            }
            let config = json!({"Rules": [rule]});
            Ok(format!(
                "aws s3api put-bucket-encryption --bucket {bucket} --server-side-encryption-configuration {}{region}",
                quote(&config.to_string())
            ))
        }
        ("aws_instance", "metadata_options") => {
            let instance = live_str(live, "id").ok_or("the live instance has no id")?;
            let mut args = String::new();
            for (path, flag) in [
                ("metadata_options.0.http_tokens", "--http-tokens"),
                ("metadata_options.0.http_endpoint", "--http-endpoint"),
                (
                    "metadata_options.0.http_put_response_hop_limit",
                    "--http-put-response-hop-limit",
                ),
            ] {
                if let Some(v) = code.get(path).filter(|v| !v.is_null()) {
                    args.push_str(&format!(
                        " {flag} {}",
                        v.to_display_string().to_ascii_lowercase()
                    ));
                }
            }
            if args.is_empty() {
                return Err("the code sets no metadata option the CLI can restore".into());
            }
            Ok(format!(
                "aws ec2 modify-instance-metadata-options --instance-id {instance}{args}{region}"
            ))
        }
        (_, "tags") => revert_tags(code, live, &region).ok_or_else(no_command),
        _ => Err(no_command()),
    }
}

/// Tag commands: set the code's tags that differ, remove the live tags the code lacks.
fn revert_tags(code: &Resource, live: &Resource, region: &str) -> Option<String> {
    let code_tags = tag_map(code.attributes.get("tags"));
    let live_tags = tag_map(live.attributes.get("tags"));
    let set: Vec<(&String, &String)> = code_tags
        .iter()
        .filter(|(k, v)| live_tags.get(*k) != Some(*v))
        .collect();
    let removed: Vec<&String> = live_tags
        .keys()
        .filter(|k| !code_tags.contains_key(*k))
        .collect();
    let tag_list = |tags: &[(&String, &String)]| {
        json!(
            tags.iter()
                .map(|(k, v)| json!({"Key": k, "Value": v}))
                .collect::<Vec<_>>()
        )
        .to_string()
    };
    let keys = |keys: &[&String]| {
        json!(keys.iter().map(|k| json!({"Key": k})).collect::<Vec<_>>()).to_string()
    };
    let mut commands = Vec::new();
    let kind = live.kind.as_str();
    if EC2_TAGGED.contains(&kind) {
        let id = live_str(live, "id")?;
        if !set.is_empty() {
            commands.push(format!(
                "aws ec2 create-tags --resources {id} --tags {}{region}",
                quote(&tag_list(&set))
            ));
        }
        if !removed.is_empty() {
            commands.push(format!(
                "aws ec2 delete-tags --resources {id} --tags {}{region}",
                quote(&keys(&removed))
            ));
        }
    } else if kind == "aws_s3_bucket" {
        let bucket = live_str(live, "bucket")?;
        let all: Vec<(&String, &String)> = code_tags.iter().collect();
        // the bucket's tag set is replaced as a whole
        commands.push(if all.is_empty() {
            format!("aws s3api delete-bucket-tagging --bucket {bucket}{region}")
        } else {
            format!(
                "aws s3api put-bucket-tagging --bucket {bucket} --tagging {}{region}",
                quote(&json!({"TagSet": serde_json::from_str::<serde_json::Value>(&tag_list(&all)).unwrap_or_default()}).to_string())
            )
        });
    } else if let Some(what) = match kind {
        "aws_iam_role" => Some("role"),
        "aws_iam_user" => Some("user"),
        _ => None,
    } {
        let name = live_str(live, "name")?;
        if !set.is_empty() {
            commands.push(format!(
                "aws iam tag-{what} --{what}-name {name} --tags {}",
                quote(&tag_list(&set))
            ));
        }
        if !removed.is_empty() {
            let names: Vec<String> = removed.iter().map(|k| quote(k)).collect();
            commands.push(format!(
                "aws iam untag-{what} --{what}-name {name} --tag-keys {}",
                names.join(" ")
            ));
        }
    } else {
        return None;
    }
    joined(commands).ok()
}

/// The command that deletes a resource created outside code, for the kinds where deleting is
/// the whole revert; `None` where it would destroy data (a bucket) or needs more than one call.
pub(crate) fn revert_unmanaged(live: &Resource) -> Option<String> {
    let region = region_arg(live);
    match live.kind.as_str() {
        "aws_security_group" => live_str(live, "id")
            .map(|id| format!("aws ec2 delete-security-group --group-id {id}{region}")),
        _ => None,
    }
}

fn tag_map(v: Option<&Value>) -> std::collections::BTreeMap<String, String> {
    v.and_then(Value::as_map)
        .map(|m| {
            m.iter()
                .filter(|(_, v)| !v.is_unknown())
                .map(|(k, v)| (k.clone(), v.to_display_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn joined(commands: Vec<String>) -> Result<String, String> {
    if commands.is_empty() {
        Err("nothing to run: the difference is only in values the CLI does not set".into())
    } else {
        Ok(commands.join(" && "))
    }
}

/// One `ingress`/`egress` block (the provider's shape) as EC2 `IpPermissions` JSON.
fn ip_permissions(block: &Value, own_group: &str) -> Result<String, String> {
    if block.contains_unknown() {
        return Err("a rule of the code is not known statically".into());
    }
    let strings = |key: &str| -> Vec<String> {
        block
            .get(key)
            .map(Value::items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect()
    };
    let protocol = block
        .get("protocol")
        .map(|v| match canon("protocol", v, &|_| None) {
            Canon::Str(s) => s,
            other => format!("{other:?}"),
        })
        .unwrap_or_else(|| "-1".into());
    let mut perm = json!({"IpProtocol": protocol});
    if protocol != "-1" {
        let port = |k: &str| block.get(k).and_then(Value::as_i64).unwrap_or(0);
        perm["FromPort"] = json!(port("from_port"));
        perm["ToPort"] = json!(port("to_port"));
    }
    let description = block
        .get("description")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let with_description = |mut v: serde_json::Value| {
        if let Some(d) = description {
            v["Description"] = json!(d);
        }
        v
    };
    let v4 = strings("cidr_blocks");
    if !v4.is_empty() {
        perm["IpRanges"] = json!(
            v4.iter()
                .map(|c| with_description(json!({"CidrIp": c})))
                .collect::<Vec<_>>()
        );
    }
    let v6 = strings("ipv6_cidr_blocks");
    if !v6.is_empty() {
        perm["Ipv6Ranges"] = json!(
            v6.iter()
                .map(|c| with_description(json!({"CidrIpv6": c})))
                .collect::<Vec<_>>()
        );
    }
    let prefixes = strings("prefix_list_ids");
    if !prefixes.is_empty() {
        perm["PrefixListIds"] = json!(
            prefixes
                .iter()
                .map(|p| json!({"PrefixListId": p}))
                .collect::<Vec<_>>()
        );
    }
    let mut groups = strings("security_groups");
    if block.get("self").is_some_and(|v| v.truth().is_true()) {
        groups.push(own_group.to_string());
    }
    if !groups.is_empty() {
        perm["UserIdGroupPairs"] = json!(
            groups
                .iter()
                .map(|g| json!({"GroupId": g}))
                .collect::<Vec<_>>()
        );
    }
    Ok(json!([perm]).to_string())
}

fn live_str<'a>(r: &'a Resource, key: &str) -> Option<&'a str> {
    r.attributes
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// ` --region R` for a regional resource; nothing for `global` (IAM) and unknown regions.
fn region_arg(r: &Resource) -> String {
    match &r.origin {
        Origin::Live { region, .. } if !region.is_empty() && region != "global" => {
            format!(" --region {region}")
        }
        _ => String::new(),
    }
}

/// A word for a POSIX shell: bare when it is plainly safe, single-quoted otherwise.
pub(crate) fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}
