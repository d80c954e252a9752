//! AWS-RDS-004: automated backups are turned off.
use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-004",
    title: "RDS instance has automated backups disabled",
    severity: Severity::Medium,
    category: Category::Availability,
    provider: Provider::Aws,
    kinds: &["aws_db_instance"],
    rationale: "`backup_retention_period = 0` turns automated backups and point-in-time recovery off: a dropped table, \
a bad migration or ransomware leaves nothing to restore from. Unset is not reported (AWS then keeps backups for one \
day), nor are read replicas (backups are taken on the source) or Aurora instances (the cluster keeps them and cannot go \
below one day).",
    remediation: "Set `backup_retention_period` to at least 7 days (35 at most), with a `backup_window` outside peak \
hours.",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    ],
    aliases: &["CKV_AWS_133"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let replica = r.get("replicate_source_db").is_some_and(|v| !v.is_null());
    let aurora = r.str("engine").is_some_and(|e| e.starts_with("aurora"));
    let zero = r.get("backup_retention_period").and_then(Value::as_i64) == Some(0);
    if is_managed(&r) && !replica && !aurora && zero {
        vec![Hit::at(
            "backup_retention_period",
            format!("`{}` keeps no automated backups", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "backup_retention_period",
        Value::Number(7.0),
        "keep automated backups for 7 days",
        Applicability::Unsafe(
            "changing the backup retention from 0 to a positive value causes a brief outage of the instance".into(),
        ),
    ))
}
