//! One module per command; each takes its parsed arguments and returns an [`ExitStatus`].
//! Commands print their output; they never call `process::exit` (main maps errors to 2).

pub mod baseline;
pub mod compliance;
pub mod drift;
pub mod explain;
pub mod fix;
pub mod frameworks;
pub mod graph;
pub mod iam;
pub mod live;
pub mod rules;
pub mod scan;
pub mod stream;

use crate::progress::Progress;
use crate::settings::LoadPlan;
use rampart_ingest::LoadOutput;
use rampart_model::{Finding, Undecided};
use std::process::ExitCode;

/// How a command ended: 0 nothing to report, 1 findings at or above the failure threshold,
/// 2 usage error or input that could not be read or parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    Clean,
    Findings,
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Clean => ExitCode::from(0),
            ExitStatus::Findings => ExitCode::from(1),
            ExitStatus::Error => ExitCode::from(2),
        }
    }
}

/// A loaded inventory and the findings of the planned rules on it.
pub struct Checked {
    pub loaded: LoadOutput,
    pub findings: Vec<Finding>,
    /// Checks that could not decide because a value was unknown.
    pub undecided: Vec<Undecided>,
}

/// Loads the plan's paths and runs its rules, with a spinner for a person watching.
pub fn load_and_check(plan: &LoadPlan) -> Checked {
    let progress = Progress::start(plan.quiet, "loading");
    let loaded = rampart_ingest::load_paths(&plan.paths, &plan.load);
    progress.finish();
    check_loaded(plan, loaded)
}

/// Runs the plan's rules on an inventory loaded by the caller (a live account, a snapshot).
pub fn check_loaded(plan: &LoadPlan, loaded: LoadOutput) -> Checked {
    let progress = Progress::start(plan.quiet, "checking");
    progress.step(format!(
        "checking {} resources from {} files against {} rules",
        loaded.inventory.len(),
        loaded.files,
        plan.rules.len()
    ));
    let mut run =
        rampart_rules::run_rules_reporting_undecided(&loaded.inventory, &plan.rules, &plan.engine);
    if plan.attack_paths {
        graph::mark_findings(&loaded.inventory, &mut run.findings);
    }
    crate::output::learn_secrets(&loaded.inventory, &run.findings);
    progress.finish();
    Checked {
        loaded,
        findings: run.findings,
        undecided: run.undecided,
    }
}

/// True when some input could not be read or parsed (warnings do not count).
pub fn has_input_errors(loaded: &LoadOutput) -> bool {
    loaded.errors.iter().any(|e| e.is_error())
}
