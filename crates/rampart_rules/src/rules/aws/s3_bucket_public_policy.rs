//! AWS-S3-002: a bucket policy allows access to anyone.
use crate::prelude::*;
use crate::views::iam::public_statement_labels;
use crate::views::s3::{BUCKET, BlockFlag, BucketScope};

pub static RULE: Rule = Rule {
    id: "AWS-S3-002",
    title: "S3 bucket policy allows access to anyone",
    severity: Severity::Critical,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket", "aws_s3_bucket_policy"],
    rationale: "An `Allow` statement with `Principal: \"*\"` (or `{\"AWS\": \"*\"}`, or `NotPrincipal`) and no condition \
that pins the caller to fixed values of `aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceAccount`, `aws:SourceArn`, \
`aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn` or a non-open `aws:SourceIp` lets anyone on the \
internet perform the allowed actions on the bucket. Conditions such as `aws:SecureTransport` do not narrow who the \
caller is. The finding is not reported when `restrict_public_buckets` is on (bucket-level or account-wide): S3 then \
honours such a policy only for AWS services and the owner's account.",
    remediation: "Replace `*` with the principals that need access, or add a condition on the VPC endpoint, source \
account/ARN or organisation; turn on `restrict_public_buckets` and `block_public_policy`. Serve public content through \
CloudFront with origin access control. Who should have access is a human decision, so Rampart proposes no automatic \
change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
    ],
    aliases: &["CKV_AWS_70"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let public = public_statement_labels(&r, "policy");
    if public.is_empty() {
        return Vec::new();
    }
    let scope = if r.kind == BUCKET {
        BucketScope::of_bucket(r)
    } else {
        BucketScope::of_setting(r)
    };
    if !scope
        .block_flag(BlockFlag::RestrictPublicBuckets)
        .is_false()
    {
        return Vec::new();
    }
    vec![Hit::at(
        "policy",
        format!(
            "`{}` bucket policy allows anyone, with no narrowing condition: {}",
            r.address,
            public.join(", ")
        ),
    )]
}
