//! CloudTrail (per region): the trails whose home is the region, as `aws_cloudtrail`, with their
//! logging status. A multi-region trail is read once, in its home region.

use super::Context;
use super::failure::classify;
use super::sink::Item;
use aws_sdk_cloudtrail::Client;
use serde_json::json;

/// The kinds this collector writes (one list, in the snapshot format: drift reads it too).
pub const KINDS: &[&str] = rampart_ingest::snapshot::aws_kinds::CLOUDTRAIL;

pub async fn collect(ctx: &Context, region: &str) {
    let trails = Client::new(&ctx.in_region(region));
    let listed = trails
        .describe_trails()
        .include_shadow_trails(false)
        .send()
        .await;
    let list = match listed {
        Ok(out) => out.trail_list().to_vec(),
        Err(e) => {
            return ctx
                .sink
                .refused(region, "cloudtrail", "DescribeTrails", &classify(&e));
        }
    };
    for t in list {
        let (Some(name), Some(arn)) = (t.name(), t.trail_arn()) else {
            continue;
        };
        let mut unknown = Vec::new();
        let logging = match trails.get_trail_status().name(arn).send().await {
            Ok(out) => json!(out.is_logging()),
            Err(e) => {
                ctx.sink
                    .refused(region, "cloudtrail", "GetTrailStatus", &classify(&e));
                unknown.push("enable_logging".to_string());
                json!(null)
            }
        };
        ctx.sink.add(Item {
            kind: "aws_cloudtrail",
            key: name,
            name,
            region,
            arn: arn.to_string(),
            console_url: Some(format!(
                "https://{region}.console.aws.amazon.com/cloudtrailv2/home?region={region}#/trails/{arn}"
            )),
            attributes: json!({
                "id": name,
                "name": name,
                "arn": arn,
                "home_region": t.home_region(),
                "s3_bucket_name": t.s3_bucket_name(),
                "is_multi_region_trail": t.is_multi_region_trail().unwrap_or(false),
                "is_organization_trail": t.is_organization_trail().unwrap_or(false),
                "include_global_service_events": t.include_global_service_events().unwrap_or(false),
                "enable_log_file_validation": t.log_file_validation_enabled().unwrap_or(false),
                "kms_key_id": t.kms_key_id(),
                "cloud_watch_logs_group_arn": t.cloud_watch_logs_log_group_arn(),
                "enable_logging": logging,
            }),
            unknown,
        });
    }
}
