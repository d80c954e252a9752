//! `rampart fix`: applies verified fixes to the scanned files. Safe fixes by default, unsafe
//! ones with `--unsafe`; `--dry-run` prints a unified diff (`patch -p1` applies it) instead of
//! writing; `--interactive` asks before each fix. Writes are atomic and keep permissions, touch
//! only scanned files, and a second run changes nothing. The work is in `rampart_fix`; this
//! module parses flags, talks to the person, and decides the exit status.
//!
//! Exit status: 0 when every selected finding is fixed or there was nothing to do, 1 when
//! findings remain, 2 on errors (input that does not load, a file that could not be written or
//! was refused: changed since the scan, read-only).

use super::{ExitStatus, has_input_errors};
use crate::cli::LoadArgs;
use crate::output;
use crate::settings::LoadPlan;
use rampart_fix::plan::{Decision, FixPlan, FixSelection, plan_fixes};
use rampart_fix::remediation::Remediation;
use rampart_fix::verify::{Verification, Workspace};
use rampart_fix::writer::WriteReport;
use rampart_model::Finding;
use rampart_rules::{EngineOptions, Registry, Rule};
use rayon::prelude::*;
use std::io::BufRead;

#[derive(clap::Args, Debug, Clone)]
pub struct FixArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Also apply fixes that may break a working system (closing a port, making a bucket
    /// private that serves a website).
    #[arg(long = "unsafe")]
    pub include_unsafe: bool,
    /// Print the changes as a unified diff instead of writing them.
    #[arg(long)]
    pub dry_run: bool,
    /// Ask before applying each fix (answers are read from standard input).
    #[arg(long, short)]
    pub interactive: bool,
}

pub fn run(args: &FixArgs) -> anyhow::Result<ExitStatus> {
    // built-in and user-defined rules, exactly as `scan` sees them
    let (registry, rule_errors) = crate::settings::registry_for(&args.load);
    if let Some(e) = rule_errors.first() {
        anyhow::bail!("{e}");
    }
    let plan = LoadPlan::resolve(&args.load, &registry)?;
    // verification re-runs every rule that is not skipped, not only the selected ones
    let verify_rules: Vec<&'static Rule> = registry
        .rules()
        .iter()
        .copied()
        .filter(|r| !plan.engine.skip_rules.contains(r.id))
        .collect();
    let engine = EngineOptions {
        skip_rules: plan.engine.skip_rules.clone(),
        ..EngineOptions::default()
    };
    let ws = Workspace::load(&plan.paths, &plan.load, verify_rules, engine);
    output::learn_secrets(&ws.loaded.inventory, &ws.findings);
    let input_errors = has_input_errors(&ws.loaded);
    for e in ws.loaded.errors.iter().filter(|e| e.is_error()) {
        output::note(format!("error: {e}"));
    }
    let selection = FixSelection {
        include_unsafe: args.include_unsafe,
        rule_ids: if args.load.rules.is_empty() {
            Vec::new()
        } else {
            plan.rules.iter().map(|r| r.id.to_string()).collect()
        },
    };
    let stdin = std::io::stdin();
    let mut answers = stdin.lock();
    let mut confirm = |rem: &Remediation| !args.interactive || ask(rem, &mut answers);
    let fix_plan = plan_fixes(&ws, &selection, &mut confirm)?;
    if !args.load.quiet {
        report_decisions(&fix_plan);
    }
    if let Verification::Unverified { reason } = &fix_plan.combined {
        output::note(format!(
            "error: {reason}; nothing was written. Fix one rule at a time with --rule"
        ));
        return Ok(ExitStatus::Error);
    }
    if args.dry_run {
        let diff = rampart_fix::remediation::diff_of(&ws, &fix_plan.edits);
        output::stdout(diff.as_bytes(), rampart_report::OutputKind::Text);
        return Ok(status(input_errors, &fix_plan.remaining));
    }
    let report = rampart_fix::writer::write_plan(&ws, &fix_plan)?;
    if !args.load.quiet {
        for path in &report.stale_removed {
            output::note(format!(
                "removed {}, left behind by an interrupted run",
                path.display()
            ));
        }
        for path in &report.written {
            output::note(format!("fixed {}", path.display()));
        }
    }
    // a refused file is reported per finding whether or not --quiet: nothing was written
    for (item, path, reason) in refused_items(&fix_plan, &report) {
        let f = &item.finding;
        let place = f
            .location
            .as_ref()
            .map(|s| format!("{}:{}", s.file, s.start.line))
            .unwrap_or_else(|| f.address.clone());
        output::note(format!(
            "error: {place}: {} {} not fixed: {} {reason}",
            f.rule_id,
            f.address,
            path.display()
        ));
    }
    // re-scan what is on disk now and report what remains
    let rescanned = rampart_ingest::load_paths(&plan.paths, &plan.load);
    let remaining: Vec<Finding> =
        rampart_rules::run_rules(&rescanned.inventory, &plan.rules, &plan.engine)
            .into_iter()
            .filter(|f| f.suppressed.is_none())
            .collect();
    if !args.load.quiet {
        for f in &remaining {
            let place = f
                .location
                .as_ref()
                .map(|s| format!("{}:{}", s.file, s.start.line))
                .unwrap_or_else(|| f.address.clone());
            output::note(format!(
                "remains: {place}: {} {} ({})",
                f.rule_id, f.address, f.message
            ));
        }
        output::note(format!(
            "{} fix(es) applied, {} finding(s) remain",
            fix_plan.applied().count(),
            remaining.len()
        ));
    }
    Ok(status(
        input_errors || has_input_errors(&rescanned) || !report.refused.is_empty(),
        &remaining,
    ))
}

/// The applied fixes that edit a refused file, with the file's reason.
fn refused_items<'a>(
    plan: &'a FixPlan,
    report: &'a WriteReport,
) -> Vec<(&'a rampart_fix::Planned, &'a std::path::Path, &'a str)> {
    plan.applied()
        .filter_map(|item| {
            let edits = item.remediation.as_ref()?.targets.file()?;
            let refused = report.refused.iter().find(|r| {
                edits
                    .edits
                    .iter()
                    .any(|e| r.path == std::path::Path::new(&e.file))
            })?;
            Some((item, refused.path.as_path(), refused.reason.as_str()))
        })
        .collect()
}

/// `scan --format json --remediation`: the JSON report with each finding's remediation block
/// (`null` when its rule has no machine fix), verified the way `rampart fix` verifies.
pub fn add_remediation_to_json(
    report: &[u8],
    plan: &LoadPlan,
    checked: &super::Checked,
    registry: &Registry,
) -> anyhow::Result<Vec<u8>> {
    let verify_rules: Vec<&'static Rule> = registry
        .rules()
        .iter()
        .copied()
        .filter(|r| !plan.engine.skip_rules.contains(r.id))
        .collect();
    let engine = EngineOptions {
        skip_rules: plan.engine.skip_rules.clone(),
        ..EngineOptions::default()
    };
    let loaded = rampart_ingest::LoadOutput {
        inventory: checked.loaded.inventory.clone(),
        errors: checked.loaded.errors.clone(),
        files: checked.loaded.files,
        sources: checked.loaded.sources.clone(),
    };
    let ws = Workspace::from_loaded(
        rampart_fix::WorkspaceSource::Paths {
            roots: plan.paths.clone(),
            options: plan.load.clone(),
        },
        loaded,
        verify_rules,
        engine,
    );
    let mut json: serde_json::Value = serde_json::from_slice(report)?;
    if let Some(findings) = json.get_mut("findings").and_then(|f| f.as_array_mut()) {
        let by_id: std::collections::BTreeMap<&str, &Finding> = checked
            .findings
            .iter()
            .map(|f| (f.id.as_str(), f))
            .collect();
        let ids: Vec<Option<String>> = findings
            .iter()
            .map(|f| f.get("id").and_then(|i| i.as_str()).map(str::to_string))
            .collect();
        let blocks: Vec<serde_json::Value> = ids
            .par_iter()
            .map(|id| {
                id.as_deref()
                    .and_then(|id| by_id.get(id))
                    .and_then(|f| rampart_fix::remediate(&ws, f))
                    .and_then(|r| serde_json::to_value(r).ok())
                    .unwrap_or(serde_json::Value::Null)
            })
            .collect();
        for (finding, block) in findings.iter_mut().zip(blocks) {
            if let Some(object) = finding.as_object_mut() {
                object.insert("remediation".into(), block);
            }
        }
    }
    let mut out = serde_json::to_vec_pretty(&json)?;
    out.push(b'\n');
    Ok(out)
}

fn status(input_errors: bool, remaining: &[Finding]) -> ExitStatus {
    if input_errors {
        ExitStatus::Error
    } else if remaining.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    }
}

fn report_decisions(plan: &FixPlan) {
    for item in &plan.items {
        let f = &item.finding;
        match &item.decision {
            Decision::Apply => output::note(format!(
                "fix: {} {}: {}",
                f.rule_id,
                f.address,
                item.remediation
                    .as_ref()
                    .map(|r| r.summary.as_str())
                    .unwrap_or("")
            )),
            Decision::Skip(why) => {
                output::note(format!("skip: {} {}: {why}", f.rule_id, f.address))
            }
        }
    }
}

/// Shows one fix and reads y/n; anything but y/yes (or end of input) declines.
fn ask(rem: &Remediation, answers: &mut impl BufRead) -> bool {
    let diff = rem.targets.file().map(|t| t.diff.as_str()).unwrap_or("");
    output::prompt(format!(
        "{} {}: {}\n{diff}apply this fix? [y/N] ",
        rem.rule_id, rem.address, rem.summary
    ));
    let mut line = String::new();
    match answers.read_line(&mut line) {
        Ok(0) | Err(_) => false,
        Ok(_) => matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_yes_confirms() {
        let rem = Remediation {
            rule_id: "AWS-X-001".into(),
            finding_id: "f".into(),
            address: "a.b".into(),
            summary: "s".into(),
            applicability: rampart_model::Applicability::Safe,
            verified: Verification::Verified,
            safety: rampart_fix::SafetyVerdict {
                auto_apply: true,
                facts: Vec::new(),
            },
            changes: Vec::new(),
            targets: Default::default(),
        };
        assert!(ask(&rem, &mut "y\n".as_bytes()));
        assert!(ask(&rem, &mut "YES\n".as_bytes()));
        assert!(!ask(&rem, &mut "n\n".as_bytes()));
        assert!(!ask(&rem, &mut "".as_bytes()));
    }

    #[test]
    fn exit_status_follows_what_remains() {
        assert_eq!(status(false, &[]), ExitStatus::Clean);
        assert_eq!(status(true, &[]), ExitStatus::Error);
    }
}
