//! The numbers every format reports: findings by severity, what the threshold filtered out,
//! suppressed findings by mechanism, files, resources, rules and load problems. Computed once
//! from a [`Report`] so that all formats agree; it never decides what is listed.

use crate::Report;
use rampart_model::{Severity, SuppressedBy};
use serde::Serialize;

/// Unsuppressed findings per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
    fn add(&mut self, severity: Severity) {
        let slot = match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        };
        *slot += 1;
    }
    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low + self.info
    }
}

/// Suppressed findings (any severity) by the mechanism that suppressed them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SuppressedCounts {
    pub total: usize,
    pub comment: usize,
    pub config: usize,
    pub baseline: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files_scanned: usize,
    pub resources_scanned: usize,
    pub rules_run: usize,
    /// The threshold: findings below it are counted in `below_threshold`, not listed.
    pub min_severity: Severity,
    /// Unsuppressed findings at or above the threshold (the ones that matter).
    pub findings: usize,
    pub by_severity: SeverityCounts,
    /// Unsuppressed findings below the threshold.
    pub below_threshold: usize,
    pub suppressed: SuppressedCounts,
    /// Load errors (files that did not load) and warnings (loaded with unknowns).
    pub errors: usize,
    pub warnings: usize,
    /// Checks left undecided because a value they read was unknown (never a failure).
    pub undecided: usize,
}

impl Summary {
    pub fn of(report: &Report) -> Summary {
        let mut by_severity = SeverityCounts::default();
        let mut below_threshold = 0;
        let mut suppressed = SuppressedCounts::default();
        for finding in report.findings {
            match &finding.suppressed {
                Some(s) => {
                    suppressed.total += 1;
                    match s.by {
                        SuppressedBy::Comment => suppressed.comment += 1,
                        SuppressedBy::Config => suppressed.config += 1,
                        SuppressedBy::Baseline => suppressed.baseline += 1,
                    }
                }
                None if report.meets_threshold(finding) => by_severity.add(finding.severity),
                None => below_threshold += 1,
            }
        }
        let errors = report.errors.iter().filter(|e| e.is_error()).count();
        Summary {
            files_scanned: report.files_scanned,
            resources_scanned: report.resources_scanned,
            rules_run: report.rules.len(),
            min_severity: report.min_severity,
            findings: by_severity.total(),
            by_severity,
            below_threshold,
            suppressed,
            errors,
            warnings: report.errors.len() - errors,
            undecided: report.undecided.len(),
        }
    }

    /// One line for people, e.g. `2 findings (1 critical, 1 high) in 3 files, 7 resources;
    /// 1 suppressed (1 by comment); 1 error`.
    pub fn sentence(&self) -> String {
        let mut line = if self.findings == 0 {
            "no findings".to_string()
        } else {
            let parts: Vec<String> = Severity::ALL
                .into_iter()
                .filter(|s| self.by_severity.get(*s) > 0)
                .map(|s| format!("{} {s}", self.by_severity.get(s)))
                .collect();
            format!(
                "{} ({})",
                plural(self.findings, "finding"),
                parts.join(", ")
            )
        };
        line.push_str(&format!(
            " in {}, {}",
            plural(self.files_scanned, "file"),
            plural(self.resources_scanned, "resource")
        ));
        if self.suppressed.total > 0 {
            let by: Vec<String> = [
                (self.suppressed.comment, "comment"),
                (self.suppressed.config, "config"),
                (self.suppressed.baseline, "baseline"),
            ]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, how)| format!("{n} by {how}"))
            .collect();
            line.push_str(&format!(
                "; {} suppressed ({})",
                self.suppressed.total,
                by.join(", ")
            ));
        }
        if self.below_threshold > 0 {
            line.push_str(&format!(
                "; {} below the {} threshold",
                self.below_threshold, self.min_severity
            ));
        }
        if self.errors > 0 {
            line.push_str(&format!("; {}", plural(self.errors, "error")));
        }
        if self.warnings > 0 {
            line.push_str(&format!("; {}", plural(self.warnings, "warning")));
        }
        if self.undecided > 0 {
            line.push_str(&format!(
                "; {} undecided (--show-undecided lists them)",
                plural(self.undecided, "check")
            ));
        }
        line
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
