//! CloudTrail event → IAM action. Most events are named after the action they authorise
//! (`s3.amazonaws.com` + `GetBucketAcl` → `s3:GetBucketAcl`); the exceptions are kept here, as
//! data, in one place: services whose event source differs from their action prefix, events
//! whose name differs from the action, and API version suffixes (`GetFunction20150331v2`).
//! Every answer is checked against the action catalogue: an event maps to an action only when
//! the catalogue has it, and the catalogue's spelling is used. This module never guesses: an
//! event it cannot map is returned as unmapped, for the caller to count and report.

use rampart_iam::catalogue::{self, AccessLevel, Action};
use std::collections::HashMap;

/// Event sources whose IAM action prefix is not the source's first label.
pub const SERVICE_PREFIXES: &[(&str, &str)] = &[
    ("monitoring.amazonaws.com", "cloudwatch"),
    ("streams.dynamodb.amazonaws.com", "dynamodb"),
];

/// Events whose name is not the action that authorises them: `(event source, event name,
/// action)`. From the S3 and Lambda CloudTrail pages of the AWS documentation ("Amazon S3
/// CloudTrail events", "Logging AWS Lambda API calls using AWS CloudTrail") and the S3 API
/// reference's "Permissions" sections.
pub const RENAMED_EVENTS: &[(&str, &str, &str)] = &[
    // S3: list and head operations are authorised by the bucket- or object-level read
    ("s3.amazonaws.com", "ListBuckets", "s3:ListAllMyBuckets"),
    ("s3.amazonaws.com", "ListObjects", "s3:ListBucket"),
    ("s3.amazonaws.com", "ListObjectsV2", "s3:ListBucket"),
    ("s3.amazonaws.com", "HeadBucket", "s3:ListBucket"),
    (
        "s3.amazonaws.com",
        "ListObjectVersions",
        "s3:ListBucketVersions",
    ),
    (
        "s3.amazonaws.com",
        "ListMultipartUploads",
        "s3:ListBucketMultipartUploads",
    ),
    (
        "s3.amazonaws.com",
        "ListParts",
        "s3:ListMultipartUploadParts",
    ),
    ("s3.amazonaws.com", "HeadObject", "s3:GetObject"),
    ("s3.amazonaws.com", "SelectObjectContent", "s3:GetObject"),
    // S3: writes of an object in pieces, and copies, need s3:PutObject on the target
    ("s3.amazonaws.com", "CopyObject", "s3:PutObject"),
    ("s3.amazonaws.com", "CreateMultipartUpload", "s3:PutObject"),
    ("s3.amazonaws.com", "UploadPart", "s3:PutObject"),
    ("s3.amazonaws.com", "UploadPartCopy", "s3:PutObject"),
    (
        "s3.amazonaws.com",
        "CompleteMultipartUpload",
        "s3:PutObject",
    ),
    ("s3.amazonaws.com", "DeleteObjects", "s3:DeleteObject"),
    // S3: bucket sub-resources whose action is named after the configuration
    (
        "s3.amazonaws.com",
        "GetBucketEncryption",
        "s3:GetEncryptionConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketEncryption",
        "s3:PutEncryptionConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "DeleteBucketEncryption",
        "s3:PutEncryptionConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketLifecycle",
        "s3:GetLifecycleConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketLifecycle",
        "s3:PutLifecycleConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "DeleteBucketLifecycle",
        "s3:PutLifecycleConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketReplication",
        "s3:GetReplicationConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketReplication",
        "s3:PutReplicationConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "DeleteBucketReplication",
        "s3:PutReplicationConfiguration",
    ),
    ("s3.amazonaws.com", "DeleteBucketCors", "s3:PutBucketCORS"),
    (
        "s3.amazonaws.com",
        "DeleteBucketTagging",
        "s3:PutBucketTagging",
    ),
    (
        "s3.amazonaws.com",
        "DeleteBucketPublicAccessBlock",
        "s3:PutBucketPublicAccessBlock",
    ),
    (
        "s3.amazonaws.com",
        "DeleteBucketOwnershipControls",
        "s3:PutBucketOwnershipControls",
    ),
    (
        "s3.amazonaws.com",
        "GetObjectLockConfiguration",
        "s3:GetBucketObjectLockConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "PutObjectLockConfiguration",
        "s3:PutBucketObjectLockConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketAccelerateConfiguration",
        "s3:GetAccelerateConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "PutBucketAccelerateConfiguration",
        "s3:PutAccelerateConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketAnalyticsConfiguration",
        "s3:GetAnalyticsConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketMetricsConfiguration",
        "s3:GetMetricsConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketInventoryConfiguration",
        "s3:GetInventoryConfiguration",
    ),
    (
        "s3.amazonaws.com",
        "GetBucketIntelligentTieringConfiguration",
        "s3:GetIntelligentTieringConfiguration",
    ),
    // Lambda: the data event of an invocation
    ("lambda.amazonaws.com", "Invoke", "lambda:InvokeFunction"),
];

/// The IAM action prefix of an event source: `s3.amazonaws.com` → `s3`, with the exceptions
/// of [`SERVICE_PREFIXES`].
pub fn service_prefix(event_source: &str) -> Option<&str> {
    if let Some((_, prefix)) = SERVICE_PREFIXES
        .iter()
        .find(|(source, _)| source.eq_ignore_ascii_case(event_source))
    {
        return Some(prefix);
    }
    let label = event_source
        .strip_suffix(".amazonaws.com")
        .or_else(|| event_source.strip_suffix(".amazonaws.com.cn"))?;
    (!label.is_empty() && !label.contains('.')).then_some(label)
}

/// An event name without the API version some services append (`GetFunction20150331v2`,
/// `ListFunctions20150331`, `GetDistribution2020_05_31`); `None` when it has none.
pub fn strip_version_suffix(event_name: &str) -> Option<&str> {
    let bytes = event_name.as_bytes();
    // the optional `v<digits>` revision after the date
    let mut end = bytes.len();
    let digits_end = end;
    while end > 0 && bytes.get(end - 1).is_some_and(u8::is_ascii_digit) {
        end -= 1;
    }
    if end < digits_end && end > 0 && bytes.get(end - 1) == Some(&b'v') {
        end -= 1;
    } else {
        end = digits_end;
    }
    // the date: eight digits, or YYYY_MM_DD
    let date = bytes.get(..end)?;
    let stem_len = if date.len() > 8 && date.iter().rev().take(8).all(u8::is_ascii_digit) {
        date.len() - 8
    } else if date.len() > 10 && {
        let tail = date.get(date.len() - 10..)?;
        tail.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'_',
            _ => b.is_ascii_digit(),
        })
    } {
        date.len() - 10
    } else {
        return None;
    };
    let stem = event_name.get(..stem_len)?;
    stem.bytes()
        .last()
        .is_some_and(|b| b.is_ascii_alphabetic())
        .then_some(stem)
}

/// A catalogued action, borrowed from the embedded catalogue.
#[derive(Clone, Copy, Debug)]
pub struct ActionRef<'a> {
    /// `prefix:Name`, spelled as the catalogue spells it.
    pub name: &'a str,
    pub action: &'a Action,
}

impl ActionRef<'_> {
    pub fn access_level(&self) -> AccessLevel {
        self.action.access_level
    }

    /// Whether the action names a resource type (`object`, `bucket`, `table`).
    pub fn has_resource_type(&self, resource_type: &str) -> bool {
        self.action
            .resource_types
            .iter()
            .any(|t| t.name == resource_type)
    }
}

/// The catalogue indexed by lower-cased `prefix:name`, with the mapping tables applied.
pub struct ActionIndex {
    /// lower-cased name → (catalogue spelling, action)
    actions: HashMap<String, (String, &'static Action)>,
    renamed: HashMap<String, String>,
}

impl ActionIndex {
    /// Indexes the embedded catalogue (read once per process).
    pub fn embedded() -> Result<ActionIndex, String> {
        let catalogue = catalogue::catalogue()?;
        let mut actions = HashMap::with_capacity(catalogue.action_count());
        for service in &catalogue.services {
            for action in &service.actions {
                let name = format!("{}:{}", service.prefix, action.name);
                actions.insert(name.to_ascii_lowercase(), (name, action));
            }
        }
        let renamed = RENAMED_EVENTS
            .iter()
            .map(|(source, event, action)| (event_key(source, event), action.to_string()))
            .collect();
        Ok(ActionIndex { actions, renamed })
    }

    /// A catalogued action by name, case-insensitively.
    pub fn action(&self, name: &str) -> Option<ActionRef<'_>> {
        self.actions
            .get(&name.to_ascii_lowercase())
            .map(|(name, action)| ActionRef { name, action })
    }

    /// The catalogued actions a policy pattern (`s3:Get*`, `*`) stands for, matched as IAM
    /// matches actions (case-insensitively, `*` and `?`), in no particular order.
    pub fn expand(&self, pattern: &str) -> Vec<ActionRef<'_>> {
        let pattern = pattern.to_ascii_lowercase();
        if !pattern.contains(['*', '?']) {
            return self.action(&pattern).into_iter().collect();
        }
        let pieces = rampart_iam::pattern::wildcard_pieces(&pattern);
        self.actions
            .iter()
            .filter(|(lower, _)| rampart_iam::pattern::matches(&pieces, lower, false))
            .map(|(_, (name, action))| ActionRef { name, action })
            .collect()
    }

    /// Every catalogued action, in no particular order.
    pub fn all(&self) -> impl Iterator<Item = ActionRef<'_>> {
        self.actions
            .values()
            .map(|(name, action)| ActionRef { name, action })
    }

    /// The action an event stands for, or `None` when no catalogued action matches.
    pub fn map_event(&self, event_source: &str, event_name: &str) -> Option<ActionRef<'_>> {
        if let Some(action) = self.renamed.get(&event_key(event_source, event_name)) {
            return self.action(action);
        }
        let prefix = service_prefix(event_source)?;
        self.action(&format!("{prefix}:{event_name}")).or_else(|| {
            let stem = strip_version_suffix(event_name)?;
            self.action(&format!("{prefix}:{stem}"))
        })
    }
}

fn event_key(source: &str, event: &str) -> String {
    format!(
        "{}\u{0}{}",
        source.to_ascii_lowercase(),
        event.to_ascii_lowercase()
    )
}

/// Process-wide index; building it costs ~20 ms, so it is built once.
pub fn index() -> Result<&'static ActionIndex, String> {
    static INDEX: std::sync::OnceLock<Result<ActionIndex, String>> = std::sync::OnceLock::new();
    INDEX
        .get_or_init(ActionIndex::embedded)
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_suffixes_are_stripped_and_nothing_else() {
        assert_eq!(
            strip_version_suffix("GetFunction20150331v2"),
            Some("GetFunction")
        );
        assert_eq!(
            strip_version_suffix("ListFunctions20150331"),
            Some("ListFunctions")
        );
        assert_eq!(
            strip_version_suffix("GetDistribution2020_05_31"),
            Some("GetDistribution")
        );
        assert_eq!(strip_version_suffix("GetObject"), None);
        assert_eq!(strip_version_suffix("PutObjectV2"), None);
        assert_eq!(strip_version_suffix("20150331"), None);
        assert_eq!(strip_version_suffix(""), None);
        assert_eq!(strip_version_suffix("v2"), None);
    }

    #[test]
    fn service_prefixes_follow_the_table() {
        assert_eq!(service_prefix("s3.amazonaws.com"), Some("s3"));
        assert_eq!(
            service_prefix("monitoring.amazonaws.com"),
            Some("cloudwatch")
        );
        assert_eq!(service_prefix("example.com"), None);
        assert_eq!(service_prefix(".amazonaws.com"), None);
    }

    #[test]
    fn every_renamed_event_names_a_catalogued_action() -> Result<(), String> {
        let index = index()?;
        for (source, event, action) in RENAMED_EVENTS {
            assert!(
                index.action(action).is_some(),
                "{source} {event} → {action} is not in the catalogue"
            );
            assert!(service_prefix(source).is_some(), "{source}");
        }
        Ok(())
    }
}
