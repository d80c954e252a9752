//! Checks of rule metadata that the generated docs rely on: an id in the provider's scheme, a
//! title, rationale and remediation, https references, aliases no other rule answers to. The
//! `docs` command prints these as warnings; they are the rule authors' to fix.
//!
//! Must never: change a rule or fail the docs generation (a warning is not a stale doc).

use rampart_rules::{Provider, Rule};
use std::collections::BTreeMap;

/// The id prefix of each provider's rules: `AWS-S3-001`, `AZU-KV-001`, `GCP-SQL-001`, `K8S-001`.
pub fn id_prefix(provider: Provider) -> Option<&'static str> {
    match provider {
        Provider::Aws => Some("AWS-"),
        Provider::Azure => Some("AZU-"),
        Provider::Gcp => Some("GCP-"),
        Provider::Kubernetes => Some("K8S-"),
        Provider::Custom => None,
    }
}

/// True for `AWS-S3-001`-shaped ids: upper-case segments, the last one three digits or more.
pub fn is_well_formed_id(id: &str) -> bool {
    let segments: Vec<&str> = id.split('-').collect();
    let Some((number, rest)) = segments.split_last() else {
        return false;
    };
    !rest.is_empty()
        && number.len() >= 3
        && number.bytes().all(|b| b.is_ascii_digit())
        && rest.iter().all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// Every problem found, as `ID: what is wrong`, in id order.
pub fn problems(rules: &[&Rule]) -> Vec<String> {
    let mut out = Vec::new();
    let mut alias_owners: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for rule in rules {
        let id = rule.id;
        if !is_well_formed_id(id) {
            out.push(format!("{id}: id is not of the form PROVIDER-SERVICE-NNN"));
        }
        if let Some(prefix) = id_prefix(rule.provider)
            && !id.starts_with(prefix)
        {
            out.push(format!(
                "{id}: a {} rule id starts with `{prefix}`",
                rule.provider.as_str()
            ));
        }
        for (field, text) in [
            ("title", rule.title),
            ("rationale", rule.rationale),
            ("remediation", rule.remediation),
        ] {
            if text.trim().is_empty() {
                out.push(format!("{id}: {field} is empty"));
            }
        }
        if rule.title.trim_end().ends_with('.') {
            out.push(format!("{id}: title ends with a period"));
        }
        if rule.kinds.is_empty() {
            out.push(format!("{id}: looks at no resource kind"));
        }
        if rule.references.is_empty() {
            out.push(format!("{id}: has no reference"));
        }
        for reference in rule.references {
            if !reference.starts_with("https://") {
                out.push(format!("{id}: reference `{reference}` is not an https URL"));
            }
        }
        for alias in rule.aliases {
            alias_owners
                .entry(alias.to_ascii_uppercase())
                .or_default()
                .push(id);
        }
    }
    for (alias, owners) in alias_owners {
        if owners.len() > 1 {
            out.push(format!(
                "{}: alias `{alias}` is shared with {} (lookups by alias find only the first)",
                owners.first().copied().unwrap_or_default(),
                owners.get(1..).unwrap_or_default().join(", ")
            ));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Category, ResourceRef, Severity};
    use rampart_rules::{Checker, FixSupport, Hit};

    fn nothing(_: ResourceRef<'_>) -> Vec<Hit> {
        Vec::new()
    }

    fn rule(id: &'static str, title: &'static str, aliases: &'static [&'static str]) -> Rule {
        Rule {
            id,
            title,
            severity: Severity::Low,
            category: Category::Data,
            provider: Provider::Aws,
            kinds: &["aws_s3_bucket"],
            rationale: "why",
            remediation: "what",
            references: &["https://example.com/doc"],
            aliases,
            check: Checker::Native(nothing),
            fix: None,
            fix_support: FixSupport::None,
        }
    }

    #[test]
    fn ids_follow_the_provider_scheme() {
        assert!(is_well_formed_id("AWS-S3-001"));
        assert!(is_well_formed_id("K8S-019"));
        assert!(is_well_formed_id("AZU-STORAGE-008"));
        assert!(!is_well_formed_id("AWS-S3-1"));
        assert!(!is_well_formed_id("aws-s3-001"));
        assert!(!is_well_formed_id("001"));
        assert!(!is_well_formed_id("AWS--001"));
    }

    #[test]
    fn good_metadata_has_no_problem_and_bad_metadata_is_named() {
        let good = rule("AWS-S3-001", "Bucket is public", &["CKV_AWS_1"]);
        assert_eq!(problems(&[&good]), Vec::<String>::new());

        let bad = rule("GCP-S3-002", "Bucket is public.", &["ckv_aws_1"]);
        let found = problems(&[&good, &bad]);
        assert!(found.contains(&"GCP-S3-002: title ends with a period".to_string()));
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("AWS-S3-001: alias `CKV_AWS_1` is shared with GCP-S3-002")),
            "{found:?}"
        );
        let mut gcp = rule("AWS-GCS-001", "Bucket", &[]);
        gcp.provider = Provider::Gcp;
        gcp.references = &["http://insecure.example"];
        let found = problems(&[&gcp]);
        assert!(found.contains(&"AWS-GCS-001: a gcp rule id starts with `GCP-`".to_string()));
        assert!(found.iter().any(|p| p.contains("is not an https URL")));
    }
}
