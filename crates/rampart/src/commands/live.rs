//! Live sources: `rampart collect aws` (write a snapshot), and the inventory a `scan aws` or
//! `scan --inventory FILE` checks. Collection warnings (a refused service) become load
//! warnings, which every report format lists.

use super::ExitStatus;
use crate::cli::{AwsArgs, CollectArgs, CollectTarget};
use anyhow::{Context, bail};
use rampart_ingest::LoadOutput;
use std::path::Path;

/// `AwsArgs` checked: services known, concurrency at least 1.
#[cfg(feature = "aws")]
fn aws_options(args: &AwsArgs) -> anyhow::Result<rampart_cloud::aws::AwsOptions> {
    use rampart_cloud::aws::Service;
    let mut services = Vec::new();
    for name in args.services.iter().filter(|s| !s.trim().is_empty()) {
        match Service::parse(name) {
            Some(s) => services.push(s),
            None => bail!(
                "unknown AWS service `{name}`; use one of {}",
                Service::ALL.map(Service::as_str).join(", ")
            ),
        }
    }
    if args.concurrency == 0 {
        bail!("--concurrency must be at least 1");
    }
    Ok(rampart_cloud::aws::AwsOptions {
        profile: args.profile.clone(),
        regions: args
            .regions
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
        services,
        concurrency: args.concurrency,
        max_attempts: 0,
    })
}

#[cfg(feature = "aws")]
fn collect_aws(args: &AwsArgs) -> anyhow::Result<rampart_ingest::snapshot::Snapshot> {
    let options = aws_options(args)?;
    Ok(rampart_cloud::aws::collect_blocking(&options)?)
}

#[cfg(not(feature = "aws"))]
fn collect_aws(_args: &AwsArgs) -> anyhow::Result<rampart_ingest::snapshot::Snapshot> {
    bail!("this rampart was built without live AWS support (the `aws` feature)")
}

/// A snapshot of a live AWS account, with a progress indicator for a person watching.
pub fn snapshot_aws(
    args: &AwsArgs,
    quiet: bool,
) -> anyhow::Result<rampart_ingest::snapshot::Snapshot> {
    let progress = crate::progress::Progress::start(quiet, "collecting AWS");
    let snapshot = collect_aws(args);
    progress.finish();
    snapshot
}

/// The inventory of a live AWS account, as a scan loads it.
pub fn load_aws(args: &AwsArgs, quiet: bool) -> anyhow::Result<LoadOutput> {
    Ok(snapshot_aws(args, quiet)?.to_load_output())
}

/// The inventory of a snapshot file.
pub fn load_inventory(path: &Path) -> anyhow::Result<LoadOutput> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read inventory `{}`", path.display()))?;
    let loaded = rampart_ingest::snapshot::load_snapshot_text(&path.display().to_string(), &text);
    Ok(loaded)
}

/// `rampart collect aws -o FILE`.
pub fn run_collect(args: &CollectArgs) -> anyhow::Result<ExitStatus> {
    let CollectTarget::Aws(aws) = &args.target;
    crate::output::check_destination(&aws.output)?;
    let progress = crate::progress::Progress::start(aws.quiet, "collecting AWS");
    let snapshot = collect_aws(&aws.aws);
    progress.finish();
    let snapshot = snapshot?;
    let mut text = serde_json::to_vec_pretty(&snapshot)?;
    text.push(b'\n');
    crate::output::write_report(&aws.output, &text, rampart_report::OutputKind::Json)?;
    if !aws.quiet {
        crate::output::note(format!(
            "wrote {}: {} resources from account {} in {} regions",
            aws.output.display(),
            snapshot.resources.len(),
            snapshot.accounts.join(", "),
            snapshot.regions.len()
        ));
        for w in &snapshot.warnings {
            crate::output::note(format!("warning: {}", w.to_load_error()));
        }
    }
    // refusals are recorded in the snapshot, and every scan of it reports them
    Ok(ExitStatus::Clean)
}
