//! `rampart scan`: load, check, report, and decide the exit status.
//!
//! Exit status: 2 when any input could not be read or parsed (the rest is still scanned and
//! reported, but an incomplete scan must not pass CI, and must not look like "only findings");
//! otherwise 1 when an unsuppressed finding is at or above `--fail-on`; otherwise 0.

use super::{ExitStatus, has_input_errors, load_and_check, stream};
use crate::baseline::Baseline;
use crate::cli::{OutputFormat, ScanArgs, ScanTarget};
use crate::output;
use crate::settings::LoadPlan;
use rampart_model::{Finding, Severity};
use rampart_report::{FeedSettings, Report, feed};
use rampart_rules::Registry;
use std::io::IsTerminal;

/// Scan settings after merging flags over the config file.
struct ScanSettings {
    plan: LoadPlan,
    min_severity: Severity,
    fail_on: Severity,
    color: bool,
    feed: FeedSettings,
}

impl ScanSettings {
    fn resolve(args: &ScanArgs, registry: &Registry) -> anyhow::Result<ScanSettings> {
        if let Some(path) = &args.output {
            output::check_destination(path)?;
        }
        let mut plan = LoadPlan::resolve(&args.load, registry)?;
        plan.attack_paths = args.attack_paths;
        let min_severity = args
            .severity
            .or(plan.config.min_severity)
            .unwrap_or(Severity::Info);
        let fail_on = args.fail_on.or(plan.config.fail_on).unwrap_or(min_severity);
        if let Some(path) = args.baseline.as_ref().or(plan.config.baseline.as_ref()) {
            plan.engine.baseline = Baseline::read(path)?.fingerprints();
        }
        let color = args.format == OutputFormat::Text
            && args.output.is_none()
            && !args.no_color
            && std::env::var_os("NO_COLOR").is_none()
            && std::io::stdout().is_terminal();
        let feed = feed_settings(args, &plan)?;
        Ok(ScanSettings {
            plan,
            min_severity,
            fail_on,
            color,
            feed,
        })
    }
}

/// Account, region and time for the finding feeds: flags over the config file over the
/// environment. The time is now, or `SOURCE_DATE_EPOCH` (seconds) for reproducible output.
/// Only the feeds read them, so only the feeds fail on a malformed environment value.
fn feed_settings(args: &ScanArgs, plan: &LoadPlan) -> anyhow::Result<FeedSettings> {
    let is_feed = args.format.to_report().is_feed();
    let env = |name: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| is_feed && !v.trim().is_empty())
    };
    let region = args
        .asff_region
        .clone()
        .or_else(|| plan.config.asff_region.clone())
        .or_else(|| env("AWS_REGION"))
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| feed::DEFAULT_REGION.to_string());
    feed::check_region(&region)
        .map_err(|why| anyhow::anyhow!("ASFF region from the environment: {why}"))?;
    let account = args
        .asff_account
        .clone()
        .or_else(|| plan.config.asff_account.clone());
    if account.is_none() && args.format == OutputFormat::Asff && !args.load.quiet {
        output::note(format!(
            "note: no --asff-account (or `[asff] account` in the config): the findings name account {}, which Security Hub refuses to import",
            feed::PLACEHOLDER_ACCOUNT
        ));
    }
    let time_ms = match env("SOURCE_DATE_EPOCH") {
        Some(seconds) => seconds
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| s.checked_mul(1000))
            .ok_or_else(|| {
                anyhow::anyhow!("SOURCE_DATE_EPOCH `{seconds}` is not a number of seconds")
            })?,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0),
    };
    Ok(FeedSettings {
        aws_account: account.unwrap_or_else(|| feed::PLACEHOLDER_ACCOUNT.to_string()),
        aws_region: region,
        time_ms,
    })
}

/// How the tree is loaded and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pipeline {
    /// One unit (root module, folder of templates) at a time: the default.
    Streamed,
    /// Everything into one inventory, as before streaming: for `--remediation` (its fixes are
    /// verified against the whole inventory) and, with `RAMPART_SCAN_PIPELINE=whole`, to
    /// compare the two.
    Whole,
}

impl Pipeline {
    fn for_scan(args: &ScanArgs) -> Pipeline {
        match args.remediation {
            true => Pipeline::Whole,
            false => Pipeline::from_env(),
        }
    }
    fn from_env() -> Pipeline {
        match std::env::var("RAMPART_SCAN_PIPELINE").is_ok_and(|p| p.trim() == "whole") {
            true => Pipeline::Whole,
            false => Pipeline::Streamed,
        }
    }
}

/// The findings of a tree as `scan` finds them, for commands that must agree with it
/// (`baseline`: its fingerprints must be the ones a later `scan --baseline` computes).
pub fn checked_tree(plan: &LoadPlan) -> super::Checked {
    match Pipeline::from_env() {
        Pipeline::Whole => load_and_check(plan),
        Pipeline::Streamed => stream::scan(plan, false, stream::window_from_env()).0,
    }
}

pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    let (registry, rule_errors) = crate::settings::registry_for(&args.load);
    let settings = ScanSettings::resolve(args, &registry)?;
    let whole = |checked: super::Checked| {
        let resources = checked.loaded.inventory.len();
        (checked, resources)
    };
    let (mut checked, resources) = match (&args.live, &args.inventory) {
        (Some(ScanTarget::Aws(aws)), _) => whole(super::check_loaded(
            &settings.plan,
            super::live::load_aws(aws, args.load.quiet)?,
        )),
        (None, Some(path)) => whole(super::check_loaded(
            &settings.plan,
            super::live::load_inventory(path)?,
        )),
        (None, None) => match Pipeline::for_scan(args) {
            Pipeline::Whole => whole(load_and_check(&settings.plan)),
            Pipeline::Streamed => stream::scan(
                &settings.plan,
                args.format == OutputFormat::Text,
                stream::window_from_env(),
            ),
        },
    };
    checked.loaded.errors.extend(rule_errors);
    let report = Report {
        findings: &checked.findings,
        errors: &checked.loaded.errors,
        rules: &settings.plan.rules,
        sources: &checked.loaded.sources,
        files_scanned: checked.loaded.files,
        resources_scanned: resources,
        min_severity: settings.min_severity,
        show_suppressed: args.show_suppressed,
        undecided: &checked.undecided,
        show_undecided: args.show_undecided,
        color: settings.color,
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let summary = rampart_report::Summary::of(&report).sentence();
    let status = exit_status(
        has_input_errors(&checked.loaded),
        &checked.findings,
        settings.fail_on,
    );
    let kind = output::kind_of(args.format.to_report(), settings.color);
    // the text report already lists input errors; other formats and files keep stderr informed
    let error_notes: Vec<String> =
        match !args.load.quiet && (args.format != OutputFormat::Text || args.output.is_some()) {
            true => checked
                .loaded
                .errors
                .iter()
                .filter(|e| e.is_error())
                .map(|e| format!("error: {e}"))
                .collect(),
            false => Vec::new(),
        };
    if args.remediation {
        if args.format != OutputFormat::Json {
            anyhow::bail!("--remediation needs --format json");
        }
        let rendered = output::render(args.format.to_report(), &report, &settings.feed)?;
        let rendered =
            super::fix::add_remediation_to_json(&rendered, &settings.plan, &checked, &registry)?;
        match &args.output {
            Some(path) => output::write_report_owned(path, rendered, kind)?,
            None => output::stdout_owned(rendered, kind),
        }
    } else {
        // rendered, cleaned and written piece by piece: a large report is never held whole
        output::render_to(
            args.output.as_deref(),
            args.format.to_report(),
            &report,
            &settings.feed,
            kind,
        )?;
    }
    if let Some(path) = &args.output
        && !args.load.quiet
    {
        output::note(format!("wrote {}: {summary}", path.display()));
    }
    // about to exit: on a large scan freeing the findings takes a while; do it on another
    // thread, which the process may not wait for (freeing nothing less)
    let _freeing = std::thread::Builder::new().spawn(move || drop(checked));
    for note in error_notes {
        output::note(note);
    }
    Ok(status)
}

fn exit_status(input_errors: bool, findings: &[Finding], fail_on: Severity) -> ExitStatus {
    if input_errors {
        ExitStatus::Error
    } else if findings
        .iter()
        .any(|f| f.suppressed.is_none() && f.severity >= fail_on)
    {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Category, Suppressed, SuppressedBy};

    fn finding(severity: Severity, suppressed: bool) -> Finding {
        Finding {
            id: "x".into(),
            rule_id: "R".into(),
            title: "t".into(),
            severity,
            category: Category::Data,
            message: "m".into(),
            address: "a".into(),
            resource_kind: "k".into(),
            model_kind: "k".into(),
            attribute: None,
            model_attribute: None,
            location: None,
            suppressed: suppressed.then_some(Suppressed {
                by: SuppressedBy::Baseline,
                reason: None,
            }),
            live: None,
            attack_path: None,
        }
    }

    #[test]
    fn input_errors_win_over_findings_and_suppressed_findings_never_fail() {
        let high = [finding(Severity::High, false)];
        assert_eq!(exit_status(true, &high, Severity::Info), ExitStatus::Error);
        assert_eq!(
            exit_status(false, &high, Severity::High),
            ExitStatus::Findings
        );
        assert_eq!(
            exit_status(false, &high, Severity::Critical),
            ExitStatus::Clean
        );
        assert_eq!(
            exit_status(false, &[finding(Severity::Critical, true)], Severity::Info),
            ExitStatus::Clean
        );
        assert_eq!(exit_status(false, &[], Severity::Info), ExitStatus::Clean);
    }
}
