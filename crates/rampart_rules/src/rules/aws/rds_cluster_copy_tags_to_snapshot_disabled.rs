//! AWS-RDS-007: snapshots of an RDS cluster do not carry the cluster's tags.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-007",
    title: "RDS cluster does not copy its tags to snapshots",
    severity: Severity::Low,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster"],
    rationale: "Snapshots hold the same data as the cluster, but without `copy_tags_to_snapshot` they are created \
untagged: tag-based access control (`aws:ResourceTag` conditions), data-classification and owner tags, cost \
allocation and tag-driven retention or cleanup do not apply to them, and an orphaned snapshot cannot be traced to \
its owner. `copy_tags_to_snapshot` defaults to false.",
    remediation: "Set `copy_tags_to_snapshot = true`. It applies in place and only affects snapshots taken \
afterwards; tag existing snapshots by hand.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_Tagging.html#USER_Tagging.CopyTags",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-16",
    ],
    aliases: &["CKV_AWS_313"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "copy_tags_to_snapshot", false).is_false() {
        vec![Hit::at(
            "copy_tags_to_snapshot",
            format!("`{}` takes snapshots without its tags", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "copy_tags_to_snapshot",
        Value::Bool(true),
        "copy the cluster's tags to its snapshots",
        Applicability::Safe,
    ))
}
