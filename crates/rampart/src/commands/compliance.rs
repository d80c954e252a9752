//! `rampart compliance --framework ID PATH…`: scans like `rampart scan` (same loading, config,
//! user rules and engine, through [`load_and_check`]) and reports each control of one framework
//! as pass / fail / not covered / not applicable, with failing resources and scores, as text,
//! JSON or a self-contained HTML page.
//!
//! Exit status: 2 when any input or user rule could not be read (an incomplete scan must not
//! look compliant); otherwise 1 when a control fails; otherwise 0.

use super::{ExitStatus, has_input_errors, load_and_check};
use crate::cli::LoadArgs;
use crate::output;
use crate::settings::LoadPlan;
use anyhow::anyhow;
use clap::{Args, ValueEnum};
use rampart_compliance::ComplianceReport;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct ComplianceArgs {
    /// Framework id, e.g. `cis-aws-3.0` (`rampart frameworks` lists them).
    #[arg(long, value_name = "ID")]
    pub framework: String,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ComplianceFormat::Text)]
    pub format: ComplianceFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplianceFormat {
    Text,
    Json,
    Html,
}

pub fn run(args: &ComplianceArgs) -> anyhow::Result<ExitStatus> {
    let framework = rampart_compliance::framework(&args.framework)?.ok_or_else(|| {
        anyhow!(
            "unknown framework `{}`; `rampart frameworks` lists the ids",
            args.framework
        )
    })?;
    let (registry, rule_errors) =
        rampart_rules::custom::registry_with_custom_rules(&args.load.paths, &args.load.rules_dirs);
    let plan = LoadPlan::resolve(&args.load, &registry)?;
    let mut checked = load_and_check(&plan);
    checked.loaded.errors.extend(rule_errors);
    let report = rampart_compliance::evaluate(
        framework,
        &checked.loaded.inventory,
        &plan.rules,
        &checked.findings,
    );
    let rendered = render(args.format, &report)?;
    let kind = match args.format {
        ComplianceFormat::Text => rampart_report::OutputKind::Text,
        ComplianceFormat::Json => rampart_report::OutputKind::Json,
        ComplianceFormat::Html => rampart_report::OutputKind::Markup,
    };
    match &args.output {
        Some(path) => {
            output::write_report(path, &rendered, kind)?;
            if !args.load.quiet {
                output::note(format!("wrote {}: {}", path.display(), sentence(&report)));
            }
        }
        None => output::stdout(&rendered, kind),
    }
    if !args.load.quiet {
        for error in checked.loaded.errors.iter().filter(|e| e.is_error()) {
            output::note(format!("error: {error}"));
        }
    }
    Ok(if has_input_errors(&checked.loaded) {
        ExitStatus::Error
    } else if report.summary.failed > 0 {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

fn render(format: ComplianceFormat, report: &ComplianceReport) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        ComplianceFormat::Text => rampart_compliance::render_text(report).into_bytes(),
        ComplianceFormat::Json => {
            let mut out = serde_json::to_vec_pretty(report)?;
            out.push(b'\n');
            out
        }
        ComplianceFormat::Html => {
            rampart_report::html::render_compliance(report, env!("CARGO_PKG_VERSION")).into_bytes()
        }
    })
}

fn sentence(report: &ComplianceReport) -> String {
    let s = &report.summary;
    let score = s
        .percent()
        .map_or_else(|| "no score".to_string(), |p| format!("score {p}%"));
    format!(
        "{score}: {} passed, {} failed, {} not covered, {} not applicable",
        s.passed, s.failed, s.not_covered, s.not_applicable
    )
}
