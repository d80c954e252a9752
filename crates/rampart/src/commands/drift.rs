//! `rampart drift --code PATH (--inventory FILE | --live)`: where the cloud drifted from its
//! code — attributes changed by hand, resources created outside code, resources the code
//! declares that are missing — each ranked by the rules, explained, with the command that
//! reverts the cloud and the verified edit that codifies the change (`crates/rampart_drift`).
//!
//! Exit status: 0 no drift at or above `--fail-on` (default: `--min-severity`, else info), 1
//! some, 2 code or inventory that could not be read.

use super::ExitStatus;
use crate::cli::{AwsArgs, LoadArgs, parse_severity};
use anyhow::bail;
use clap::{Args, ValueEnum};
use rampart_drift::{LiveInventory, Options};
use rampart_model::Severity;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct DriftArgs {
    /// The infrastructure code (repeatable); state and plan files under it lend exact ids.
    #[arg(long, value_name = "PATH", required = true)]
    pub code: Vec<PathBuf>,
    /// Compare with this inventory snapshot (from `rampart collect aws`).
    #[arg(
        long,
        value_name = "FILE",
        conflicts_with = "live",
        required_unless_present = "live"
    )]
    pub inventory: Option<PathBuf>,
    /// Compare with the live AWS account of the default credential chain (or --profile).
    #[arg(long)]
    pub live: bool,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Only drift of this Terraform resource type (repeatable).
    #[arg(long = "resource-type", value_name = "TYPE")]
    pub resource_types: Vec<String>,
    /// Only drift in this region (repeatable); missing resources have no region and are left out.
    #[arg(long = "region", value_name = "REGION")]
    pub region_filter: Vec<String>,
    /// Lowest severity shown.
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub min_severity: Option<Severity>,
    /// Lowest severity that makes the exit status 1 (default: --min-severity).
    #[arg(long, value_name = "LEVEL", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    pub format: DriftFormat,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Configuration file (default: .rampart.toml in the first --code PATH, then the current folder).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Do not show a progress indicator or notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriftFormat {
    Text,
    Json,
}

pub fn run(args: &DriftArgs) -> anyhow::Result<ExitStatus> {
    if let Some(path) = &args.output {
        crate::output::check_destination(path)?;
    }
    let load_args = LoadArgs {
        paths: args.code.clone(),
        config: args.config.clone(),
        quiet: args.quiet,
        ..LoadArgs::default()
    };
    let (registry, rule_errors) = crate::settings::registry_for(&load_args);
    if let Some(e) = rule_errors.first() {
        bail!("{e}");
    }
    let plan = crate::settings::LoadPlan::resolve(&load_args, &registry)?;
    let live = match (&args.inventory, args.live) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read inventory `{}`: {e}", path.display()))?;
            match LiveInventory::from_snapshot_text(&path.display().to_string(), &text) {
                Ok(live) => live,
                Err(errors) => {
                    for e in &errors {
                        crate::output::note(e);
                    }
                    bail!("inventory `{}` could not be read", path.display());
                }
            }
        }
        (None, true) => {
            LiveInventory::from_snapshot(&super::live::snapshot_aws(&args.aws, args.quiet)?)
        }
        (None, false) => bail!("give --inventory FILE or --live"),
    };
    let progress = crate::progress::Progress::start(args.quiet, "loading code");
    let code = rampart_drift::load_code(&plan.paths, &plan.load);
    progress.step("comparing with the cloud".to_string());
    let options = Options {
        resource_types: args.resource_types.clone(),
        regions: args.region_filter.clone(),
        min_severity: args.min_severity,
        rules: Some(plan.rules.clone()),
    };
    let report = rampart_drift::compare(&code, &live, &options);
    progress.finish();
    if !args.quiet {
        for error in code.loaded.errors.iter().chain(&live.warnings) {
            crate::output::note(error);
        }
    }
    let (text, kind) = match args.format {
        DriftFormat::Text => (report.render_text(), rampart_report::OutputKind::Text),
        DriftFormat::Json => (report.render_json(), rampart_report::OutputKind::Json),
    };
    match &args.output {
        Some(path) => crate::output::write_report(path, text.as_bytes(), kind)?,
        None => crate::output::stdout(text.as_bytes(), kind),
    }
    let fail_on = args.fail_on.or(args.min_severity).unwrap_or(Severity::Info);
    Ok(if super::has_input_errors(&code.loaded) {
        ExitStatus::Error
    } else if report.items.iter().any(|i| i.severity >= fail_on) {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}
