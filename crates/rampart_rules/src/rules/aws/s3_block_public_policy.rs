//! AWS-S3-009: S3 public access block does not block public bucket policies.
use crate::prelude::*;
use crate::views::s3::{BlockFlag, PUBLIC_ACCESS_BLOCK_KINDS, block_flag_fix, block_flag_hits};

pub static RULE: Rule = Rule {
    id: "AWS-S3-009",
    title: "S3 public access block does not block public bucket policies",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: PUBLIC_ACCESS_BLOCK_KINDS,
    rationale: "With `block_public_policy` off, S3 accepts a bucket policy that grants access to everyone, so a single policy edit can publish the whole bucket. An account-wide block (`aws_s3_account_public_access_block`) with the flag on covers every bucket, \
so a bucket-level block that leaves it off is not reported then. A bucket with no block at all is reported by \
AWS-S3-003.",
    remediation: "Set `block_public_policy` to `true` in the block. Buckets meant to be public (static websites) are better served \
through CloudFront with origin access control, which keeps the bucket private.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
    aliases: &["AVD-AWS-0087", "aws-s3-block-public-policy", "CKV_AWS_54"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    block_flag_hits(
        r,
        BlockFlag::BlockPublicPolicy,
        "block public bucket policies",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(block_flag_fix(&r, BlockFlag::BlockPublicPolicy))
}
