//! GCP-SQL-002: a Cloud SQL instance accepts unencrypted connections.
use crate::prelude::*;
use crate::views::gcp::{sql, string_in};

pub static RULE: Rule = Rule {
    id: "GCP-SQL-002",
    title: "Cloud SQL instance accepts unencrypted connections",
    severity: Severity::High,
    category: Category::Encryption,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "Unless `ip_configuration.ssl_mode` is `ENCRYPTED_ONLY` or `TRUSTED_CLIENT_CERTIFICATE_REQUIRED` (or \
the older `require_ssl = true`), the instance accepts plaintext connections: credentials and query results cross the \
network readable by anyone on the path. The default is `ALLOW_UNENCRYPTED_AND_ENCRYPTED`. Connections through the \
Cloud SQL Auth Proxy are encrypted either way; direct connections are not.",
    remediation: "Set `ssl_mode = \"ENCRYPTED_ONLY\"` in `settings.ip_configuration` (or \
`TRUSTED_CLIENT_CERTIFICATE_REQUIRED` to also require client certificates) and make clients connect with TLS.",
    references: &[
        "https://cloud.google.com/sql/docs/postgres/configure-ssl-instance",
        "https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/sql_database_instance#ssl_mode",
    ],
    aliases: &[
        "AVD-GCP-0015",
        "google-sql-encrypt-in-transit-data",
        "CKV_GCP_6",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const IP: &str = "settings.0.ip_configuration.0";
const ENFORCING: &[&str] = &["ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    let mode = r.get(&format!("{IP}.ssl_mode"));
    let encrypted = match mode {
        None | Some(Value::Null) => flag(&r, &format!("{IP}.require_ssl"), false),
        some => string_in(some, ENFORCING, Truth::False),
    };
    if !encrypted.is_false() {
        return Vec::new();
    }
    let at = if mode.is_some() {
        format!("{IP}.ssl_mode")
    } else if r.get(&format!("{IP}.require_ssl")).is_some() {
        format!("{IP}.require_ssl")
    } else {
        "settings.0".to_string()
    };
    vec![Hit::at(
        at,
        format!("`{}` accepts unencrypted connections", r.address),
    )]
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    let applicability =
        Applicability::Unsafe("clients that connect without TLS are refused".into());
    let (path, value) = if r.get(&format!("{IP}.ssl_mode")).is_none()
        && r.get(&format!("{IP}.require_ssl")).is_some()
    {
        (format!("{IP}.require_ssl"), Value::Bool(true))
    } else {
        (format!("{IP}.ssl_mode"), Value::string("ENCRYPTED_ONLY"))
    };
    Some(set_attribute_fix(
        &r,
        &path,
        value,
        "require encrypted connections",
        applicability,
    ))
}
