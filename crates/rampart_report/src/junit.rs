//! JUnit XML for CI dashboards, built with `quick-junit`. One test suite per rule that ran, so
//! a CI test view reads as a checklist: a rule that found nothing is one passing test case, a
//! rule with findings has one failing test case per unsuppressed finding (named by resource
//! address), and suppressed findings are skipped test cases, as are checks left undecided by an
//! unknown value (type `undecided`). Load problems get their own suite.
//! No timestamps or durations: the same report gives the same bytes.

use crate::Report;
use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};
use rampart_model::error::ErrorLevel;
use rampart_model::{Finding, Undecided};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Name of the suite that holds load errors and warnings.
pub const LOAD_SUITE: &str = "rampart load problems";

pub(crate) fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // rules that ran, plus any rule a finding names that is missing from that list
    let mut by_rule: BTreeMap<&str, (Option<&str>, Vec<&Finding>)> = BTreeMap::new();
    for rule in report.rules {
        by_rule
            .entry(rule.id)
            .or_insert((Some(rule.title), Vec::new()));
    }
    for finding in report.findings_at_threshold() {
        by_rule
            .entry(&finding.rule_id)
            .or_insert((Some(&finding.title), Vec::new()))
            .1
            .push(finding);
    }
    for u in report.undecided {
        by_rule.entry(&u.rule_id).or_insert((None, Vec::new()));
    }

    let mut junit = JunitReport::new("rampart");
    for (rule_id, (title, findings)) in by_rule {
        let name = match title {
            Some(title) => format!("{rule_id}: {title}"),
            None => rule_id.to_string(),
        };
        let mut suite = TestSuite::new(name);
        let mut cases: Vec<TestCase> = findings
            .into_iter()
            .map(|f| finding_case(rule_id, f))
            .collect();
        cases.extend(
            report
                .undecided
                .iter()
                .filter(|u| u.rule_id == rule_id)
                .map(undecided_case),
        );
        if cases.is_empty() {
            let mut case = TestCase::new("no findings", TestCaseStatus::success());
            case.set_classname(rule_id);
            suite.add_test_case(case);
        } else {
            suite.add_test_cases(cases);
        }
        junit.add_test_suite(suite);
    }

    let errors = report.errors_sorted();
    if !errors.is_empty() {
        let mut suite = TestSuite::new(LOAD_SUITE);
        for error in errors {
            let place = format!("{}:{}:{}", error.file, error.line, error.column);
            let status = match error.level {
                ErrorLevel::Error => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                    status.set_type("load error");
                    status
                }
                // a warning leaves the file loaded with unknown values: partly checked
                ErrorLevel::Warning => {
                    let mut status = TestCaseStatus::skipped();
                    status.set_type("load warning");
                    status
                }
            };
            let mut status = status;
            status
                .set_message(error.message.as_str())
                .set_description(format!("{place}: {}", error.message));
            let mut case = TestCase::new(place, status);
            case.set_classname(error.file.as_str());
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }

    // serializers write in small pieces: buffer them, whatever `out` is
    let mut buffered = io::BufWriter::new(out);
    junit.serialize(&mut buffered).map_err(io::Error::other)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// Neither passed nor failed: skipped, with why in the text.
fn undecided_case(u: &Undecided) -> TestCase {
    let mut status = TestCaseStatus::skipped();
    status
        .set_type("undecided")
        .set_message(u.reason())
        .set_description(crate::text::undecided_line(u));
    let mut case = TestCase::new(u.address.as_str(), status);
    case.set_classname(&*u.rule_id);
    case
}

fn finding_case(rule_id: &str, finding: &Finding) -> TestCase {
    let place = match (&finding.location, &finding.live) {
        (Some(span), _) => format!("{}:{}:{}", span.file, span.start.line, span.start.column),
        (None, Some(live)) => match &live.console_url {
            Some(url) => format!("{} ({url})", live.id),
            None => live.id.clone(),
        },
        (None, None) => "(no source file)".to_string(),
    };
    let mut status = match &finding.suppressed {
        None => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_type(finding.severity.as_str());
            status.set_description(format!(
                "{place}: {}\nrule: {rule_id} {} ({} severity)",
                finding.message, finding.title, finding.severity
            ));
            status
        }
        Some(suppressed) => {
            let by = suppressed.by.as_str();
            let mut status = TestCaseStatus::skipped();
            status.set_type(format!("suppressed by {by}"));
            let reason = suppressed.reason.as_deref().unwrap_or("no reason given");
            status.set_description(format!(
                "{place}: {}\nsuppressed by {by}: {reason}",
                finding.message
            ));
            status
        }
    };
    status.set_message(finding.message.as_str());
    let mut case = TestCase::new(finding.address.as_str(), status);
    case.set_classname(rule_id);
    case
}
