//! Keeps `examples/README.md` honest: its "Expected findings" tables must be exactly what a
//! scan of `examples/` reports, unsuppressed and suppressed.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{examples_dir, scan_json};
use std::collections::BTreeSet;

/// (rule, address) pairs from the table rows that follow `heading` in the README.
fn table_after(readme: &str, heading: &str) -> BTreeSet<(String, String)> {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in README"));
    readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let rule = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            let address = cells.get(2)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((rule.to_string(), address.to_string()))
        })
        .collect()
}

#[test]
fn examples_report_exactly_what_the_readme_lists() {
    let readme = std::fs::read_to_string(examples_dir().join("README.md")).unwrap();
    let expected = table_after(&readme, "## Expected findings");
    let expected_suppressed = table_after(&readme, "Suppressed (");
    assert!(expected.len() >= 8, "{expected:?}");

    let (code, report) = scan_json(&examples_dir(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["errors"], 0, "{}", report["errors"]);
    let pairs = |suppressed: bool| -> BTreeSet<(String, String)> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["suppressed"].is_null() != suppressed)
            .map(|f| {
                (
                    f["rule_id"].as_str().unwrap().to_string(),
                    f["address"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        pairs(false),
        expected,
        "unsuppressed findings differ from examples/README.md"
    );
    assert_eq!(
        pairs(true),
        expected_suppressed,
        "suppressed findings differ from examples/README.md"
    );
}
