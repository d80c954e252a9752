//! GCP-BQ-001: a BigQuery dataset is shared with the public.
use crate::prelude::*;
use crate::views::gcp::iam;

pub static RULE: Rule = Rule {
    id: "GCP-BQ-001",
    title: "BigQuery dataset is shared with allUsers or allAuthenticatedUsers",
    severity: Severity::Critical,
    category: Category::Data,
    provider: Provider::Gcp,
    kinds: &[
        "google_bigquery_dataset",
        "google_bigquery_dataset_access",
        "google_bigquery_dataset_iam_member",
        "google_bigquery_dataset_iam_binding",
        "google_bigquery_dataset_iam_policy",
    ],
    rationale: "An `access` entry with `special_group = \"allAuthenticatedUsers\"` or `iam_member = \"allUsers\"`, or \
a dataset IAM grant to those members, lets anyone (with any Google account) query the dataset's tables — and write or \
delete them with a writer or owner role. Inline `access` blocks, `google_bigquery_dataset_access` and dataset IAM \
resources are checked.",
    remediation: "Share the dataset with named groups, service accounts or an authorized view instead. Who should \
have access is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://cloud.google.com/bigquery/docs/dataset-access-controls",
        "https://cloud.google.com/bigquery/docs/control-access-to-resources-iam",
    ],
    aliases: &[
        "AVD-GCP-0046",
        "google-bigquery-no-public-access",
        "CKV_GCP_15",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn public_entry(entry: &Value) -> Option<String> {
    ["special_group", "iam_member"]
        .iter()
        .filter_map(|a| entry.get(a).and_then(Value::as_str))
        .find(|m| iam::is_public_member(m))
        .map(str::to_string)
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&r) {
        return Vec::new();
    }
    match r.kind.as_str() {
        "google_bigquery_dataset" => {
            let Some(Value::List(entries)) = r.get("access") else {
                return Vec::new();
            };
            entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| public_entry(e).map(|m| (i, m)))
                .map(|(i, m)| {
                    Hit::at(
                        format!("access.{i}"),
                        format!("`{}` gives `{m}` access to the dataset", r.address),
                    )
                })
                .collect()
        }
        "google_bigquery_dataset_access" => public_entry(&Value::Map(r.attributes.clone()))
            .map(|m| {
                vec![Hit::resource(format!(
                    "`{}` gives `{m}` access to the dataset",
                    r.address
                ))]
            })
            .unwrap_or_default(),
        _ => iam::public_grant_hits(r, "dataset"),
    }
}

const WHY_UNSAFE: &str = "readers outside the organization lose access to the dataset; share it with the groups that need it instead";

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let applicability = Applicability::Unsafe(WHY_UNSAFE.into());
    match r.kind.as_str() {
        "google_bigquery_dataset" => {
            let entry = hit.attribute.as_deref()?;
            Some(Fix {
                summary: "remove the public access entry".into(),
                changes: vec![Change::RemoveAttribute {
                    address: r.address.clone(),
                    path: entry.to_string(),
                }],
                applicability,
            })
        }
        "google_bigquery_dataset_access" => Some(Fix {
            summary: "remove the public access entry".into(),
            changes: vec![Change::RemoveResource {
                address: r.address.clone(),
            }],
            applicability,
        }),
        _ => iam::remove_public_members_fix(r, WHY_UNSAFE),
    }
}
