//! AWS-S3-001: a bucket ACL grants access to everyone or to every AWS account holder.
use crate::prelude::*;
use crate::views::s3::{BUCKET, BucketScope, public_acl_grants};

pub static RULE: Rule = Rule {
    id: "AWS-S3-001",
    title: "S3 bucket ACL grants public read or write access",
    severity: Severity::Critical,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket", "aws_s3_bucket_acl"],
    rationale: "A canned ACL `public-read`, `public-read-write` or `authenticated-read`, or a grant to the `AllUsers` or \
`AuthenticatedUsers` group, lets anyone on the internet (or anyone with any AWS account) list and read the bucket — \
and with write access, plant or delete objects. Public buckets are the classic source of large data leaks. The finding \
is not reported when `ignore_public_acls` is on (bucket-level or account-wide) or ACLs are disabled with \
`object_ownership = \"BucketOwnerEnforced\"`, because S3 then ignores the ACL. `block_public_acls` alone does not \
count: it rejects new public ACLs but keeps one that was applied first.",
    remediation: "Set the ACL to `private` (or remove it and disable ACLs with `aws_s3_bucket_ownership_controls` \
`BucketOwnerEnforced`), and turn on `ignore_public_acls` in a public access block. Serve public content through \
CloudFront with origin access control instead of a public bucket.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    ],
    aliases: &[
        "AVD-AWS-0092",
        "aws-s3-no-public-access-with-acl",
        "CKV_AWS_20",
        "CKV_AWS_57",
        "CKV2_AWS_43",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let exposures = public_acl_grants(&r);
    if exposures.is_empty() {
        return Vec::new();
    }
    let scope = if r.kind == BUCKET {
        BucketScope::of_bucket(r)
    } else {
        BucketScope::of_setting(r)
    };
    if !scope.public_acls_neutralised().is_false() {
        return Vec::new();
    }
    exposures
        .into_iter()
        .map(|(path, what)| {
            Hit::at(
                path,
                format!("`{}` is public through its ACL: {what}", r.address),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    // a canned ACL has one safe replacement; removing individual grants needs a human
    (hit.attribute.as_deref() == Some("acl")).then(|| {
        set_attribute_fix(
            &r,
            "acl",
            Value::string("private"),
            "make the bucket ACL private",
            Applicability::Unsafe(
                "anything that reads the bucket anonymously (a static website, public downloads) stops working".into(),
            ),
        )
    })
}
