//! Keeps `examples/README.md` honest: its "Expected findings" tables must be exactly what a
//! scan of `examples/` reports, unsuppressed and suppressed.

#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use common::{examples_dir, scan_json};

/// (rule, address) pairs from the table rows that follow `heading` in the README, in order and
/// with repeats; a row whose cells are not both in backticks fails the test, so a typo in the
/// README cannot drop a row from the comparison.
fn table_after(readme: &str, heading: &str) -> Vec<(String, String)> {
    let start = readme
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in README"));
    readme[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // the header and the `| --- |` separator
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = |i: usize| {
                cells
                    .get(i)
                    .and_then(|c| c.strip_prefix('`')?.strip_suffix('`'))
                    .unwrap_or_else(|| panic!("row without a `rule` and a `resource` cell: {l}"))
                    .to_string()
            };
            (code(1), code(2))
        })
        .collect()
}

#[test]
fn examples_report_exactly_what_the_readme_lists() {
    let readme = std::fs::read_to_string(examples_dir().join("README.md")).unwrap();
    let mut expected = table_after(&readme, "## Expected findings");
    let mut expected_suppressed = table_after(&readme, "Suppressed (");
    expected.sort();
    expected_suppressed.sort();

    let (code, report) = scan_json(&examples_dir(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["summary"]["errors"], 0, "{}", report["errors"]);
    // Sorted lists, not sets: a finding reported twice is a difference too.
    let pairs = |suppressed: bool| -> Vec<(String, String)> {
        let mut found = report["findings"]
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
            .collect::<Vec<_>>();
        found.sort();
        found
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
