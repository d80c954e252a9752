//! Outputs: text for people, JSON with a stable schema, SARIF 2.1.0 for code scanning, JUnit
//! XML for CI. Every format carries findings *and* load errors, and is deterministic: the same
//! report renders to the same bytes. Formats use serializers, never string concatenation of
//! structured data.

use rampart_model::{Finding, LoadError, Severity};
use rampart_rules::Rule;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Everything a renderer needs about one scan.
pub struct Report<'a> {
    /// All findings, suppressed ones included (marked), sorted.
    pub findings: &'a [Finding],
    pub errors: &'a [LoadError],
    /// The rules that ran (for SARIF rule metadata and help text).
    pub rules: &'a [&'static Rule],
    /// File text by path, to show offending lines.
    pub sources: &'a BTreeMap<Arc<str>, Arc<str>>,
    /// Number of files and resources scanned.
    pub files_scanned: usize,
    pub resources_scanned: usize,
    /// Severity threshold the user asked for; findings below it are not shown.
    pub min_severity: Severity,
    /// Whether to list suppressed findings (they are always counted).
    pub show_suppressed: bool,
    /// Colour the text output.
    pub color: bool,
    pub tool_version: &'a str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
}
