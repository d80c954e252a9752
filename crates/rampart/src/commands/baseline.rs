//! `rampart baseline`: scans like `scan` and records the current unsuppressed findings, so a
//! later `scan --baseline FILE` fails only on new ones. Refuses to write a baseline from an
//! incomplete scan (unparsable input): it would silently accept whatever could not be read.

use super::{ExitStatus, has_input_errors, load_and_check};
use crate::baseline::Baseline;
use crate::cli::BaselineArgs;
use crate::output::{check_destination, write_atomically};
use crate::settings::LoadPlan;
use rampart_rules::Registry;

pub fn run(args: &BaselineArgs) -> anyhow::Result<ExitStatus> {
    check_destination(&args.output)?;
    let registry = Registry::default();
    let plan = LoadPlan::resolve(&args.load, &registry)?;
    let checked = load_and_check(&plan);
    if has_input_errors(&checked.loaded) {
        for error in checked.loaded.errors.iter().filter(|e| e.is_error()) {
            eprintln!("error: {error}");
        }
        eprintln!(
            "error: baseline not written to `{}`: fix the input errors above first",
            args.output.display()
        );
        return Ok(ExitStatus::Error);
    }
    let baseline = Baseline::from_findings(&checked.findings);
    write_atomically(&args.output, &baseline.to_json()?)?;
    if !args.load.quiet {
        eprintln!(
            "wrote {} findings to {}",
            baseline.findings.len(),
            args.output.display()
        );
    }
    Ok(ExitStatus::Clean)
}
