//! Inventory snapshots: what `rampart collect aws -o inventory.json` writes and
//! `rampart scan --inventory inventory.json` reads. A snapshot holds live resources already in
//! the model's vocabulary (Terraform kinds and state attribute names), each with its cloud
//! identity (account, region, ARN, console URL), and the collection warnings (a service that
//! refused access or is not offered in a region), which a scan reports as load warnings so a
//! refused collector is never a silent pass. Schema: `docs/schemas/rampart-inventory.schema.json`.
//!
//! This module has no cloud SDK in it: reading a snapshot builds as fast as the rest of the core.
//! Must never: panic on any JSON, or accept a snapshot of a newer format version in silence.

use crate::LoadOutput;
use rampart_model::{Inventory, LoadError, Origin, Resource, SourceFormat, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The value of a snapshot's `format` member.
pub const SNAPSHOT_FORMAT: &str = "rampart-inventory";
/// The snapshot format version this build writes and the newest it reads.
pub const SNAPSHOT_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// [`SNAPSHOT_VERSION`] when written by this build.
    pub version: u32,
    /// The Rampart version that collected it.
    pub tool_version: String,
    /// `aws`.
    pub provider: String,
    /// When collection started, RFC 3339 in UTC.
    pub collected_at: String,
    /// Accounts collected (AWS account ids).
    pub accounts: Vec<String>,
    /// Regions collected.
    pub regions: Vec<String>,
    /// Services collected (`s3`, `iam`, `ec2`).
    pub services: Vec<String>,
    /// What could not be collected, and why.
    pub warnings: Vec<SnapshotWarning>,
    pub resources: Vec<SnapshotResource>,
}

/// A service or call the collector could not read: access denied, not offered in a region,
/// throttled past the retry budget. The resources it would have returned are missing, so the
/// rules that read them could not decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub struct SnapshotWarning {
    pub account: String,
    /// The region, or `global` for account-wide services (IAM, S3 bucket listing).
    pub region: String,
    pub service: String,
    /// The API operation that failed (`ListBuckets`, `GetBucketPolicy`).
    pub operation: String,
    /// The service's error code (`AccessDenied`, `UnauthorizedOperation`), or a short
    /// description of a transport failure.
    pub code: String,
    pub message: String,
}

impl SnapshotWarning {
    /// Where the warning is reported, in the place of a file: `aws://ACCOUNT/REGION/SERVICE`.
    pub fn place(&self) -> String {
        format!("aws://{}/{}/{}", self.account, self.region, self.service)
    }
    pub fn to_load_error(&self) -> LoadError {
        LoadError::warning(
            self.place(),
            1,
            1,
            format!(
                "{} {} was refused ({}): {}; the rules that read what it returns could not check it",
                self.service, self.operation, self.code, self.message
            ),
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SnapshotResource {
    /// Terraform resource type: `aws_s3_bucket`, `aws_security_group`.
    pub kind: String,
    /// Unique address within the snapshot: `aws_s3_bucket.my-logs`.
    pub address: String,
    /// The name people know it by (bucket name, group id, user name).
    pub name: String,
    pub account: String,
    /// The region, or `global` for IAM.
    pub region: String,
    /// The ARN, or the best unique id when the resource has none.
    pub arn: String,
    pub console_url: Option<String>,
    /// Attributes as the Terraform AWS provider's state has them.
    pub attributes: serde_json::Map<String, serde_json::Value>,
    /// Attributes the collector could not read (the call was refused): they load as Unknown,
    /// so rules report them as undecided instead of judging a value nobody saw.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

impl SnapshotResource {
    /// The model resource: live origin, live format, scoped to its account and region.
    pub fn to_resource(&self) -> Resource {
        let origin = Origin::Live {
            provider: "aws".into(),
            account: self.account.clone(),
            region: self.region.clone(),
            id: self.arn.clone(),
        };
        let mut r = Resource::new(self.kind.clone(), self.address.clone(), origin);
        r.name = self.name.clone();
        r.format = SourceFormat::Live;
        r.scope = Arc::from(format!("aws://{}", self.account));
        r.console_url = self.console_url.clone();
        r.attributes = self
            .attributes
            .iter()
            .map(|(k, v)| (k.clone(), Value::from_json(v)))
            .collect();
        for name in &self.unknown {
            r.attributes.insert(name.clone(), Value::unknown());
        }
        r
    }
}

impl Snapshot {
    /// Resources and warnings as a scan loads them.
    pub fn to_load_output(&self) -> LoadOutput {
        let mut resources: Vec<Resource> = self
            .resources
            .iter()
            .map(SnapshotResource::to_resource)
            .collect();
        resources.sort_by(|a, b| a.address.cmp(&b.address));
        let mut errors: Vec<LoadError> = self
            .warnings
            .iter()
            .map(SnapshotWarning::to_load_error)
            .collect();
        errors.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
        errors.dedup();
        LoadOutput {
            inventory: Inventory::new(resources),
            errors,
            files: 0,
            sources: BTreeMap::new(),
        }
    }
}

/// Reads a snapshot file's text. A snapshot that does not parse, is not a Rampart inventory,
/// or is of a newer format version is one error with the file's name; nothing is loaded then.
pub fn load_snapshot_text(file: &str, text: &str) -> LoadOutput {
    match parse_snapshot(text) {
        Ok(snapshot) => snapshot.to_load_output(),
        Err((line, column, message)) => LoadOutput {
            errors: vec![LoadError::error(file, line, column, message)],
            ..LoadOutput::default()
        },
    }
}

/// Parses and checks a snapshot; the error is (line, column, message).
pub fn parse_snapshot(text: &str) -> Result<Snapshot, (u32, u32, String)> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        (
            e.line() as u32,
            e.column() as u32,
            format!("not valid JSON: {e}"),
        )
    })?;
    let format = json.get("format").and_then(serde_json::Value::as_str);
    if format != Some(SNAPSHOT_FORMAT) {
        return Err((
            1,
            1,
            format!(
                "not a Rampart inventory snapshot (`format` must be `{SNAPSHOT_FORMAT}`); write one with `rampart collect aws -o FILE`"
            ),
        ));
    }
    let version = json.get("version").and_then(serde_json::Value::as_u64);
    match version {
        Some(v) if v >= 1 && v <= u64::from(SNAPSHOT_VERSION) => {}
        Some(v) => {
            return Err((
                1,
                1,
                format!(
                    "inventory snapshot version {v} is not supported by this Rampart (it reads versions 1 to {SNAPSHOT_VERSION}); upgrade Rampart"
                ),
            ));
        }
        None => return Err((1, 1, "inventory snapshot has no numeric `version`".into())),
    }
    serde_json::from_value(json).map_err(|e| {
        (
            1,
            1,
            format!("inventory snapshot does not match its schema: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let mut attributes = serde_json::Map::new();
        attributes.insert("bucket".into(), "logs".into());
        Snapshot {
            format: SNAPSHOT_FORMAT.into(),
            version: SNAPSHOT_VERSION,
            tool_version: "0.1.0".into(),
            provider: "aws".into(),
            collected_at: "2026-12-07T09:00:00Z".into(),
            accounts: vec!["123456789012".into()],
            regions: vec!["us-east-1".into()],
            services: vec!["s3".into()],
            warnings: vec![SnapshotWarning {
                account: "123456789012".into(),
                region: "global".into(),
                service: "iam".into(),
                operation: "ListUsers".into(),
                code: "AccessDenied".into(),
                message: "no".into(),
            }],
            resources: vec![SnapshotResource {
                kind: "aws_s3_bucket".into(),
                address: "aws_s3_bucket.logs".into(),
                name: "logs".into(),
                account: "123456789012".into(),
                region: "us-east-1".into(),
                arn: "arn:aws:s3:::logs".into(),
                console_url: Some("https://console.aws.amazon.com/s3/buckets/logs".into()),
                attributes,
                unknown: vec!["policy".into()],
            }],
        }
    }

    #[test]
    fn round_trips_into_live_resources_and_warnings() {
        let text = serde_json::to_string(&snapshot()).unwrap_or_default();
        let out = load_snapshot_text("inv.json", &text);
        let r = out.inventory.resources().first().cloned();
        let r = r.map(|r| {
            let bucket = r.str("bucket").map(String::from);
            (r.kind, r.format, r.origin, r.console_url, bucket)
        });
        assert_eq!(
            r,
            Some((
                "aws_s3_bucket".to_string(),
                SourceFormat::Live,
                Origin::Live {
                    provider: "aws".into(),
                    account: "123456789012".into(),
                    region: "us-east-1".into(),
                    id: "arn:aws:s3:::logs".into(),
                },
                Some("https://console.aws.amazon.com/s3/buckets/logs".to_string()),
                Some("logs".to_string()),
            ))
        );
        let policy = out
            .inventory
            .resources()
            .first()
            .and_then(|r| r.attributes.get("policy").cloned());
        assert_eq!(policy, Some(Value::unknown()));
        assert_eq!(out.errors.len(), 1);
        assert!(!out.errors.iter().any(LoadError::is_error));
        assert_eq!(
            out.errors.first().map(|e| e.file.as_str()),
            Some("aws://123456789012/global/iam")
        );
    }

    #[test]
    fn refuses_other_formats_and_newer_versions() {
        let newer = serde_json::to_string(&Snapshot {
            version: SNAPSHOT_VERSION + 1,
            ..snapshot()
        })
        .unwrap_or_default();
        for (text, expect) in [
            ("{", "not valid JSON"),
            ("{\"format\":\"x\"}", "not a Rampart inventory"),
            (newer.as_str(), "is not supported"),
            (
                "{\"format\":\"rampart-inventory\",\"version\":1}",
                "does not match",
            ),
        ] {
            let out = load_snapshot_text("inv.json", text);
            assert!(out.inventory.is_empty());
            let message = out
                .errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default();
            assert!(message.contains(expect), "{message}");
            assert!(out.errors.iter().all(LoadError::is_error));
        }
    }
}

/// The Terraform kinds the AWS collector writes, per service: what a snapshot holds for a
/// service it listed. Written once, here, for the collector (`rampart_cloud`) and for
/// whoever must tell "not collected" from "absent" (drift).
pub mod aws_kinds {
    pub const S3: &[&str] = &[
        "aws_s3_bucket",
        "aws_s3_bucket_acl",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_logging",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_notification",
        "aws_s3_bucket_replication_configuration",
        "aws_s3_account_public_access_block",
    ];
    pub const IAM: &[&str] = &[
        "aws_iam_user",
        "aws_iam_user_policy",
        "aws_iam_user_policy_attachment",
        "aws_iam_user_login_profile",
        "aws_iam_access_key",
        "aws_iam_virtual_mfa_device",
        "aws_iam_group",
        "aws_iam_group_policy",
        "aws_iam_group_policy_attachment",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_iam_instance_profile",
        "aws_iam_policy",
        "aws_iam_account_password_policy",
        "aws_iam_account_summary",
    ];
    pub const KMS: &[&str] = &["aws_kms_key"];
    pub const CLOUDTRAIL: &[&str] = &["aws_cloudtrail"];
    pub const EC2: &[&str] = &[
        "aws_instance",
        "aws_security_group",
        "aws_default_security_group",
        "aws_ebs_volume",
        "aws_vpc",
        "aws_subnet",
        "aws_route_table",
        "aws_default_route_table",
        "aws_route_table_association",
        "aws_internet_gateway",
        "aws_egress_only_internet_gateway",
        "aws_nat_gateway",
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_flow_log",
        "aws_ebs_encryption_by_default",
    ];

    /// The kinds of the service named `service` (case-insensitive); empty for an unknown name.
    pub fn of_service(service: &str) -> &'static [&'static str] {
        match service.to_ascii_lowercase().as_str() {
            "s3" => S3,
            "iam" => IAM,
            "kms" => KMS,
            "cloudtrail" => CLOUDTRAIL,
            "ec2" => EC2,
            _ => &[],
        }
    }
}
