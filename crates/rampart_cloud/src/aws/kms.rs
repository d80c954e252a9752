//! KMS (per region): customer-managed keys as `aws_kms_key` with their rotation setting and key
//! policy. AWS-managed keys (`aws/s3`, …) are left out: AWS rotates them and nobody can change
//! them, as Terraform cannot manage them either. Keys pending deletion are left out too.

use super::failure::classify;
use super::sink::Item;
use super::{Context, policy_text::decode_policy};
use aws_sdk_kms::Client;
use serde_json::json;

/// The kinds this collector writes (one list, in the snapshot format: drift reads it too).
pub const KINDS: &[&str] = rampart_ingest::snapshot::aws_kinds::KMS;

pub async fn collect(ctx: &Context, region: &str) {
    let kms = Client::new(&ctx.in_region(region));
    let refused = |operation: &str, e: &super::failure::Failure| {
        ctx.sink.refused(region, "kms", operation, e);
    };
    let keys = match kms
        .list_keys()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
    {
        Ok(keys) => keys,
        Err(e) => return refused("ListKeys", &classify(&e)),
    };
    for key in keys {
        let Some(id) = key.key_id() else { continue };
        let meta = match kms.describe_key().key_id(id).send().await {
            Ok(out) => out.key_metadata().cloned(),
            Err(e) => {
                refused("DescribeKey", &classify(&e));
                continue;
            }
        };
        let Some(meta) = meta else { continue };
        let customer = meta.key_manager().map(|m| m.as_str()) == Some("CUSTOMER");
        let state = meta.key_state().map(|s| s.as_str()).unwrap_or("");
        if !customer || state == "PendingDeletion" || state == "PendingReplicaDeletion" {
            continue;
        }
        let mut unknown = Vec::new();
        let rotation = match kms.get_key_rotation_status().key_id(id).send().await {
            Ok(out) => json!(out.key_rotation_enabled()),
            Err(e) => {
                refused("GetKeyRotationStatus", &classify(&e));
                unknown.push("enable_key_rotation".to_string());
                json!(null)
            }
        };
        let policy = match kms
            .get_key_policy()
            .key_id(id)
            .policy_name("default")
            .send()
            .await
        {
            Ok(out) => json!(out.policy().map(decode_policy)),
            Err(e) => {
                refused("GetKeyPolicy", &classify(&e));
                unknown.push("policy".to_string());
                json!(null)
            }
        };
        let arn = meta.arn().unwrap_or_default().to_string();
        ctx.sink.add(Item {
            kind: "aws_kms_key",
            key: id,
            name: id,
            region,
            arn: arn.clone(),
            console_url: Some(format!(
                "https://{region}.console.aws.amazon.com/kms/home?region={region}#/kms/keys/{id}"
            )),
            attributes: json!({
                "id": id,
                "key_id": id,
                "arn": arn,
                "description": meta.description().unwrap_or(""),
                "key_usage": meta.key_usage().map(|u| u.as_str()),
                "customer_master_key_spec": meta.key_spec().map(|s| s.as_str()),
                "is_enabled": meta.enabled(),
                "multi_region": meta.multi_region().unwrap_or(false),
                "custom_key_store_id": meta.custom_key_store_id(),
                "enable_key_rotation": rotation,
                "policy": policy,
            }),
            unknown,
        });
    }
}
