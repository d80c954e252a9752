//! `rampart frameworks`: the compliance frameworks built into the binary, with how many of
//! their controls a rule evidences. Generated from the embedded mapping files, never a hand list.

use super::ExitStatus;
use crate::cli::ListFormat;
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Args, Debug, Clone)]
pub struct FrameworksArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// What `rampart frameworks --format json` prints for one framework.
#[derive(Serialize, Debug, PartialEq)]
pub struct FrameworkSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: &'a str,
    pub source: &'a str,
    pub controls: usize,
    /// Controls at least one rule evidences; the rest are "not covered".
    pub covered_controls: usize,
}

pub fn run(args: &FrameworksArgs) -> anyhow::Result<ExitStatus> {
    let summaries: Vec<FrameworkSummary<'_>> = rampart_compliance::frameworks()?
        .iter()
        .map(|f| FrameworkSummary {
            id: &f.id,
            title: &f.title,
            version: &f.version,
            source: &f.source,
            controls: f.control_count(),
            covered_controls: f.covered_count(),
        })
        .collect();
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &summaries)?;
            out.push(b'\n');
        }
        ListFormat::Text => write_table(&mut out, &summaries)?,
    }
    let kind = match args.format {
        ListFormat::Json => rampart_report::OutputKind::Json,
        ListFormat::Text => rampart_report::OutputKind::Text,
    };
    crate::output::stdout(&out, kind);
    Ok(ExitStatus::Clean)
}

fn write_table(out: &mut Vec<u8>, frameworks: &[FrameworkSummary<'_>]) -> std::io::Result<()> {
    let id_width = frameworks
        .iter()
        .map(|f| f.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let version_width = frameworks
        .iter()
        .map(|f| f.version.len())
        .max()
        .unwrap_or(7)
        .max(7);
    writeln!(
        out,
        "{:id_width$}  {:version_width$}  {:>8}  {:>7}  TITLE",
        "ID", "VERSION", "CONTROLS", "COVERED"
    )?;
    for f in frameworks {
        writeln!(
            out,
            "{:id_width$}  {:version_width$}  {:>8}  {:>7}  {}",
            f.id, f.version, f.controls, f.covered_controls, f.title
        )?;
    }
    writeln!(
        out,
        "\n{} frameworks; `rampart compliance --framework ID PATH` checks one",
        frameworks.len()
    )
}
