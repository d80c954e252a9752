//! The compliance report as plain text for a terminal: the overall score, then each section
//! with its score and each control's status, with the failing resources under failed controls.
//! Deterministic; it never reads the file system.

use crate::evaluate::{ComplianceReport, ControlStatus, Counts};
use std::fmt::Write as _;

fn score(counts: &Counts) -> String {
    match counts.percent() {
        Some(p) => format!("{p}%"),
        None => "no score".to_string(),
    }
}

fn tally(counts: &Counts) -> String {
    format!(
        "{} passed, {} failed, {} not covered, {} not applicable",
        counts.passed, counts.failed, counts.not_covered, counts.not_applicable
    )
}

pub fn render_text(report: &ComplianceReport) -> String {
    let mut out = String::new();
    let f = &report.framework;
    let _ = writeln!(out, "{} {} ({})", f.title, f.version, f.id);
    let _ = writeln!(out, "source: {}", f.source);
    if let Some(scope) = &f.scope {
        let _ = writeln!(out, "scope: {scope}");
    }
    let _ = writeln!(
        out,
        "score: {} ({}; {} controls, {} resources scanned)",
        score(&report.summary),
        tally(&report.summary),
        report.summary.controls,
        report.resources_scanned
    );
    for section in &report.sections {
        let _ = writeln!(
            out,
            "\n{} {}: {} ({})",
            section.id,
            section.title,
            score(&section.counts),
            tally(&section.counts)
        );
        for control in &section.controls {
            let tag = match control.status {
                ControlStatus::Pass => "PASS",
                ControlStatus::Fail => "FAIL",
                ControlStatus::NotCovered => "N/C ",
                ControlStatus::NotApplicable => "N/A ",
            };
            let _ = writeln!(out, "  {tag}  {:<10} {}", control.id, control.title);
            for failing in &control.failing {
                let at = match (&failing.file, failing.line) {
                    (Some(file), Some(line)) => format!("  {file}:{line}"),
                    (Some(file), None) => format!("  {file}"),
                    _ => String::new(),
                };
                let _ = writeln!(out, "          {} {}{at}", failing.rule_id, failing.address);
            }
            if control.suppressed > 0 {
                let _ = writeln!(out, "          ({} suppressed)", control.suppressed);
            }
        }
    }
    let _ = writeln!(
        out,
        "\nN/C = not covered (no rule evidences the control); N/A = not applicable (no scanned resource its rules look at)"
    );
    out
}
