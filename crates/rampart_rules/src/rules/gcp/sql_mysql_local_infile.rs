//! GCP-SQL-009: MySQL accepts LOAD DATA LOCAL INFILE.
use crate::prelude::*;
use crate::views::gcp::sql::{self, Engine};

pub static RULE: Rule = Rule {
    id: "GCP-SQL-009",
    title: "MySQL instance enables local_infile",
    severity: Severity::High,
    category: Category::Data,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "With `local_infile` on, `LOAD DATA LOCAL INFILE` lets the server ask the *client* for any file the \
client can read. A malicious or compromised server, or SQL injection in an application, can then pull files such as \
credentials off application hosts. Only an explicit `on` is reported.",
    remediation: "Set the `local_infile` database flag to `off` and load data through Cloud SQL import from Cloud \
Storage instead.",
    references: &[
        "https://cloud.google.com/sql/docs/mysql/flags",
        "https://dev.mysql.com/doc/refman/8.0/en/load-data-local-security.html",
    ],
    aliases: &[
        "AVD-GCP-0026",
        "google-sql-mysql-no-local-infile",
        "CKV_GCP_50",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) || sql::engine(r.resource()) != Engine::MySql {
        return Vec::new();
    }
    let f = sql::flag(r.resource(), "local_infile");
    if f.is(&["on", "1", "true"], Truth::False).is_true() {
        vec![Hit::at(
            f.path(),
            format!("`{}` enables local_infile", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    sql::set_flag_fix(
        r.resource(),
        "local_infile",
        "off",
        Applicability::Unsafe(
            "clients that load files with LOAD DATA LOCAL INFILE stop working".into(),
        ),
    )
}
