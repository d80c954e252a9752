//! GCP-SQL-005: PostgreSQL instance does not log disconnections
use crate::prelude::*;
use crate::views::gcp::sql;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-005",
    title: "PostgreSQL instance does not log disconnections",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "With `log_disconnections` off (the PostgreSQL default) session ends and durations are not recorded, so an investigation cannot tell how long a suspicious session lasted or correlate it with the connection that opened it.",
    remediation: "Add a `database_flags { name = \"log_disconnections\", value = \"on\" }` block to `settings`. The flag is dynamic: no restart is needed.",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/flags",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html",
    ],
    aliases: &[
        "AVD-GCP-0022",
        "google-sql-pg-log-disconnections",
        "CKV_GCP_53",
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
    sql::postgres_flag_hit(r.resource(), "log_disconnections", &["on"], true)
        .into_iter()
        .collect()
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(
        r.resource(),
        "log_disconnections",
        "on",
        Applicability::Safe,
    )
}
