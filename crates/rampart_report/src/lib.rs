//! Outputs: text for people, JSON with a stable schema, SARIF 2.1.0 for code scanning, JUnit
//! XML for CI, and finding feeds for security platforms: ASFF (AWS Security Hub) and OCSF
//! Detection Finding events. The feeds carry the scan's time, which their consumers require;
//! every other format is free of timestamps. Every format carries findings *and* load errors, and is deterministic: the same
//! report renders to the same bytes. Formats use serializers, never string concatenation of
//! structured data. Rendering never panics and never reads the file system: file texts come in
//! the [`Report`].

mod asff;
pub mod clean_writer;
pub mod feed;
pub mod html;
mod json;
mod junit;
mod ocsf;
pub mod redact;
mod sarif;
mod summary;
mod text;

pub use asff::{RESOURCE_TYPES as ASFF_RESOURCE_TYPES, SCHEMA_VERSION as ASFF_SCHEMA_VERSION};
pub use clean_writer::CleanWriter;
pub use feed::FeedSettings;
pub use ocsf::OCSF_VERSION;
pub use redact::{OutputKind, Redactor};
pub use summary::{SeverityCounts, Summary, SuppressedCounts};
pub use text::{sanitize, sanitize_lines, undecided_line};

use rampart_model::{Finding, LoadError, Severity, Undecided};
use rampart_rules::Rule;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Version of the JSON report schema (`docs/schemas/rampart-report.schema.json`). Bumped only
/// when a field is removed or changes meaning; new fields keep the version.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// Where people learn about the tool: the workspace `repository` when it is set, else the
/// project's placeholder home.
pub const INFORMATION_URI: &str = if env!("CARGO_PKG_REPOSITORY").is_empty() {
    "https://github.com/rampart-security/rampart"
} else {
    env!("CARGO_PKG_REPOSITORY")
};

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
    /// Checks that could not decide because a value was unknown; always counted.
    pub undecided: &'a [Undecided],
    /// Whether the text report lists the undecided checks.
    pub show_undecided: bool,
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
    /// AWS Security Finding Format: a JSON array for `aws securityhub batch-import-findings`.
    Asff,
    /// OCSF Detection Finding events as a JSON array.
    Ocsf,
    /// OCSF Detection Finding events, one per line (JSON Lines).
    OcsfJsonLines,
}

impl Format {
    /// True for the finding feeds, which need [`FeedSettings`] ([`render_feed`]).
    pub fn is_feed(self) -> bool {
        matches!(self, Format::Asff | Format::Ocsf | Format::OcsfJsonLines)
    }
}

/// Writes `report` to `out` in `format`. The bytes depend only on the report. The feeds need
/// settings a report does not hold (account, region, time): for them this is an error, and
/// [`render_feed`] renders them.
pub fn render(
    format: Format,
    report: &Report,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::render(report, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Asff | Format::Ocsf | Format::OcsfJsonLines => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{format:?} needs the account, region and time of the scan: use render_feed"),
        )),
    }
}

/// Writes `report` to `out` in any `format`; the feeds take `settings`, the other formats
/// ignore them. The bytes depend only on the report and the settings.
pub fn render_feed(
    format: Format,
    report: &Report,
    settings: &FeedSettings,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Asff => asff::render(report, settings, out),
        Format::Ocsf => ocsf::render(report, settings, false, out),
        Format::OcsfJsonLines => ocsf::render(report, settings, true, out),
        _ => render(format, report, out),
    }
}

impl Report<'_> {
    /// True when `finding` is at or above the severity threshold (shown in every format).
    pub fn meets_threshold(&self, finding: &Finding) -> bool {
        finding.severity >= self.min_severity
    }

    /// Findings at or above the threshold, suppressed ones included, in deterministic order
    /// (file, line, column, rule, address, attribute, then id).
    pub fn findings_at_threshold(&self) -> Vec<&Finding> {
        let mut shown: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| self.meets_threshold(f))
            .collect();
        shown.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.id.cmp(&b.id))
        });
        shown
    }

    /// Findings a person should see: at or above the threshold, and suppressed ones only when
    /// `show_suppressed`.
    pub fn findings_to_list(&self) -> Vec<&Finding> {
        let mut listed = self.findings_at_threshold();
        listed.retain(|f| f.suppressed.is_none() || self.show_suppressed);
        listed
    }

    /// The rule that ran with this id (exact id first, then case-insensitive), if any.
    pub fn rule(&self, rule_id: &str) -> Option<&'static Rule> {
        self.rules
            .iter()
            .copied()
            .find(|r| r.id == rule_id)
            .or_else(|| {
                self.rules
                    .iter()
                    .copied()
                    .find(|r| r.id.eq_ignore_ascii_case(rule_id))
            })
    }

    /// Load errors and warnings in deterministic order (file, line, column, level, message).
    pub fn errors_sorted(&self) -> Vec<&LoadError> {
        let mut errors: Vec<&LoadError> = self.errors.iter().collect();
        errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.level, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.level, &b.message))
        });
        errors
    }
}
