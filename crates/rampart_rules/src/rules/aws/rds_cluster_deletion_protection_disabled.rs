//! AWS-RDS-006: an RDS cluster can be deleted by one API call or `terraform destroy`.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-006",
    title: "RDS cluster does not have deletion protection enabled",
    severity: Severity::Medium,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &["aws_rds_cluster"],
    rationale: "Without `deletion_protection`, the cluster and its automated backups go with a single \
`DeleteDBCluster` call: a mistaken `terraform destroy`, a rename that forces replacement, or stolen credentials. \
Automated backups are deleted with the cluster; only a final snapshot, when one is taken, survives. \
`deletion_protection` defaults to false in Terraform and CloudFormation.",
    remediation: "Set `deletion_protection = true`. It can be turned on in place without downtime; a deliberate \
deletion then first turns it off.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_DeleteCluster.html#USER_DeletionProtection",
    ],
    aliases: &["CKV_AWS_139"],
    check: Checker::Native(check),
    fix: Some(fix),
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && flag(&r, "deletion_protection", false).is_false() {
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
            "`terraform destroy` and any change that replaces the cluster fail until deletion protection is turned off again; short-lived test clusters may want it off".into(),
        ),
    ))
}
