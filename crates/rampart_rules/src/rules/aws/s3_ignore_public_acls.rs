//! AWS-S3-010: S3 public access block does not ignore public ACLs.
use crate::prelude::*;
use crate::views::s3::{BlockFlag, PUBLIC_ACCESS_BLOCK_KINDS, block_flag_fix, block_flag_hits};

pub static RULE: Rule = Rule {
    id: "AWS-S3-010",
    title: "S3 public access block does not ignore public ACLs",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: PUBLIC_ACCESS_BLOCK_KINDS,
    rationale: "With `ignore_public_acls` off, public ACLs already on the bucket or its objects keep working; this is the setting that neutralises existing public ACLs (blocking only stops new ones). An account-wide block (`aws_s3_account_public_access_block`) with the flag on covers every bucket, \
so a bucket-level block that leaves it off is not reported then. A bucket with no block at all is reported by \
AWS-S3-003.",
    remediation: "Set `ignore_public_acls` to `true` in the block. Buckets meant to be public (static websites) are better served \
through CloudFront with origin access control, which keeps the bucket private.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
    aliases: &["AVD-AWS-0091", "aws-s3-ignore-public-acls", "CKV_AWS_55"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    block_flag_hits(r, BlockFlag::IgnorePublicAcls, "ignore public ACLs")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(block_flag_fix(&r, BlockFlag::IgnorePublicAcls))
}
