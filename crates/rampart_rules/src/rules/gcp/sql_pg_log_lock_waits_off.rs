//! GCP-SQL-006: PostgreSQL instance does not log lock waits
use crate::prelude::*;
use crate::views::gcp::sql;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-006",
    title: "PostgreSQL instance does not log lock waits",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "With `log_lock_waits` off (the PostgreSQL default) sessions waiting longer than `deadlock_timeout` for a lock are not logged, hiding the lock contention that denial-of-service attempts and runaway jobs cause.",
    remediation: "Add a `database_flags { name = \"log_lock_waits\", value = \"on\" }` block to `settings`.",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/flags",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html",
    ],
    aliases: &["AVD-GCP-0020", "google-sql-pg-log-lock-waits", "CKV_GCP_54"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    sql::postgres_flag_hit(r.resource(), "log_lock_waits", &["on"], true)
        .into_iter()
        .collect()
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(r.resource(), "log_lock_waits", "on", Applicability::Safe)
}
