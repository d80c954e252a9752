//! What drift reports: the items, their order, and the text and JSON forms. JSON comes from the
//! serializer (never string concatenation); text is one block per item, worst first.

use crate::matching::MatchedBy;
use rampart_model::{Edit, Severity};
use serde::Serialize;

/// The value of a JSON report's `format` member.
pub const REPORT_FORMAT: &str = "rampart-drift";
/// The JSON report's version; a member is never removed or changed in meaning within it.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DriftKind {
    /// Code and cloud both have the resource, and an attribute the code sets differs.
    Changed,
    /// The cloud has a resource no code declares (created outside code).
    Unmanaged,
    /// The code declares a resource the cloud does not have.
    Missing,
    /// A key fitted several resources: nothing was paired, nothing guessed.
    Ambiguous,
}

impl DriftKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::Changed => "changed",
            DriftKind::Unmanaged => "unmanaged",
            DriftKind::Missing => "missing",
            DriftKind::Ambiguous => "ambiguous",
        }
    }
}

/// One difference inside a drifted attribute: `path` is the model's dotted path (`tags.Owner`,
/// `ingress`), `code` and `live` the values (`null` when that side has none: an ingress rule
/// added by hand has `code: null`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributeDiff {
    pub path: String,
    pub code: serde_json::Value,
    pub live: serde_json::Value,
}

/// A rule finding a drift brings in (or, on an unmanaged resource, has).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleHit {
    pub rule_id: String,
    pub title: String,
    pub severity: Severity,
    /// The resource the finding is on: the code address for a change or a missing resource
    /// (a bucket setting's finding lands on its bucket), the live address for an unmanaged one.
    pub address: String,
    pub message: String,
}

/// The Terraform edit that makes the code match the cloud, proved by applying it to a copy of
/// the code, reloading it and checking the drift item is gone. Only verified edits are returned.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VerifiedEdit {
    pub edits: Vec<Edit>,
    /// A unified diff of each edited file, for people.
    pub diff: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DriftItem {
    pub kind: DriftKind,
    pub severity: Severity,
    /// One sentence saying what drifted and why it matters.
    pub sentence: String,
    /// Terraform resource type.
    pub resource_type: String,
    /// The code resource's address, its file and line.
    pub code_address: Option<String>,
    pub code_file: Option<String>,
    pub code_line: Option<u32>,
    /// The live resource's address in the inventory, its ARN (or best id), account and region.
    pub live_address: Option<String>,
    pub live_id: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    pub matched_by: Option<MatchedBy>,
    /// The drifted top-level attribute of a changed resource.
    pub attribute: Option<String>,
    pub diffs: Vec<AttributeDiff>,
    /// Findings the live state has that the code's does not (the ranking's reason).
    pub introduced: Vec<RuleHit>,
    /// Findings of the code the live state no longer has.
    pub resolved: Vec<String>,
    /// The AWS CLI command that puts the cloud back to what the code says.
    pub revert: Option<String>,
    /// The verified Terraform edit that makes the code say what the cloud has.
    pub codify: Option<VerifiedEdit>,
    /// Why there is no `codify` (or no `revert`), when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// For an ambiguous item: the addresses that fitted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// An attribute that could not be compared, and why: an Unknown in code is not drift.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
pub struct NotComparable {
    pub code_address: String,
    pub attribute: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DriftReport {
    pub format: &'static str,
    pub version: u32,
    /// Worst first; then kind, type and address.
    pub items: Vec<DriftItem>,
    pub not_comparable: Vec<NotComparable>,
    /// Pairs of code and live resources matched.
    pub matched: usize,
    /// Kinds the code declares that the live inventory was not collected for: their resources
    /// are neither missing nor in sync, only unknown.
    pub not_collected: Vec<String>,
}

impl DriftReport {
    /// The report as pretty-printed JSON.
    pub fn render_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| {
            serde_json::json!({"format": REPORT_FORMAT, "error": e.to_string()}).to_string()
        })
    }

    /// The report for people: one block per item, worst first, then what could not be compared.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        for item in &self.items {
            let subject = item
                .code_address
                .as_deref()
                .or(item.live_address.as_deref())
                .unwrap_or("?");
            out.push_str(&format!(
                "{} {} {}{}\n  {}\n",
                item.severity.as_str().to_uppercase(),
                item.kind.as_str(),
                subject,
                item.attribute
                    .as_deref()
                    .map(|a| format!(" `{a}`"))
                    .unwrap_or_default(),
                item.sentence
            ));
            if let (Some(f), Some(l)) = (&item.code_file, item.code_line) {
                out.push_str(&format!("  code: {f}:{l}\n"));
            }
            if let Some(id) = &item.live_id {
                out.push_str(&format!(
                    "  live: {} {} {id}\n",
                    item.account.as_deref().unwrap_or("?"),
                    item.region.as_deref().unwrap_or("?")
                ));
            }
            for d in &item.diffs {
                out.push_str(&format!(
                    "    {}: code {} → live {}\n",
                    d.path, d.code, d.live
                ));
            }
            for hit in &item.introduced {
                out.push_str(&format!(
                    "  rule {} ({}): {}\n",
                    hit.rule_id, hit.severity, hit.message
                ));
            }
            if let Some(cmd) = &item.revert {
                out.push_str(&format!("  revert the cloud: {cmd}\n"));
            }
            if let Some(edit) = &item.codify {
                out.push_str("  codify (verified):\n");
                for line in edit.diff.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            for note in &item.notes {
                out.push_str(&format!("  note: {note}\n"));
            }
            if !item.candidates.is_empty() {
                out.push_str(&format!("  candidates: {}\n", item.candidates.join(", ")));
            }
        }
        for n in &self.not_comparable {
            out.push_str(&format!(
                "not comparable: {} `{}`: {}\n",
                n.code_address, n.attribute, n.reason
            ));
        }
        if !self.not_collected.is_empty() {
            out.push_str(&format!(
                "not collected live (not compared): {}\n",
                self.not_collected.join(", ")
            ));
        }
        out.push_str(&format!(
            "{} drift item(s), {} resource pair(s) matched\n",
            self.items.len(),
            self.matched
        ));
        out
    }
}
