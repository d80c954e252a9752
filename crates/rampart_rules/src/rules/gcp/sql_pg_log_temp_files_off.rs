//! GCP-SQL-007: PostgreSQL instance does not log temporary files
use crate::prelude::*;
use crate::views::gcp::sql;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-007",
    title: "PostgreSQL instance does not log temporary files",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "`log_temp_files = 0` logs every temporary file a query creates. With the default `-1`, or a size threshold, large sorts and hashes spilling to disk — typical of data-extraction queries and resource exhaustion — go unrecorded.",
    remediation: "Add a `database_flags { name = \"log_temp_files\", value = \"0\" }` block to `settings`.",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/flags",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html",
    ],
    aliases: &[
        "AVD-GCP-0014",
        "google-sql-enable-pg-temp-file-logging",
        "CKV_GCP_56",
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
    sql::postgres_flag_hit(r.resource(), "log_temp_files", &["0"], true)
        .into_iter()
        .collect()
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(r.resource(), "log_temp_files", "0", Applicability::Safe)
}
