//! GCP-SQL-010: PostgreSQL does not log errors.
use crate::prelude::*;
use crate::views::gcp::sql::{self, Engine};

pub static RULE: Rule = Rule {
    id: "GCP-SQL-010",
    title: "PostgreSQL instance does not log errors",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "`log_min_messages` sets the least severe message written to the server log. Set to `log`, `fatal` or \
`panic`, ordinary `ERROR` messages — failed authentication details, permission errors, SQL injection probes that \
break queries — are discarded. The default `warning` is fine and is not reported.",
    remediation: "Set the `log_min_messages` database flag to `warning` (or `error`), or remove it to use the \
default.",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/flags",
        "https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-MIN-MESSAGES",
    ],
    aliases: &["AVD-GCP-0018", "google-sql-pg-log-errors", "CKV_GCP_55"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Safe,
    },
};

const SILENCING: &[&str] = &["log", "fatal", "panic"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) || sql::engine(r.resource()) != Engine::Postgres {
        return Vec::new();
    }
    let f = sql::flag(r.resource(), "log_min_messages");
    if f.is(SILENCING, Truth::False).is_true() {
        vec![Hit::at(
            f.path(),
            format!(
                "`{}` sets log_min_messages to `{}`, so errors are not logged",
                r.address,
                f.text().unwrap_or_default()
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(
        r.resource(),
        "log_min_messages",
        "warning",
        Applicability::Safe,
    )
}
