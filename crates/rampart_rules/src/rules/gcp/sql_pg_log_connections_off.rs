//! GCP-SQL-004: PostgreSQL instance does not log connections
use crate::prelude::*;
use crate::views::gcp::sql;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-004",
    title: "PostgreSQL instance does not log connections",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "With `log_connections` off (the PostgreSQL default) the database records no connection attempts, so brute-force attempts, logins from unexpected hosts and the start of a session that later misbehaves leave no trace in Cloud Logging.",
    remediation: "Add a `database_flags { name = \"log_connections\", value = \"on\" }` block to `settings`. The flag is dynamic: no restart is needed.",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/flags",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html",
    ],
    aliases: &[
        "AVD-GCP-0016",
        "google-sql-pg-log-connections",
        "CKV_GCP_52",
    ],
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
    sql::postgres_flag_hit(r.resource(), "log_connections", &["on"], true)
        .into_iter()
        .collect()
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(r.resource(), "log_connections", "on", Applicability::Safe)
}
