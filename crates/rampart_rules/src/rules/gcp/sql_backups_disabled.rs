//! GCP-SQL-003: automated backups are not enabled on a Cloud SQL instance.
use crate::prelude::*;
use crate::views::gcp::sql;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-003",
    title: "Cloud SQL instance does not take automated backups",
    severity: Severity::Medium,
    category: Category::Availability,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "Without automated backups (and the point-in-time recovery they enable), a bad migration, an \
accidental `DROP`, or ransomware with database credentials destroys data that cannot be restored. \
`backup_configuration.enabled` defaults to `false`. Read replicas cannot take backups and are not reported.",
    remediation: "Set `settings.backup_configuration.enabled = true` (with `point_in_time_recovery_enabled` or \
`binary_log_enabled` for MySQL) and a retention that matches the recovery objective.",
    references: &["https://cloud.google.com/sql/docs/postgres/backup-recovery/backups"],
    aliases: &["AVD-GCP-0024", "google-sql-enable-backup", "CKV_GCP_14"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

const PATH: &str = "settings.0.backup_configuration.0.enabled";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) || !sql::is_replica(r.resource()).is_false() {
        return Vec::new();
    }
    if flag(&r, PATH, false).is_false() {
        let at = if r.get("settings.0.backup_configuration").is_some() {
            "settings.0.backup_configuration.0"
        } else {
            "settings.0"
        };
        vec![Hit::at(
            at,
            format!("`{}` takes no automated backups", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        PATH,
        Value::Bool(true),
        "enable automated backups",
        Applicability::Safe,
    ))
}
