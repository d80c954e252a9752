//! `docs/rules/defaults.md`: the provider defaults rules judge, rendered from the table in
//! `rampart_rules::views::defaults` (the only place they are written).
//!
//! Must never: add text that is not derived from the table, so the same table always renders
//! the same bytes.

use crate::REGENERATE;
use rampart_rules::views::defaults::{DEFAULTS, IMPLICIT, When};
use std::fmt::Write as _;

/// The page's file name inside `docs/rules/`.
pub const DEFAULTS_PAGE: &str = "defaults.md";

fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

pub fn defaults_page() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Provider defaults\n\n<!-- Generated from `crates/rampart_rules/src/views/defaults.rs` by \
`{REGENERATE}`. Do not edit: change the table and regenerate. -->\n"
    );
    let _ = writeln!(
        out,
        "An attribute the code leaves out takes the provider's default, and rules judge that default. \
When several rows name the same attribute, the first whose condition holds applies. A default that \
depends on something the code does not say (the AMI, the account, a resource outside the code) \
leaves the check undecided, with that reason; it is never a finding.\n"
    );
    let _ = writeln!(out, "## Attribute defaults\n");
    let _ = writeln!(out, "| Kind | Attribute | When | Default | Reference |");
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    for (i, d) in DEFAULTS.iter().enumerate() {
        // a lone row applies always; the last of several, when no earlier one does
        let alone = !DEFAULTS
            .iter()
            .take(i)
            .any(|e| e.kind == d.kind && e.path == d.path);
        let when = match d.when {
            When::Always if alone => "always".to_string(),
            w => w.text(),
        };
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | {} | <{}> |",
            d.kind,
            cell(d.path),
            cell(&when),
            cell(&d.value.text()),
            d.reference
        );
    }
    let _ = writeln!(
        out,
        "\n## What the provider creates that the code does not write\n"
    );
    let _ = writeln!(out, "| Kind | Source | What | Reference |");
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    for i in IMPLICIT {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | <{}> |",
            i.kind,
            i.format.unwrap_or("every source"),
            cell(i.what),
            i.reference
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_has_a_row() {
        let page = defaults_page();
        let rows = page.lines().filter(|l| l.starts_with("| `")).count();
        assert_eq!(rows, DEFAULTS.len() + IMPLICIT.len());
        assert!(page.contains("`node_config.0.workload_metadata_config.0.mode`"));
    }
}
