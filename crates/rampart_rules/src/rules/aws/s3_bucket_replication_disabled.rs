//! AWS-S3-013: a bucket keeps its only copy in one region.
use crate::prelude::*;
use crate::views::s3::BucketScope;

pub static RULE: Rule = Rule {
    id: "AWS-S3-013",
    title: "S3 bucket does not replicate to another region",
    severity: Severity::Low,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Without replication the bucket's objects exist in one region of one account: a regional outage \
makes them unavailable, and a deletion or encryption by someone holding the account's credentials cannot be \
recovered from elsewhere. Replication (to another region, ideally another account, with versioning on both sides) \
keeps a second, separately governed copy. Replication is read from an inline `replication_configuration` \
(provider v3) or an `aws_s3_bucket_replication_configuration` with an enabled rule. Buckets that receive \
replicated objects are not reported, nor are CloudFormation buckets (the loader does not read \
`ReplicationConfiguration` yet).",
    remediation: "Enable versioning, create a destination bucket in another region (and account), an IAM role S3 \
can assume, and an `aws_s3_bucket_replication_configuration` with `rule { status = \"Enabled\" destination { \
bucket = <arn> } }`. The destination, role and cost need a human decision, so Rampart proposes no automatic \
change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html",
    ],
    aliases: &["CKV_AWS_144"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // templates' ReplicationConfiguration is not read: absent would not mean off
    if !is_managed(&r) || r.format == rampart_model::SourceFormat::CloudFormation {
        return Vec::new();
    }
    let scope = BucketScope::of_bucket(r);
    if scope.replicates().is_false() && scope.is_replication_destination().is_false() {
        vec![Hit::at(
            "replication_configuration",
            format!("`{}` does not replicate its objects", r.address),
        )]
    } else {
        Vec::new()
    }
}
