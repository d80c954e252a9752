//! Sensitivity of data stores and secrets, defined once here (and in docs/attack-paths.md):
//!
//! 1. **Kind**: a Secrets Manager secret, and an SSM parameter of type `SecureString`, hold
//!    secrets.
//! 2. **Tags** (keys compared case-insensitively): `data-classification`, `classification`,
//!    `data_classification`, `sensitivity`, `confidentiality` with a value other than
//!    `public`, `internal`, `none`, `low`, `unclassified`; `pii`, `phi`, `pci`, `contains-pii`
//!    or `sensitive` set to a true value (`true`, `yes`, `1`).
//! 3. **Names** (`bucket`, `name`, `identifier`, `table` name, or the address when the name
//!    is not known): the words in [`NAME_PATTERN`] — secrets, credentials, passwords, keys,
//!    tokens, pii, customers, patients, payroll, billing, payments, backups, exports, dumps.
//! 4. **Configuration**: a store declared as the destination of a Macie classification job.
//!
//! The first rule that holds decides the class; a store no rule matches is not sensitive.
//! Must never: call a store sensitive from a value it cannot see (an Unknown tag or name
//! decides nothing here).

use crate::build::Ctx;
use crate::graph::{Graph, NodeKind, Sensitivity};
use rampart_model::{Resource, Value};
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DataClass {
    /// Credentials, keys, tokens.
    Secrets,
    /// Personal data (pii, phi, customers, patients).
    Personal,
    /// Payment and financial data.
    Financial,
    /// Backups and exports of other stores.
    Backup,
    /// Tagged as classified, without saying how.
    Confidential,
}

/// Words in a store's name that make it sensitive; matched case-insensitively as whole
/// words of a name split at `-`, `_`, `.`, `/` (so `customer-exports` matches, `keyboard` not).
pub const NAME_PATTERN: &str = r"(?i)(^|[-_./])(secrets?|credentials?|creds|passwords?|passwd|private-?keys?|keys?|tokens?|pii|phi|customers?|patients?|payroll|billing|payments?|cards?|backups?|exports?|dumps?|snapshots?)($|[-_./0-9])";

fn name_regex() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(NAME_PATTERN).ok()).as_ref()
}

const CLASS_TAGS: [&str; 5] = [
    "data-classification",
    "data_classification",
    "classification",
    "sensitivity",
    "confidentiality",
];
const NOT_CLASSIFIED: [&str; 6] = [
    "public",
    "internal",
    "none",
    "low",
    "unclassified",
    "non-sensitive",
];
const FLAG_TAGS: [(&str, DataClass); 6] = [
    ("pii", DataClass::Personal),
    ("phi", DataClass::Personal),
    ("contains-pii", DataClass::Personal),
    ("pci", DataClass::Financial),
    ("sensitive", DataClass::Confidential),
    ("secret", DataClass::Secrets),
];

fn class_of_word(word: &str) -> DataClass {
    let w = word.to_ascii_lowercase();
    let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    match w {
        "pii" | "phi" | "customer" | "customers" | "patient" | "patients" => DataClass::Personal,
        "payroll" | "billing" | "payment" | "payments" | "card" | "cards" => DataClass::Financial,
        "backup" | "backups" | "export" | "exports" | "dump" | "dumps" | "snapshot"
        | "snapshots" => DataClass::Backup,
        _ => DataClass::Secrets,
    }
}

/// The sensitivity of one resource, or `None`.
pub fn sensitivity_of(r: &Resource) -> Option<Sensitivity> {
    match r.kind.as_str() {
        "aws_secretsmanager_secret" => {
            return Some(Sensitivity {
                class: DataClass::Secrets,
                reason: "a Secrets Manager secret".into(),
            });
        }
        "aws_ssm_parameter"
            if r.attributes.get("type").and_then(Value::as_str) == Some("SecureString") =>
        {
            return Some(Sensitivity {
                class: DataClass::Secrets,
                reason: "an SSM SecureString parameter".into(),
            });
        }
        _ => {}
    }
    if let Some(Value::Map(tags)) = r
        .attributes
        .get("tags")
        .or_else(|| r.attributes.get("tags_all"))
    {
        for (key, value) in tags {
            let k = key.to_ascii_lowercase();
            let Some(v) = value.as_str() else { continue };
            if CLASS_TAGS.contains(&k.as_str())
                && !NOT_CLASSIFIED.contains(&v.trim().to_ascii_lowercase().as_str())
            {
                let class = match v.trim().to_ascii_lowercase().as_str() {
                    "pii" | "phi" | "personal" => DataClass::Personal,
                    "pci" | "financial" => DataClass::Financial,
                    "secret" | "secrets" => DataClass::Secrets,
                    _ => DataClass::Confidential,
                };
                return Some(Sensitivity {
                    class,
                    reason: format!("tag `{key}` = `{v}`"),
                });
            }
            if let Some((_, class)) = FLAG_TAGS.iter().find(|(t, _)| *t == k)
                && matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "1")
            {
                return Some(Sensitivity {
                    class: *class,
                    reason: format!("tag `{key}` = `{v}`"),
                });
            }
        }
    }
    let name = ["bucket", "name", "identifier", "cluster_identifier"]
        .iter()
        .find_map(|a| r.attributes.get(*a).and_then(Value::as_str))
        .unwrap_or(&r.name);
    if let Some(m) = name_regex()
        .and_then(|re| re.captures(name))
        .and_then(|c| c.get(2))
    {
        return Some(Sensitivity {
            class: class_of_word(m.as_str()),
            reason: format!("name `{name}` contains `{}`", m.as_str()),
        });
    }
    None
}

pub(crate) fn classify(ctx: &Ctx<'_>, g: &mut Graph) {
    for (i, r) in ctx.inv.resources().iter().enumerate() {
        let n = g.node_for(i);
        let Some(node) = g.node(n) else { continue };
        if !matches!(node.kind, NodeKind::DataStore | NodeKind::Secret) {
            continue;
        }
        if let Some(s) = sensitivity_of(r) {
            g.sensitivity.insert(n, s);
        }
    }
    // configuration: a Macie job that classifies a bucket says the bucket holds such data
    for &j in ctx.inv.ids_of_kind("aws_macie2_classification_job") {
        let Some(job) = ctx.resource(j) else { continue };
        let Some(defs) = job.get("s3_job_definition.0.bucket_definitions") else {
            continue;
        };
        for def in defs.items() {
            for b in def.get("buckets").map(Value::items).unwrap_or_default() {
                if let crate::build::Target::Found(bucket) = ctx.resolve(job, b, &["aws_s3_bucket"])
                {
                    let n = g.node_for(bucket);
                    g.sensitivity.entry(n).or_insert(Sensitivity {
                        class: DataClass::Confidential,
                        reason: format!("classified by Macie job `{}`", job.address),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::Origin;

    fn store(kind: &str, attrs: serde_json::Value) -> Resource {
        let mut r = Resource::new(
            kind,
            format!("{kind}.x"),
            Origin::Live {
                provider: "aws".into(),
                account: "1".into(),
                region: "r".into(),
                id: "i".into(),
            },
        );
        if let Value::Map(m) = Value::from_json(&attrs) {
            r.attributes = m;
        }
        r
    }

    #[test]
    fn tags_names_and_kinds_decide_sensitivity() {
        let class = |r: Resource| sensitivity_of(&r).map(|s| s.class);
        assert_eq!(
            class(store(
                "aws_s3_bucket",
                serde_json::json!({"bucket": "logs", "tags": {"Data-Classification": "restricted"}})
            )),
            Some(DataClass::Confidential)
        );
        assert_eq!(
            class(store(
                "aws_s3_bucket",
                serde_json::json!({"bucket": "logs", "tags": {"data-classification": "public"}})
            )),
            None
        );
        assert_eq!(
            class(store(
                "aws_s3_bucket",
                serde_json::json!({"bucket": "logs", "tags": {"pii": "true"}})
            )),
            Some(DataClass::Personal)
        );
        assert_eq!(
            class(store(
                "aws_s3_bucket",
                serde_json::json!({"bucket": "acme-customer-exports"})
            )),
            Some(DataClass::Personal)
        );
        assert_eq!(
            class(store(
                "aws_s3_bucket",
                serde_json::json!({"bucket": "db-backups-2024"})
            )),
            Some(DataClass::Backup)
        );
        // whole words only
        assert_eq!(
            class(store(
                "aws_s3_bucket",
                serde_json::json!({"bucket": "keyboard-layouts"})
            )),
            None
        );
        assert_eq!(
            class(store(
                "aws_secretsmanager_secret",
                serde_json::json!({"name": "x"})
            )),
            Some(DataClass::Secrets)
        );
        assert_eq!(
            class(store(
                "aws_ssm_parameter",
                serde_json::json!({"name": "x", "type": "String"})
            )),
            None
        );
        assert_eq!(
            class(store(
                "aws_ssm_parameter",
                serde_json::json!({"name": "x", "type": "SecureString"})
            )),
            Some(DataClass::Secrets)
        );
        // an unknown tag value decides nothing
        let mut r = store("aws_s3_bucket", serde_json::json!({"bucket": "logs"}));
        r.attributes.insert(
            "tags".into(),
            Value::Map([("sensitivity".to_string(), Value::unknown())].into()),
        );
        assert_eq!(class(r), None);
    }
}
