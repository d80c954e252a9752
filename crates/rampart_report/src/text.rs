//! The text report for people: findings grouped by file, each with the offending source lines,
//! then load errors as `file:line:col: level: message`, then one summary line. ANSI colour only
//! when the report asks for it. Text taken from scanned files (messages, paths, source lines)
//! is escaped so that it can never smuggle control sequences into the terminal, and the source
//! lines of a secrets finding are never printed.

use crate::Report;
use crate::summary::Summary;
use rampart_model::error::ErrorLevel;
use rampart_model::span::LineIndex;
use rampart_model::{Category, Finding, Severity, Span, Undecided};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

/// At most this many source lines per finding.
const MAX_SNIPPET_LINES: u32 = 6;
/// Longer source lines are cut (in characters) to keep the report readable.
const MAX_LINE_CHARS: usize = 160;

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint { on: report.color };
    let mut text = String::new();
    let listed = report.findings_to_list();
    let mut sources = SourceLines {
        sources: report.sources,
        indexes: BTreeMap::new(),
    };

    // group by file; findings without a file (live resources) come last
    let mut groups: Vec<(Option<&str>, Vec<&Finding>)> = Vec::new();
    let (with_file, without_file): (Vec<&Finding>, Vec<&Finding>) =
        listed.into_iter().partition(|f| f.file().is_some());
    for finding in with_file {
        match groups.last_mut() {
            Some((file, members)) if *file == finding.file() => members.push(finding),
            _ => groups.push((finding.file(), vec![finding])),
        }
    }
    if !without_file.is_empty() {
        groups.push((None, without_file));
    }

    for (file, findings) in &groups {
        let header = match file {
            Some(path) => sanitize(path),
            None => "(resources without a source file)".to_string(),
        };
        let _ = writeln!(text, "{}", paint.bold(&header));
        for finding in findings {
            write_finding(&mut text, report, &mut sources, finding, &paint);
            text.push('\n');
        }
    }

    let errors = report.errors_sorted();
    if !errors.is_empty() {
        let _ = writeln!(text, "{}", paint.bold("load problems"));
        for error in errors {
            let (label, code) = match error.level {
                ErrorLevel::Error => ("error", RED),
                ErrorLevel::Warning => ("warning", YELLOW),
            };
            let _ = writeln!(
                text,
                "  {}:{}:{}: {}: {}",
                sanitize(&error.file),
                error.line,
                error.column,
                paint.code(code, label),
                sanitize(&error.message)
            );
        }
        text.push('\n');
    }

    if report.show_undecided && !report.undecided.is_empty() {
        let _ = writeln!(text, "{}", paint.bold("undecided checks"));
        for u in report.undecided {
            let _ = writeln!(text, "  {}", sanitize(&undecided_line(u)));
            // the line as written shows where the unknown comes from (`var.x`, `aws_y.z.id`)
            if let Some(span) = &u.location
                && let Some(line) = sources.line(&span.file, span.start.line)
            {
                let gutter = paint.code(DIM, &format!("{} |", span.start.line));
                let _ = writeln!(
                    text,
                    "    {gutter} {}",
                    sanitize(&truncate(line.trim_end()))
                );
            }
        }
        text.push('\n');
    }

    let _ = writeln!(text, "{}", Summary::of(report).sentence());
    out.write_all(text.as_bytes())
}

fn write_finding(
    text: &mut String,
    report: &Report,
    sources: &mut SourceLines,
    finding: &Finding,
    paint: &Paint,
) {
    let severity = finding.severity.as_str().to_uppercase();
    let badge = if finding.suppressed.is_some() {
        paint.code(DIM, &format!("[{severity}]"))
    } else {
        paint.code(severity_code(finding.severity), &format!("[{severity}]"))
    };
    let _ = writeln!(
        text,
        "  {badge} {} {}",
        paint.bold(&sanitize(&finding.rule_id)),
        sanitize(&finding.title)
    );
    let mut at = sanitize(&finding.address);
    if let Some(attribute) = &finding.attribute {
        let _ = write!(at, " (attribute `{}`)", sanitize(attribute));
    }
    if let Some(span) = &finding.location {
        let _ = write!(
            at,
            ", {}:{}:{}",
            sanitize(&span.file),
            span.start.line,
            span.start.column
        );
    }
    let _ = writeln!(text, "    at {at}");
    if let Some(live) = &finding.live {
        let _ = writeln!(
            text,
            "    in {} account {} {}: {}",
            sanitize(&live.provider),
            sanitize(&live.account),
            sanitize(&live.region),
            sanitize(&live.id)
        );
        if let Some(url) = &live.console_url {
            let _ = writeln!(text, "    console: {}", sanitize(url));
        }
    }
    let _ = writeln!(text, "    {}", sanitize(&finding.message));
    if let Some(suppressed) = &finding.suppressed {
        let by = suppressed.by.as_str();
        let reason = suppressed
            .reason
            .as_deref()
            .map(|r| format!(": {}", sanitize(r)))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "    {}",
            paint.code(DIM, &format!("suppressed by {by}{reason}"))
        );
    }
    let Some(span) = &finding.location else {
        return;
    };
    if !report.sources.contains_key(&span.file) {
        return;
    }
    // reports end up in CI logs and tickets: never copy a secret out of the file
    if finding.category == Category::Secrets {
        let _ = writeln!(
            text,
            "    {}",
            paint.code(DIM, "(source lines not shown: they hold a secret)")
        );
        return;
    }
    let is_attribute = finding
        .attribute
        .as_deref()
        .is_some_and(|attribute| span_starts_with_attribute(report, span, attribute));
    write_snippet(text, sources, span, is_attribute, paint);
}

/// True when the span is the attribute's own (it starts with the attribute's name). A missing
/// attribute is reported at its block instead, and the block's lines should not all be marked.
/// `file:line: RULE address: why`, one undecided check for people (`--show-undecided`).
pub fn undecided_line(u: &Undecided) -> String {
    let at = match &u.location {
        Some(span) => format!("{}:{}: ", span.file, span.start.line),
        None => String::new(),
    };
    let also = if u.also_unknown.is_empty() {
        String::new()
    } else {
        format!("; also unknown: {}", u.also_unknown.join(", "))
    };
    format!("{at}{} {}: {}{also}", u.rule_id, u.address, u.reason())
}

fn span_starts_with_attribute(report: &Report, span: &Span, attribute: &str) -> bool {
    let name = attribute
        .rsplit('.')
        .find(|segment| segment.parse::<u64>().is_err())
        .unwrap_or(attribute);
    // `containers[0]` of a manifest path is written as `containers:`
    let name = name.split('[').next().unwrap_or(name);
    report
        .sources
        .get(&span.file)
        .and_then(|source| source.get(span.start_byte..))
        .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).starts_with(name))
}

/// The attribute's lines (all marked), or the first lines of the block (first one marked).
fn write_snippet(
    text: &mut String,
    sources: &mut SourceLines,
    span: &Span,
    is_attribute: bool,
    paint: &Paint,
) {
    let first = span.start.line.max(1);
    // a span that ends at column 1 ends with the previous line's newline
    let mut last = span.end.line.max(first);
    if span.end.column <= 1 && last > first {
        last -= 1;
    }
    let shown_last = last.min(first + MAX_SNIPPET_LINES - 1);
    let width = shown_last.to_string().len();
    for number in first..=shown_last {
        let Some(line) = sources.line(&span.file, number) else {
            break;
        };
        let marked = is_attribute || number == first;
        let marker = if marked {
            paint.code(CYAN, ">")
        } else {
            " ".to_string()
        };
        let gutter = paint.code(DIM, &format!("{number:>width$} |"));
        let _ = writeln!(text, "    {marker} {gutter} {}", sanitize(&truncate(line)));
    }
    if last > shown_last {
        let more = last - shown_last;
        let noun = if more == 1 { "line" } else { "lines" };
        let _ = writeln!(
            text,
            "      {}",
            paint.code(DIM, &format!("... {more} more {noun}"))
        );
    }
}

/// Source texts with their line starts, indexed on first use, so that many findings in one
/// big file do not rescan it from the top each time.
struct SourceLines<'a> {
    sources: &'a BTreeMap<Arc<str>, Arc<str>>,
    indexes: BTreeMap<&'a str, LineIndex>,
}

impl<'a> SourceLines<'a> {
    /// Line `number` (1-based) of `file` without its newline.
    fn line(&mut self, file: &str, number: u32) -> Option<&'a str> {
        let (path, text) = self.sources.get_key_value(file)?;
        let text: &'a str = text;
        let index = self
            .indexes
            .entry(&**path)
            .or_insert_with(|| LineIndex::new(text));
        let start = index.line_start(number)?;
        let end = match index.line_start(number + 1) {
            Some(next) => next.saturating_sub(1).max(start),
            None => text.len(),
        };
        text.get(start..end)
    }
}

fn truncate(line: &str) -> String {
    let line = line.strip_suffix('\r').unwrap_or(line);
    match line.char_indices().nth(MAX_LINE_CHARS) {
        Some((cut, _)) => format!("{}...", line.get(..cut).unwrap_or(line)),
        None => line.to_string(),
    }
}

/// Replaces control characters (escape sequences, carriage returns, bidi overrides) with
/// visible escapes; keeps tabs and all printable Unicode. The one neutraliser of text from
/// scanned files: every text output goes through it or [`sanitize_lines`].
pub fn sanitize(s: &str) -> String {
    neutralise(s, false)
}

/// [`sanitize`] for text of many lines: line breaks (`\n`, and `\r` right before one) stay.
pub fn sanitize_lines(s: &str) -> String {
    neutralise(s, true)
}

fn neutralise(s: &str, keep_line_breaks: bool) -> String {
    let mut clean = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let is_bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        let line_break =
            keep_line_breaks && (c == '\n' || (c == '\r' && chars.peek() == Some(&'\n')));
        if ((c.is_control() && c != '\t') || is_bidi) && !line_break {
            let _ = write!(clean, "\\u{{{:x}}}", c as u32);
        } else {
            clean.push(c);
        }
    }
    clean
}

const RED: &str = "31";
const BOLD_RED: &str = "1;31";
const YELLOW: &str = "33";
const BLUE: &str = "34";
const CYAN: &str = "36";
const DIM: &str = "2";

fn severity_code(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => BOLD_RED,
        Severity::High => RED,
        Severity::Medium => YELLOW,
        Severity::Low => BLUE,
        Severity::Info => DIM,
    }
}

/// ANSI colouring that is a no-op when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn code(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.code("1", s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_escapes_controls_and_bidi_but_keeps_unicode_and_tabs() {
        assert_eq!(sanitize("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(sanitize("x\ry"), "x\\u{d}y");
        assert_eq!(sanitize("\u{202E}evil"), "\\u{202e}evil");
        assert_eq!(sanitize("für\t🚪"), "für\t🚪");
        assert_eq!(sanitize("a\nb"), "a\\u{a}b");
        assert_eq!(
            sanitize_lines("a\r\nb\rc\u{1b}\n"),
            "a\r\nb\\u{d}c\\u{1b}\n"
        );
    }

    #[test]
    fn long_lines_are_cut_on_a_character_boundary() {
        let line = "é".repeat(MAX_LINE_CHARS + 5);
        let cut = truncate(&line);
        assert_eq!(cut.chars().count(), MAX_LINE_CHARS + 3);
        assert!(cut.ends_with("é..."));
        assert_eq!(truncate("short\r"), "short");
    }
}
