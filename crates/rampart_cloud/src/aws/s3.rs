//! S3: buckets and their settings as the AWS provider (v4+) keeps them — `aws_s3_bucket` plus one
//! `aws_s3_bucket_*` resource per configured setting — and the account-wide public access
//! block. A setting the API says is not configured produces no resource (as in Terraform); a
//! setting whose call was refused produces its resource with the refused attributes Unknown,
//! plus a warning, so no rule judges what nobody could read.

use super::failure::{Failure, classify};
use super::sink::Item;
use super::{Context, console};
use aws_sdk_s3::Client;
use serde_json::{Value as Json, json};

/// The kinds this collector writes (one list, in the snapshot format: drift reads it too).
pub const KINDS: &[&str] = rampart_ingest::snapshot::aws_kinds::S3;

const PAB_FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

fn client(ctx: &Context, region: &str) -> Client {
    let config = aws_sdk_s3::config::Builder::from(&ctx.in_region(region))
        // a custom endpoint (an S3-compatible store, a proxy) is addressed by path: bucket
        // names as host labels only resolve under AWS's own domains
        .force_path_style(ctx.sdk.endpoint_url().is_some())
        .build();
    Client::from_conf(config)
}

/// Buckets in `regions` (every bucket when `regions` is empty) and the account block.
pub async fn collect(ctx: &Context, regions: &[String]) {
    let home = ctx
        .sdk
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| "us-east-1".into());
    account_block(ctx, &home).await;
    let s3 = client(ctx, &home);
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        match s3
            .list_buckets()
            .set_continuation_token(token.clone())
            .send()
            .await
        {
            Ok(out) => {
                names.extend(
                    out.buckets()
                        .iter()
                        .filter_map(|b| b.name().map(str::to_string)),
                );
                token = out.continuation_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            Err(e) => {
                ctx.sink
                    .refused("global", "s3", "ListBuckets", &classify(&e));
                return;
            }
        }
    }
    let mut tasks = tokio::task::JoinSet::new();
    for name in names {
        let ctx = ctx.clone();
        let s3 = s3.clone();
        let regions = regions.to_vec();
        let home = home.clone();
        tasks.spawn(async move {
            let _permit = ctx.per_resource.clone().acquire_owned().await.ok();
            let region = match s3.get_bucket_location().bucket(&name).send().await {
                Ok(out) => location_region(out.location_constraint().map(|c| c.as_str())),
                Err(e) => {
                    ctx.sink
                        .refused(&home, "s3", "GetBucketLocation", &classify(&e));
                    home.clone()
                }
            };
            if !regions.is_empty() && !regions.contains(&region) {
                return;
            }
            bucket(&ctx, &client(&ctx, &region), &name, &region).await;
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// `GetBucketLocation` says `null` for us-east-1 and `EU` for the oldest eu-west-1 buckets.
fn location_region(constraint: Option<&str>) -> String {
    match constraint {
        None | Some("") => "us-east-1".into(),
        Some("EU") => "eu-west-1".into(),
        Some(r) => r.to_string(),
    }
}

struct Bucket<'a> {
    ctx: &'a Context,
    name: &'a str,
    region: &'a str,
}

impl Bucket<'_> {
    /// Records one setting resource of the bucket, with `unknown` attributes when refused.
    fn setting(&self, kind: &str, mut attributes: Json, unknown: Vec<String>) {
        if let Json::Object(m) = &mut attributes {
            m.insert("bucket".into(), Json::String(self.name.to_string()));
            m.insert("id".into(), Json::String(self.name.to_string()));
        }
        self.ctx.sink.add(Item {
            kind,
            key: self.name,
            name: self.name,
            region: self.region,
            arn: format!("arn:aws:s3:::{}", self.name),
            console_url: Some(console::s3_bucket(self.name, self.region)),
            attributes,
            unknown,
        });
    }
    /// A refused call: a warning, and the setting with `unknown` attributes.
    fn refused(&self, kind: &str, operation: &str, failure: &Failure, unknown: &[&str]) {
        self.ctx.sink.refused(self.region, "s3", operation, failure);
        if matches!(failure, Failure::Refused { .. }) {
            self.setting(
                kind,
                json!({}),
                unknown.iter().map(|s| s.to_string()).collect(),
            );
        }
    }
}

async fn bucket(ctx: &Context, s3: &Client, name: &str, region: &str) {
    let b = Bucket { ctx, name, region };
    ctx.sink.add(Item {
        kind: "aws_s3_bucket",
        key: name,
        name,
        region,
        arn: format!("arn:aws:s3:::{name}"),
        console_url: Some(console::s3_bucket(name, region)),
        attributes: json!({
            "bucket": name,
            "id": name,
            "arn": format!("arn:aws:s3:::{name}"),
            "region": region,
            "bucket_domain_name": format!("{name}.s3.amazonaws.com"),
            "bucket_regional_domain_name": format!("{name}.s3.{region}.amazonaws.com"),
        }),
        unknown: Vec::new(),
    });

    match s3.get_bucket_acl().bucket(name).send().await {
        Ok(out) => {
            let grants: Vec<Json> = out
                .grants()
                .iter()
                .map(|g| {
                    let grantee = g.grantee().map(|e| {
                        json!({
                            "type": e.r#type().as_str(),
                            "uri": e.uri().unwrap_or(""),
                            "id": e.id().unwrap_or(""),
                            "email_address": e.email_address().unwrap_or(""),
                            "display_name": e.display_name().unwrap_or(""),
                        })
                    });
                    json!({
                        "grantee": grantee.into_iter().collect::<Vec<_>>(),
                        "permission": g.permission().map(|p| p.as_str()).unwrap_or(""),
                    })
                })
                .collect();
            let owner = out.owner().map(|o| {
                json!({"id": o.id().unwrap_or(""), "display_name": o.display_name().unwrap_or("")})
            });
            b.setting(
                "aws_s3_bucket_acl",
                json!({
                    "access_control_policy": [{
                        "grant": grants,
                        "owner": owner.into_iter().collect::<Vec<_>>(),
                    }],
                }),
                Vec::new(),
            );
        }
        Err(e) => b.refused(
            "aws_s3_bucket_acl",
            "GetBucketAcl",
            &classify(&e),
            &["access_control_policy"],
        ),
    }

    match s3.get_bucket_policy().bucket(name).send().await {
        Ok(out) => {
            if let Some(policy) = out.policy().filter(|p| !p.trim().is_empty()) {
                b.setting(
                    "aws_s3_bucket_policy",
                    json!({ "policy": super::policy_text::decode_policy(policy) }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_policy",
            "GetBucketPolicy",
            &classify(&e),
            &["policy"],
        ),
    }

    match s3.get_public_access_block().bucket(name).send().await {
        Ok(out) => {
            if let Some(c) = out.public_access_block_configuration() {
                b.setting(
                    "aws_s3_bucket_public_access_block",
                    json!({
                        "block_public_acls": c.block_public_acls().unwrap_or(false),
                        "block_public_policy": c.block_public_policy().unwrap_or(false),
                        "ignore_public_acls": c.ignore_public_acls().unwrap_or(false),
                        "restrict_public_buckets": c.restrict_public_buckets().unwrap_or(false),
                    }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_public_access_block",
            "GetPublicAccessBlock",
            &classify(&e),
            &PAB_FLAGS,
        ),
    }

    match s3.get_bucket_encryption().bucket(name).send().await {
        Ok(out) => {
            if let Some(config) = out.server_side_encryption_configuration() {
                let rules: Vec<Json> = config
                    .rules()
                    .iter()
                    .map(|r| {
                        let default = r.apply_server_side_encryption_by_default().map(|d| {
                            json!({
                                "sse_algorithm": d.sse_algorithm().as_str(),
                                "kms_master_key_id": d.kms_master_key_id().unwrap_or(""),
                            })
                        });
                        json!({
                            "apply_server_side_encryption_by_default": default.into_iter().collect::<Vec<_>>(),
                            "bucket_key_enabled": r.bucket_key_enabled().unwrap_or(false),
                        })
                    })
                    .collect();
                b.setting(
                    "aws_s3_bucket_server_side_encryption_configuration",
                    json!({ "rule": rules }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_server_side_encryption_configuration",
            "GetBucketEncryption",
            &classify(&e),
            &["rule"],
        ),
    }

    match s3.get_bucket_versioning().bucket(name).send().await {
        Ok(out) => {
            // a bucket whose versioning was never turned on has no status (and no
            // `aws_s3_bucket_versioning` in Terraform either)
            if let Some(status) = out.status() {
                let mfa_delete = out.mfa_delete().map(|m| m.as_str()).unwrap_or("Disabled");
                b.setting(
                    "aws_s3_bucket_versioning",
                    json!({
                        "versioning_configuration": [{
                            "status": status.as_str(),
                            "mfa_delete": mfa_delete,
                        }],
                    }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_versioning",
            "GetBucketVersioning",
            &classify(&e),
            &["versioning_configuration"],
        ),
    }

    match s3.get_bucket_logging().bucket(name).send().await {
        Ok(out) => {
            if let Some(l) = out.logging_enabled() {
                b.setting(
                    "aws_s3_bucket_logging",
                    json!({
                        "target_bucket": l.target_bucket(),
                        "target_prefix": l.target_prefix(),
                    }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_logging",
            "GetBucketLogging",
            &classify(&e),
            &["target_bucket"],
        ),
    }

    lifecycle_notification_replication(&b, s3).await;

    match s3.get_bucket_ownership_controls().bucket(name).send().await {
        Ok(out) => {
            if let Some(c) = out.ownership_controls() {
                let rules: Vec<Json> = c
                    .rules()
                    .iter()
                    .map(|r| json!({ "object_ownership": r.object_ownership().as_str() }))
                    .collect();
                b.setting(
                    "aws_s3_bucket_ownership_controls",
                    json!({ "rule": rules }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_ownership_controls",
            "GetBucketOwnershipControls",
            &classify(&e),
            &["rule"],
        ),
    }
}

/// Lifecycle rules, event notifications and replication: the hardening settings rules judge.
async fn lifecycle_notification_replication(b: &Bucket<'_>, s3: &Client) {
    let name = b.name;
    match s3
        .get_bucket_lifecycle_configuration()
        .bucket(name)
        .send()
        .await
    {
        Ok(out) => {
            let rules: Vec<Json> = out
                .rules()
                .iter()
                .map(|r| json!({ "id": r.id().unwrap_or(""), "status": r.status().as_str() }))
                .collect();
            b.setting(
                "aws_s3_bucket_lifecycle_configuration",
                json!({ "rule": rules }),
                Vec::new(),
            );
        }
        Err(e) => b.refused(
            "aws_s3_bucket_lifecycle_configuration",
            "GetBucketLifecycleConfiguration",
            &classify(&e),
            &["rule"],
        ),
    }
    match s3
        .get_bucket_notification_configuration()
        .bucket(name)
        .send()
        .await
    {
        Ok(out) => {
            let eventbridge = out.event_bridge_configuration().is_some();
            let topics: Vec<Json> = out
                .topic_configurations()
                .iter()
                .map(|t| json!({ "topic_arn": t.topic_arn() }))
                .collect();
            let queues: Vec<Json> = out
                .queue_configurations()
                .iter()
                .map(|q| json!({ "queue_arn": q.queue_arn() }))
                .collect();
            let lambdas: Vec<Json> = out
                .lambda_function_configurations()
                .iter()
                .map(|l| json!({ "lambda_function_arn": l.lambda_function_arn() }))
                .collect();
            if eventbridge || !topics.is_empty() || !queues.is_empty() || !lambdas.is_empty() {
                b.setting(
                    "aws_s3_bucket_notification",
                    json!({
                        "eventbridge": eventbridge,
                        "topic": topics,
                        "queue": queues,
                        "lambda_function": lambdas,
                    }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_notification",
            "GetBucketNotificationConfiguration",
            &classify(&e),
            &["eventbridge", "topic", "queue", "lambda_function"],
        ),
    }
    match s3.get_bucket_replication().bucket(name).send().await {
        Ok(out) => {
            if let Some(c) = out.replication_configuration() {
                let rules: Vec<Json> = c
                    .rules()
                    .iter()
                    .map(|r| {
                        let destination = r
                            .destination()
                            .map(|d| json!({ "bucket": d.bucket(), "account": d.account() }));
                        json!({
                            "id": r.id().unwrap_or(""),
                            "status": r.status().as_str(),
                            "destination": destination.into_iter().collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                b.setting(
                    "aws_s3_bucket_replication_configuration",
                    json!({ "role": c.role(), "rule": rules }),
                    Vec::new(),
                );
            }
        }
        Err(e) => b.refused(
            "aws_s3_bucket_replication_configuration",
            "GetBucketReplication",
            &classify(&e),
            &["rule"],
        ),
    }
}

/// The account-wide public access block (S3 Control). Refused: the block is recorded with
/// Unknown flags, so bucket-level checks that it could cover stay undecided.
async fn account_block(ctx: &Context, home: &str) {
    let mut config = aws_sdk_s3control::config::Builder::from(&ctx.in_region(home));
    if let Some(url) = ctx.sdk.endpoint_url().filter(|u| host_takes_no_label(u)) {
        config = config.endpoint_resolver(LiteralEndpoint {
            url: url.to_string(),
            region: home.to_string(),
        });
    }
    let config = config.build();
    let control = aws_sdk_s3control::Client::from_conf(config);
    let account = ctx.sink.account.to_string();
    let add = |attributes: Json, unknown: Vec<String>| {
        ctx.sink.add(Item {
            kind: "aws_s3_account_public_access_block",
            key: &account,
            name: &account,
            region: "global",
            arn: format!("arn:aws:s3:::account/{account}"),
            console_url: Some(console::s3_account_settings()),
            attributes,
            unknown,
        });
    };
    match control
        .get_public_access_block()
        .account_id(&account)
        .send()
        .await
    {
        Ok(out) => {
            if let Some(c) = out.public_access_block_configuration() {
                add(
                    json!({
                        "account_id": account,
                        "id": account,
                        "block_public_acls": c.block_public_acls().unwrap_or(false),
                        "block_public_policy": c.block_public_policy().unwrap_or(false),
                        "ignore_public_acls": c.ignore_public_acls().unwrap_or(false),
                        "restrict_public_buckets": c.restrict_public_buckets().unwrap_or(false),
                    }),
                    Vec::new(),
                );
            }
        }
        Err(e) => {
            let failure = classify(&e);
            ctx.sink
                .refused("global", "s3control", "GetPublicAccessBlock", &failure);
            if matches!(failure, Failure::Refused { .. }) {
                add(
                    json!({ "account_id": account, "id": account }),
                    PAB_FLAGS.iter().map(|s| s.to_string()).collect(),
                );
            }
        }
    }
}

/// Whether a custom endpoint's host is an IP address or `localhost`, which cannot carry the
/// `ACCOUNT.` host label S3 Control's endpoint rules put in front of it (DNS would never
/// resolve `123456789012.127.0.0.1`). The account id also travels in the `x-amz-account-id`
/// header, so such an endpoint is used as given — the same reasoning as path-style S3.
fn host_takes_no_label(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => return v6.contains(']'),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::Ipv4Addr>().is_ok()
}

/// A custom S3 Control endpoint used exactly as configured (see [`host_takes_no_label`]).
#[derive(Debug)]
struct LiteralEndpoint {
    url: String,
    region: String,
}

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for LiteralEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        let scheme = aws_smithy_types::endpoint::EndpointAuthScheme::with_capacity("sigv4", 3)
            .put("disableDoubleEncoding", true)
            .put("signingName", "s3".to_string())
            .put("signingRegion", self.region.clone());
        let endpoint = aws_sdk_s3control::config::endpoint::Endpoint::builder()
            .url(self.url.clone())
            .auth_scheme(scheme)
            .build();
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(endpoint))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ip_and_localhost_endpoints_skip_the_account_label() {
        assert!(host_takes_no_label("http://127.0.0.1:5000"));
        assert!(host_takes_no_label("http://localhost:4566/"));
        assert!(host_takes_no_label("http://[::1]:5000"));
        assert!(!host_takes_no_label("https://s3-control.example.com"));
        assert!(!host_takes_no_label(
            "https://vpce-1.s3-control.us-east-1.vpce.amazonaws.com"
        ));
    }

    #[test]
    fn bucket_locations_name_their_region() {
        assert_eq!(location_region(None), "us-east-1");
        assert_eq!(location_region(Some("")), "us-east-1");
        assert_eq!(location_region(Some("EU")), "eu-west-1");
        assert_eq!(location_region(Some("ap-south-1")), "ap-south-1");
    }
}
