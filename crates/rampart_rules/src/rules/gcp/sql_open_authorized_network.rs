//! GCP-SQL-001: a Cloud SQL instance admits the whole internet on its public IP.
use crate::prelude::*;
use crate::views::gcp::sql;
use crate::views::network::cidr_is_whole_internet;

pub static RULE: Rule = Rule {
    id: "GCP-SQL-001",
    title: "Cloud SQL instance accepts connections from the whole internet",
    severity: Severity::Critical,
    category: Category::Network,
    provider: Provider::Gcp,
    kinds: &[sql::INSTANCE],
    rationale: "An `authorized_networks` entry of `0.0.0.0/0` (or any `/0`) on an instance with a public IPv4 address \
lets anyone on the internet reach the database port and try passwords, default accounts and engine exploits. \
`ipv4_enabled` defaults to `true`. With `ipv4_enabled = false` the instance has no public address and authorized \
networks admit nobody, so it is not reported.",
    remediation: "Remove the open entry and connect through private IP, the Cloud SQL Auth Proxy or the language \
connectors (which authenticate with IAM and do not need authorized networks). The machine fix removes the open \
entry.",
    references: &[
        "https://cloud.google.com/sql/docs/mysql/authorize-networks",
        "https://cloud.google.com/sql/docs/mysql/sql-proxy",
    ],
    aliases: &["AVD-GCP-0017", "google-sql-no-public-access", "CKV_GCP_11"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

const IP: &str = "settings.0.ip_configuration.0";

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // a public address is needed for authorized networks to admit anyone
    if !is_managed(&r) || !flag(&r, &format!("{IP}.ipv4_enabled"), true).is_true() {
        return Vec::new();
    }
    let Some(Value::List(networks)) = r.get(&format!("{IP}.authorized_networks")) else {
        return Vec::new();
    };
    networks
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            n.get("value")
                .and_then(Value::as_str)
                .is_some_and(cidr_is_whole_internet)
        })
        .map(|(i, n)| {
            Hit::at(
                format!("{IP}.authorized_networks.{i}.value"),
                format!(
                    "`{}` authorizes `{}` on its public IP",
                    r.address,
                    n.get("value").and_then(Value::as_str).unwrap_or_default()
                ),
            )
        })
        .collect()
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let block = hit
        .attribute
        .as_deref()?
        .strip_suffix(".value")?
        .to_string();
    Some(Fix {
        summary: "remove the whole-internet authorized network".into(),
        changes: vec![Change::RemoveAttribute { address: r.address.clone(), path: block }],
        applicability: Applicability::Unsafe(
            "clients that connect to the public IP from arbitrary addresses lose access; move them to the Auth Proxy or private IP first".into(),
        ),
    })
}
