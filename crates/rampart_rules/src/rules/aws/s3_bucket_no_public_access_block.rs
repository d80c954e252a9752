//! AWS-S3-003: no public access block covers the bucket.
use crate::prelude::*;
use crate::views::s3::{BUCKET_BLOCK, BucketScope};
use std::collections::BTreeMap;

pub static RULE: Rule = Rule {
    id: "AWS-S3-003",
    title: "S3 bucket has no public access block",
    severity: Severity::Low,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "A public access block is the guard rail that keeps a bucket private even when someone later adds a \
public ACL or policy. Neither an `aws_s3_bucket_public_access_block` for the bucket nor an account-wide \
`aws_s3_account_public_access_block` is declared, so the configuration does not state that protection. (S3 turns the \
block on for buckets created since April 2023, but older and imported buckets do not have it, and nothing stops it \
from being turned off outside code.) Blocks that exist but leave a flag off are reported by AWS-S3-008 to AWS-S3-011.",
    remediation: "Add an `aws_s3_bucket_public_access_block` for the bucket with `block_public_acls`, \
`block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` set to `true`, or better one \
`aws_s3_account_public_access_block` for the whole account.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
    ],
    aliases: &[
        "AVD-AWS-0094",
        "aws-s3-specify-public-access-block",
        "CKV2_AWS_6",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r)
        && BucketScope::of_bucket(r)
            .public_access_block_exists()
            .is_false()
    {
        vec![Hit::resource(format!(
            "`{}` has no public access block, on the bucket or account-wide",
            r.address
        ))]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let attributes: BTreeMap<String, Value> = [
        "block_public_acls",
        "block_public_policy",
        "ignore_public_acls",
        "restrict_public_buckets",
    ]
    .into_iter()
    .map(|a| (a.to_string(), Value::Bool(true)))
    .collect();
    Some(Fix {
        summary: "add a public access block with all four protections on".into(),
        changes: vec![Change::AddResource {
            owner: r.address.clone(),
            kind: BUCKET_BLOCK.into(),
            name: r.name.clone(),
            attributes,
            references: BTreeMap::from([("bucket".to_string(), reference_to(&r, "id"))]),
        }],
        applicability: Applicability::Unsafe(
            "anything that relies on the bucket being public (a static website, public downloads) stops working".into(),
        ),
    })
}
