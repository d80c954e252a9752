//! The `rampart` binary: parses the command line, dispatches to one command, and maps errors
//! to exit status 2. It holds no scanning logic; that lives in the library crates.

mod baseline;
mod cli;
mod commands;
mod config;
mod output;
mod progress;
mod settings;

use clap::Parser;
use commands::ExitStatus;
use std::process::ExitCode;

/// A scan makes millions of small short-lived allocations (syntax trees, attribute maps);
/// mimalloc serves them with less CPU and fewer page faults than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        // clap exits 2 for usage errors and 0 for --help/--version
        Err(e) => e.exit(),
    };
    let result = match &cli.command {
        cli::Command::Scan(args) => commands::scan::run(args),
        cli::Command::Rules(args) => commands::rules::run(args),
        cli::Command::Explain(args) => commands::explain::run(args),
        cli::Command::Baseline(args) => commands::baseline::run(args),
        cli::Command::Fix(args) => commands::fix::run(args),
        cli::Command::Frameworks(args) => commands::frameworks::run(args),
        cli::Command::Compliance(args) => commands::compliance::run(args),
        cli::Command::Collect(args) => commands::live::run_collect(args),
        cli::Command::Iam(args) => commands::iam::run(args),
        cli::Command::Paths(args) => commands::graph::run_paths(args),
        cli::Command::Graph(args) => commands::graph::run_graph(args),
        cli::Command::Drift(args) => commands::drift::run(args),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            output::note(format!("error: {error:#}"));
            ExitStatus::Error.into()
        }
    }
}
