//! The JSON report: a stable, documented schema (`docs/schemas/rampart-report.schema.json`,
//! described field by field in `docs/output-formats.md`). Every key is always present (`null`
//! when there is no value) so consumers never guess. Changing a field's name or meaning here
//! without bumping [`crate::JSON_SCHEMA_VERSION`] breaks users: never do it.

use crate::summary::Summary;
use crate::{JSON_SCHEMA_VERSION, Report};
use rampart_model::error::ErrorLevel;
use rampart_model::{Category, Finding, Severity, SuppressedBy};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    tool: Tool<'a>,
    summary: Summary,
    findings: Findings<'a>,
    errors: Vec<JsonError<'a>>,
    undecided: Vec<JsonUndecided<'a>>,
}

/// A check that could not decide (see `docs/output-formats.md`).
#[derive(Serialize)]
struct JsonUndecided<'a> {
    rule_id: &'a str,
    address: &'a str,
    resource_kind: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    attribute: &'a str,
    refers_to: Option<&'a str>,
    also_unknown: &'a [String],
    reason: String,
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    id: &'a str,
    rule_id: &'a str,
    title: &'a str,
    severity: Severity,
    category: Category,
    message: &'a str,
    address: &'a str,
    resource_kind: &'a str,
    attribute: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    suppressed: Option<JsonSuppressed<'a>>,
    aliases: &'static [&'static str],
    /// Live resources: the account, region, ARN and console page; `null` for code.
    live: Option<&'a rampart_model::LiveLocation>,
    /// With `scan --attack-paths`: the paths the resource sits on.
    #[serde(skip_serializing_if = "Option::is_none")]
    attack_path: Option<&'a rampart_model::OnAttackPath>,
}

/// The findings, each turned into its JSON form only as it is written: a large scan's
/// findings in that form were as large as the findings themselves.
struct Findings<'a> {
    report: &'a Report<'a>,
    shown: Vec<&'a Finding>,
}

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.shown.iter().map(|f| json_finding(self.report, f)))
    }
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    by: SuppressedBy,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    level: ErrorLevel,
    message: &'a str,
}

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = JsonReport {
        schema_version: JSON_SCHEMA_VERSION,
        tool: Tool {
            name: "rampart",
            version: report.tool_version,
        },
        summary: Summary::of(report),
        findings: Findings {
            report,
            shown: report.findings_at_threshold(),
        },
        errors: report
            .errors_sorted()
            .into_iter()
            .map(|e| JsonError {
                file: &e.file,
                line: e.line,
                column: e.column,
                level: e.level,
                message: &e.message,
            })
            .collect(),
        undecided: report
            .undecided
            .iter()
            .map(|u| JsonUndecided {
                rule_id: &u.rule_id,
                address: &u.address,
                resource_kind: &u.resource_kind,
                file: u.location.as_ref().map(|s| &*s.file),
                line: u.location.as_ref().map(|s| s.start.line),
                attribute: &u.attribute,
                refers_to: u.refers_to.as_deref(),
                also_unknown: &u.also_unknown,
                reason: u.reason(),
            })
            .collect(),
    };
    // serializers write in small pieces: buffer them, whatever `out` is
    let mut buffered = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut buffered, &document)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

fn json_finding<'a>(report: &Report, finding: &'a Finding) -> JsonFinding<'a> {
    let span = finding.location.as_ref();
    JsonFinding {
        id: &finding.id,
        rule_id: &finding.rule_id,
        title: &finding.title,
        severity: finding.severity,
        category: finding.category,
        message: &finding.message,
        address: &finding.address,
        resource_kind: &finding.resource_kind,
        attribute: finding.attribute.as_deref(),
        file: finding.file(),
        line: span.map(|s| s.start.line),
        column: span.map(|s| s.start.column),
        end_line: span.map(|s| s.end.line),
        end_column: span.map(|s| s.end.column),
        suppressed: finding.suppressed.as_ref().map(|s| JsonSuppressed {
            by: s.by,
            reason: s.reason.as_deref(),
        }),
        aliases: report
            .rule(&finding.rule_id)
            .map(|r| r.aliases)
            .unwrap_or(&[]),
        live: finding.live.as_ref(),
        attack_path: finding.attack_path.as_deref(),
    }
}
