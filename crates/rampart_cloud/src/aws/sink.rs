//! Where collectors put what they read: resources in the snapshot's shape (Terraform kind,
//! address, state attributes, ARN, console URL) and warnings for refused calls. Shared by the
//! tasks of every region behind one mutex; the order is made deterministic at the end.

use super::failure::Failure;
use rampart_ingest::snapshot::{SnapshotResource, SnapshotWarning};
use serde_json::Value as Json;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Gathered {
    resources: Vec<SnapshotResource>,
    warnings: Vec<SnapshotWarning>,
}

/// Collected resources and warnings of one account.
#[derive(Clone)]
pub struct Sink {
    pub account: Arc<str>,
    inner: Arc<Mutex<Gathered>>,
}

/// One resource about to be recorded.
pub struct Item<'a> {
    pub kind: &'a str,
    /// Unique within the kind and account: bucket name, group id, `user:policy`.
    pub key: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    pub arn: String,
    pub console_url: Option<String>,
    pub attributes: Json,
    /// Attributes whose call was refused; they load as Unknown.
    pub unknown: Vec<String>,
}

impl Sink {
    pub fn new(account: &str) -> Sink {
        Sink {
            account: Arc::from(account),
            inner: Arc::default(),
        }
    }

    pub fn add(&self, item: Item<'_>) {
        let attributes = match item.attributes {
            Json::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        let resource = SnapshotResource {
            kind: item.kind.to_string(),
            address: address(item.kind, item.key),
            name: item.name.to_string(),
            account: self.account.to_string(),
            region: item.region.to_string(),
            arn: item.arn,
            console_url: item.console_url,
            attributes,
            unknown: item.unknown,
        };
        if let Ok(mut g) = self.inner.lock() {
            g.resources.push(resource);
        }
    }

    /// Records a refused call; a `NotConfigured` answer is not a warning and is ignored.
    pub fn refused(&self, region: &str, service: &str, operation: &str, failure: &Failure) {
        let Failure::Refused { code, message } = failure else {
            return;
        };
        let warning = SnapshotWarning {
            account: self.account.to_string(),
            region: region.to_string(),
            service: service.to_string(),
            operation: operation.to_string(),
            code: code.clone(),
            message: message.clone(),
        };
        if let Ok(mut g) = self.inner.lock() {
            g.warnings.push(warning);
        }
    }

    /// Everything recorded, sorted (addresses, then warnings), one warning per
    /// (region, service, operation, code): a call refused for 500 buckets is one line.
    pub fn finish(&self) -> (Vec<SnapshotResource>, Vec<SnapshotWarning>) {
        let Ok(mut g) = self.inner.lock() else {
            return (Vec::new(), Vec::new());
        };
        let mut resources = std::mem::take(&mut g.resources);
        let mut warnings = std::mem::take(&mut g.warnings);
        resources.sort_by(|a, b| a.address.cmp(&b.address));
        resources.dedup_by(|a, b| a.address == b.address);
        warnings.sort();
        warnings.dedup_by(|a, b| {
            (&a.region, &a.service, &a.operation, &a.code)
                == (&b.region, &b.service, &b.operation, &b.code)
        });
        (resources, warnings)
    }
}

/// A Terraform-like address: `aws_s3_bucket.logs`, or `aws_s3_bucket["my.logs"]` when the key
/// is not an identifier (dots, colons, slashes).
pub fn address(kind: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        format!("{kind}.{key}")
    } else {
        format!(
            "{kind}[{}]",
            serde_json::to_string(key).unwrap_or_else(|_| "\"\"".into())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_quote_keys_that_are_not_identifiers() {
        assert_eq!(address("aws_s3_bucket", "logs-1"), "aws_s3_bucket.logs-1");
        assert_eq!(address("aws_s3_bucket", "a.b"), "aws_s3_bucket[\"a.b\"]");
        assert_eq!(
            address("aws_iam_user_policy", "bob:admin"),
            "aws_iam_user_policy[\"bob:admin\"]"
        );
    }

    #[test]
    fn one_warning_per_refused_operation_and_none_for_not_configured() {
        let sink = Sink::new("1");
        let denied = Failure::Refused {
            code: "AccessDenied".into(),
            message: "no".into(),
        };
        sink.refused("us-east-1", "s3", "GetBucketPolicy", &denied);
        sink.refused("us-east-1", "s3", "GetBucketPolicy", &denied);
        sink.refused("us-east-1", "s3", "GetBucketAcl", &Failure::NotConfigured);
        let (_, warnings) = sink.finish();
        let ops: Vec<&str> = warnings.iter().map(|w| w.operation.as_str()).collect();
        assert_eq!(ops, ["GetBucketPolicy"]);
    }
}
