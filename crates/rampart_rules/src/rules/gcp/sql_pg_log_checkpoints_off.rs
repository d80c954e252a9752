//! GCP-SQL-008: PostgreSQL instance turns checkpoint logging off
use crate::prelude::*;
use crate::views::gcp::sql;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-008",
    title: "PostgreSQL instance turns checkpoint logging off",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "`log_checkpoints` records each checkpoint and its statistics, which is how unusual write volumes and I/O pressure show up in the logs. Only an explicit `off` is reported, because the default differs between PostgreSQL versions (on since PostgreSQL 15).",
    remediation: "Set the `log_checkpoints` database flag to `on` (or remove the block on PostgreSQL 15 and later).",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/flags",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html",
    ],
    aliases: &[
        "AVD-GCP-0025",
        "google-sql-pg-log-checkpoints",
        "CKV_GCP_51",
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
    sql::postgres_flag_hit(r.resource(), "log_checkpoints", &["on"], false)
        .into_iter()
        .collect()
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(r.resource(), "log_checkpoints", "on", Applicability::Safe)
}
