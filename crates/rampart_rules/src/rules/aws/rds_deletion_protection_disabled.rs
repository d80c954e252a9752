//! AWS-RDS-006: an RDS cluster or instance can be deleted by one API call or `terraform destroy`.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-006",
    title: "RDS database does not have deletion protection enabled",
    severity: Severity::Medium,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster", "aws_db_instance"],
    rationale: "Without `deletion_protection`, the database and its automated backups go with a single \
`DeleteDBCluster` or `DeleteDBInstance` call: a mistaken `terraform destroy`, a rename that forces replacement, or \
stolen credentials. Automated backups are deleted with the database (unless retained on purpose); only a final \
snapshot, when one is taken, survives. `deletion_protection` defaults to false in Terraform and CloudFormation. An \
Aurora instance is not reported: its cluster holds the setting.",
    remediation: "Set `deletion_protection = true`. It can be turned on in place without downtime; a deliberate \
deletion then first turns it off.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection",
    ],
    aliases: &["CKV_AWS_139", "CKV_AWS_293"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let aurora_instance = r.kind == "aws_db_instance"
        && r.str("engine").is_some_and(|e| e.trim().starts_with("aurora"));
    if is_managed(&r) && !aurora_instance && flag(&r, "deletion_protection", false).is_false() {
        vec![Hit::at(
            "deletion_protection",
            format!("`{}` can be deleted without turning anything off first", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "deletion_protection",
        Value::Bool(true),
        "turn on deletion protection",
        // applied in place, but it changes what later runs can do
        Applicability::Unsafe(
            "`terraform destroy` and any change that replaces the database fail until deletion protection is turned off again; short-lived test databases may want it off".into(),
        ),
    ))
}
