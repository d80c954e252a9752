//! S3: buckets and bucket policies. Bucket settings that Terraform (AWS provider v4+) keeps in
//! separate resources become separate resources here too, so one rule reads both sources.

use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};
use rampart_model::Value;

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::S3::Bucket",
        kind: "aws_s3_bucket",
        fields: &[
            f("BucketName", "bucket", Conv::Str),
            f("AccessControl", "acl", Conv::Values(CANNED_ACLS)),
            f("ObjectLockEnabled", "object_lock_enabled", Conv::Bool),
            TAGS,
        ],
        extra: Some(bucket_settings),
    },
    KindMap {
        cfn_type: "AWS::S3::BucketPolicy",
        kind: "aws_s3_bucket_policy",
        fields: &[
            f("Bucket", "bucket", Conv::Str),
            f("PolicyDocument", "policy", Conv::Json),
        ],
        extra: None,
    },
];

/// CloudFormation `AccessControl` values → S3 canned ACL names.
const CANNED_ACLS: &[(&str, &str)] = &[
    ("Private", "private"),
    ("PublicRead", "public-read"),
    ("PublicReadWrite", "public-read-write"),
    ("AuthenticatedRead", "authenticated-read"),
    ("LogDeliveryWrite", "log-delivery-write"),
    ("BucketOwnerRead", "bucket-owner-read"),
    ("BucketOwnerFullControl", "bucket-owner-full-control"),
    ("AwsExecRead", "aws-exec-read"),
];

const PUBLIC_ACCESS_BLOCK: &[Field] = &[
    f("BlockPublicAcls", "block_public_acls", Conv::Bool),
    f("BlockPublicPolicy", "block_public_policy", Conv::Bool),
    f("IgnorePublicAcls", "ignore_public_acls", Conv::Bool),
    f(
        "RestrictPublicBuckets",
        "restrict_public_buckets",
        Conv::Bool,
    ),
];

const ENCRYPTION_RULE: &[Field] = &[
    f(
        "ServerSideEncryptionByDefault",
        "apply_server_side_encryption_by_default",
        Conv::Block(&[
            f("SSEAlgorithm", "sse_algorithm", Conv::Str),
            f("KMSMasterKeyID", "kms_master_key_id", Conv::Str),
        ]),
    ),
    f("BucketKeyEnabled", "bucket_key_enabled", Conv::Bool),
];

const LIFECYCLE_RULE: &[Field] = &[
    f("Id", "id", Conv::Str),
    f("Status", "status", Conv::Str),
    f("Prefix", "prefix", Conv::Str),
    f(
        "AbortIncompleteMultipartUpload",
        "abort_incomplete_multipart_upload",
        Conv::Block(&[f("DaysAfterInitiation", "days_after_initiation", Conv::Num)]),
    ),
    f("ExpirationInDays", "expiration", Conv::Wrap("days")),
    f(
        "NoncurrentVersionExpiration",
        "noncurrent_version_expiration",
        Conv::Block(&[f("NoncurrentDays", "noncurrent_days", Conv::Num)]),
    ),
    f(
        "Transitions",
        "transition",
        Conv::Blocks(&[
            f("StorageClass", "storage_class", Conv::Str),
            f("TransitionInDays", "days", Conv::Num),
        ]),
    ),
];

const VERSIONING: Conv = Conv::Block(&[f("Status", "status", Conv::Str)]);

const OWNERSHIP_RULE: Conv = Conv::Blocks(&[f("ObjectOwnership", "object_ownership", Conv::Str)]);

const WEBSITE: &[Field] = &[
    f("IndexDocument", "index_document", Conv::Wrap("suffix")),
    f("ErrorDocument", "error_document", Conv::Wrap("key")),
    f(
        "RedirectAllRequestsTo",
        "redirect_all_requests_to",
        Conv::Block(&[
            f("HostName", "host_name", Conv::Str),
            f("Protocol", "protocol", Conv::Str),
        ]),
    ),
];

const OBJECT_LOCK: &[Field] = &[
    f("ObjectLockEnabled", "object_lock_enabled", Conv::Str),
    f(
        "Rule",
        "rule",
        Conv::Block(&[f(
            "DefaultRetention",
            "default_retention",
            Conv::Block(&[
                f("Mode", "mode", Conv::Str),
                f("Days", "days", Conv::Num),
                f("Years", "years", Conv::Num),
            ]),
        )]),
    ),
];

fn bucket_settings(m: &mut Mapped, props: &Props) {
    if let Some(ev) = props.get("VersioningConfiguration") {
        let d = m.child(
            "aws_s3_bucket_versioning",
            "versioning",
            "bucket",
            ev.span.clone(),
        );
        d.set("versioning_configuration", ev, VERSIONING);
    }
    if let Some(ev) = props.get("PublicAccessBlockConfiguration") {
        let d = m.child(
            "aws_s3_bucket_public_access_block",
            "public_access_block",
            "bucket",
            ev.span.clone(),
        );
        if let Some(map) = ev.as_map() {
            d.fields(map, PUBLIC_ACCESS_BLOCK);
        }
    }
    if let Some(ev) = props.get("BucketEncryption") {
        let d = m.child(
            "aws_s3_bucket_server_side_encryption_configuration",
            "server_side_encryption_configuration",
            "bucket",
            ev.span.clone(),
        );
        if let Some(rules) = ev.get("ServerSideEncryptionConfiguration") {
            d.set("rule", rules, Conv::Blocks(ENCRYPTION_RULE));
        }
    }
    if let Some(ev) = props.get("LoggingConfiguration") {
        // without a destination, S3 writes the logs into the bucket itself
        let owner = Value::unknown_ref(&m.logical_id);
        let d = m.child(
            "aws_s3_bucket_logging",
            "logging",
            "bucket",
            ev.span.clone(),
        );
        match ev.get("DestinationBucketName") {
            Some(target) => d.set("target_bucket", target, Conv::Str),
            None => d.put("target_bucket", owner, ev.span.clone()),
        }
        if let Some(prefix) = ev.get("LogFilePrefix") {
            d.set("target_prefix", prefix, Conv::Str);
        }
    }
    if let Some(ev) = props.get("OwnershipControls") {
        let d = m.child(
            "aws_s3_bucket_ownership_controls",
            "ownership_controls",
            "bucket",
            ev.span.clone(),
        );
        if let Some(rules) = ev.get("Rules") {
            d.set("rule", rules, OWNERSHIP_RULE);
        }
    }
    if let Some(ev) = props.get("WebsiteConfiguration") {
        let d = m.child(
            "aws_s3_bucket_website_configuration",
            "website_configuration",
            "bucket",
            ev.span.clone(),
        );
        if let Some(map) = ev.as_map() {
            d.fields(map, WEBSITE);
        }
    }
    if let Some(ev) = props.get("LifecycleConfiguration") {
        let d = m.child(
            "aws_s3_bucket_lifecycle_configuration",
            "lifecycle_configuration",
            "bucket",
            ev.span.clone(),
        );
        if let Some(rules) = ev.get("Rules") {
            d.set("rule", rules, Conv::Blocks(LIFECYCLE_RULE));
        }
    }
    if let Some(ev) = props.get("ObjectLockConfiguration") {
        let d = m.child(
            "aws_s3_bucket_object_lock_configuration",
            "object_lock_configuration",
            "bucket",
            ev.span.clone(),
        );
        if let Some(map) = ev.as_map() {
            d.fields(map, OBJECT_LOCK);
        }
    }
}
