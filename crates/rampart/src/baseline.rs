//! Baseline files: the fingerprints of accepted findings, so a team fails only on new ones.
//! The file is JSON `{version, findings: [{id, rule_id, address}]}`, sorted, so it diffs well in
//! review. Reading never guesses: a missing file or another version is an error.

use anyhow::{Context, bail};
use rampart_model::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

pub const VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// The finding's stable fingerprint (rule, address, attribute).
    pub id: String,
    /// Informative only: lets a reviewer see what was accepted.
    pub rule_id: String,
    pub address: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    /// The unsuppressed findings (a comment already suppresses the others), sorted and unique.
    pub fn from_findings(findings: &[Finding]) -> Baseline {
        let mut entries: Vec<BaselineEntry> = findings
            .iter()
            .filter(|f| f.suppressed.is_none())
            .map(|f| BaselineEntry {
                id: f.id.clone(),
                rule_id: f.rule_id.to_string(),
                address: f.address.clone(),
            })
            .collect();
        entries
            .sort_by(|a, b| (&a.rule_id, &a.address, &a.id).cmp(&(&b.rule_id, &b.address, &b.id)));
        entries.dedup();
        Baseline {
            version: VERSION,
            findings: entries,
        }
    }

    pub fn fingerprints(&self) -> HashSet<String> {
        self.findings.iter().map(|e| e.id.clone()).collect()
    }

    pub fn to_json(&self) -> anyhow::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    pub fn read(path: &Path) -> anyhow::Result<Baseline> {
        let text =
            rampart_ingest::read::read_capped_text(path, rampart_ingest::read::MAX_SOURCE_BYTES)
                .with_context(|| {
                    format!(
                        "cannot read baseline `{}`; create it with `rampart baseline`",
                        path.display()
                    )
                })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a rampart baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if baseline.version != VERSION {
            bail!(
                "{}: baseline version {} is not supported (expected {VERSION}); regenerate it with `rampart baseline`",
                path.display(),
                baseline.version
            );
        }
        Ok(baseline)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Category, Severity, Suppressed, SuppressedBy};

    fn finding(id: &str, rule: &str, address: &str, suppressed: bool) -> Finding {
        Finding {
            id: id.into(),
            rule_id: rule.to_string().into(),
            title: "t".into(),
            severity: Severity::High,
            category: Category::Data,
            message: "m".into(),
            address: address.into(),
            resource_kind: "k".into(),
            model_kind: "k".into(),
            attribute: None,
            model_attribute: None,
            location: None,
            suppressed: suppressed.then_some(Suppressed {
                by: SuppressedBy::Comment,
                reason: None,
            }),
            live: None,
            attack_path: None,
        }
    }

    #[test]
    fn keeps_unsuppressed_findings_sorted_and_round_trips() {
        let b = Baseline::from_findings(&[
            finding("2", "B-1", "aws_x.b", false),
            finding("1", "A-1", "aws_x.a", false),
            finding("3", "A-1", "aws_x.c", true),
        ]);
        let ids: Vec<&str> = b.findings.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, vec!["1", "2"]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, b.to_json().unwrap()).unwrap();
        assert_eq!(Baseline::read(&path).unwrap(), b);
    }

    #[test]
    fn rejects_other_versions_and_garbage_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.json");
        std::fs::write(&path, r#"{"version": 7, "findings": []}"#).unwrap();
        assert!(
            Baseline::read(&path)
                .unwrap_err()
                .to_string()
                .contains("version 7")
        );
        std::fs::write(&path, "{\"version\": 1,\n \"findings\": 3}").unwrap();
        let err = Baseline::read(&path).unwrap_err().to_string();
        assert!(err.contains("b.json:2:"), "{err}");
        assert!(err.contains("not a rampart baseline"), "{err}");
    }
}
