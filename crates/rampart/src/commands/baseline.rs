//! `rampart baseline`: scans like `scan` and records the current unsuppressed findings, so a
//! later `scan --baseline FILE` fails only on new ones. Refuses to write a baseline from an
//! incomplete scan (unparsable input, or a user rule that did not load): it would silently
//! accept whatever could not be read or checked. User rules count like built-in ones, from the
//! same registry `scan` uses.

use super::{ExitStatus, has_input_errors};
use crate::baseline::Baseline;
use crate::cli::BaselineArgs;
use crate::output::{self, check_destination};
use crate::settings::{LoadPlan, registry_for};

pub fn run(args: &BaselineArgs) -> anyhow::Result<ExitStatus> {
    check_destination(&args.output)?;
    let (registry, rule_errors) = registry_for(&args.load);
    let plan = LoadPlan::resolve(&args.load, &registry)?;
    let mut checked = super::scan::checked_tree(&plan);
    checked.loaded.errors.extend(rule_errors);
    if has_input_errors(&checked.loaded) {
        for error in checked.loaded.errors.iter().filter(|e| e.is_error()) {
            output::note(format!("error: {error}"));
        }
        output::note(format!(
            "error: baseline not written to `{}`: fix the input errors above first",
            args.output.display()
        ));
        return Ok(ExitStatus::Error);
    }
    let baseline = Baseline::from_findings(&checked.findings);
    output::write_report(
        &args.output,
        &baseline.to_json()?,
        rampart_report::OutputKind::Json,
    )?;
    if !args.load.quiet {
        output::note(format!(
            "wrote {} findings to {}",
            baseline.findings.len(),
            args.output.display()
        ));
    }
    Ok(ExitStatus::Clean)
}
