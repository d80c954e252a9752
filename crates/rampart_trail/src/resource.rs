//! The resource an event acted on, from its request parameters, where CloudTrail records
//! enough to name it exactly. The table is small on purpose:
//!
//! | service | parameters | action's resource type | resource |
//! | --- | --- | --- | --- |
//! | S3 | `bucketName`, `key` | `object` | `arn:aws:s3:::BUCKET/KEY` (`BUCKET/*` without a key, or with one over S3's 1,024 bytes) |
//! | S3 | `bucketName` | `bucket` | `arn:aws:s3:::BUCKET` |
//! | DynamoDB | `tableName`, `awsRegion`, `recipientAccountId` | `table` | `arn:aws:dynamodb:REGION:ACCOUNT:table/NAME` |
//!
//! Everything else is `*` for that action: an ARN guessed from a name (IAM paths, KMS aliases,
//! Lambda qualifiers) could be wrong, and a wrong ARN in a minimal policy breaks the workload.
//! The action's resource types come from the catalogue, so an S3 bucket-level call is never
//! given an object ARN.

use crate::event::Event;
use crate::mapping::ActionRef;
use serde::{Serialize, Serializer};
use std::fmt;

/// A resource (or set of resources) an action was used on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Resource {
    /// One ARN, exactly as the call named it.
    Exact(String),
    /// Every ARN starting with this text (`arn:aws:s3:::bucket/`): an S3 object call without a
    /// key, or object ARNs collapsed when there were too many.
    Prefix(String),
    /// `*`.
    Any,
}

impl Resource {
    /// The text of a policy's `Resource` entry. Characters IAM reads as wildcards or variables
    /// (`*`, `?`, `$`) in a real name are written as `${*}`, `${?}`, `${$}`, so an exact ARN
    /// stays exact.
    pub fn policy_text(&self) -> String {
        match self {
            Resource::Exact(arn) => escape(arn),
            Resource::Prefix(prefix) => format!("{}*", escape(prefix)),
            Resource::Any => "*".into(),
        }
    }

    /// The resource of a request that stands for this entry in the proof: the ARN itself, or
    /// the prefix followed by a literal `*`.
    pub fn request_text(&self) -> String {
        match self {
            Resource::Exact(arn) => arn.clone(),
            Resource::Prefix(prefix) => format!("{prefix}*"),
            Resource::Any => "*".into(),
        }
    }

    /// The account in the ARN, when it names one (S3 ARNs do not).
    pub fn account(&self) -> Option<&str> {
        let (Resource::Exact(arn) | Resource::Prefix(arn)) = self else {
            return None;
        };
        let account = arn.split(':').nth(4)?;
        rampart_iam::principal::is_account_id(account).then_some(account)
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.request_text())
    }
}

impl Serialize for Resource {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.policy_text())
    }
}

fn escape(text: &str) -> String {
    if !text.contains(['$', '*', '?']) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '$' => out.push_str("${$}"),
            '*' => out.push_str("${*}"),
            '?' => out.push_str("${?}"),
            c => out.push(c),
        }
    }
    out
}

/// The partition of an ARN (`aws`, `aws-cn`, `aws-us-gov`), `aws` when there is none.
pub fn partition(arn: Option<&str>) -> &str {
    arn.and_then(|a| a.split(':').nth(1))
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .unwrap_or("aws")
}

/// The resource of one call to `action`, as the table above derives it.
pub fn derive(event: &Event<'_>, action: ActionRef<'_>, partition: &str) -> Resource {
    let Some(params) = &event.request_parameters else {
        return Resource::Any;
    };
    let prefix = action.name.split(':').next().unwrap_or_default();
    match prefix {
        "s3" => {
            let Some(bucket) = params.bucket_name.get().filter(|b| is_bucket_name(b)) else {
                return Resource::Any;
            };
            if action.has_resource_type("object") {
                // S3 keys are at most 1,024 bytes: a longer one is not a key, so the call
                // stands for the bucket's objects
                match params.key.get().filter(|k| k.len() <= 1024) {
                    Some(key) => Resource::Exact(format!("arn:{partition}:s3:::{bucket}/{key}")),
                    None => Resource::Prefix(format!("arn:{partition}:s3:::{bucket}/")),
                }
            } else if action.has_resource_type("bucket") {
                Resource::Exact(format!("arn:{partition}:s3:::{bucket}"))
            } else {
                Resource::Any
            }
        }
        "dynamodb" if action.has_resource_type("table") => {
            let table = params.table_name.get().filter(|t| is_table_name(t));
            let region = event.aws_region.get().filter(|r| is_region(r));
            let account = event
                .recipient_account_id
                .get()
                .filter(|a| rampart_iam::principal::is_account_id(a));
            match (table, region, account) {
                (Some(table), Some(region), Some(account)) => Resource::Exact(format!(
                    "arn:{partition}:dynamodb:{region}:{account}:table/{table}"
                )),
                _ => Resource::Any,
            }
        }
        _ => Resource::Any,
    }
}

/// S3's bucket naming rules (3–63 lower-case letters, digits, `.` and `-`).
fn is_bucket_name(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
}

/// DynamoDB's table naming rules (3–255 of `A-Za-z0-9_.-`).
fn is_table_name(name: &str) -> bool {
    (3..=255).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn is_region(region: &str) -> bool {
    !region.is_empty()
        && region.len() <= 32
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_characters_in_names_stay_literal() {
        let r = Resource::Exact("arn:aws:s3:::b/a*b?$c".into());
        assert_eq!(r.policy_text(), "arn:aws:s3:::b/a${*}b${?}${$}c");
        assert_eq!(r.request_text(), "arn:aws:s3:::b/a*b?$c");
        assert_eq!(
            Resource::Prefix("arn:aws:s3:::b/".into()).policy_text(),
            "arn:aws:s3:::b/*"
        );
    }

    #[test]
    fn accounts_and_partitions_come_from_arns() {
        let table = Resource::Exact("arn:aws:dynamodb:eu-west-1:111122223333:table/t".into());
        assert_eq!(table.account(), Some("111122223333"));
        assert_eq!(Resource::Exact("arn:aws:s3:::b".into()).account(), None);
        assert_eq!(partition(Some("arn:aws-cn:iam::1:user/x")), "aws-cn");
        assert_eq!(partition(Some("garbage")), "aws");
        assert_eq!(partition(None), "aws");
    }
}
