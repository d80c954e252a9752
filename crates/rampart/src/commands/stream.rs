//! The streamed scan: load, join, check one unit (a Terraform root with the folders it reaches,
//! or a folder of templates and manifests, see [`rampart_ingest::units`]) at a time, keep its
//! findings, free its inventory, go on. At most `window` units are in flight, so memory is
//! bounded by the largest units plus the findings, not by the tree.
//!
//! Results are those of scanning each unit alone, merged in unit order: findings and undecided
//! checks in report order, load errors sorted, counts summed (a file read by two units counts
//! once). Where a tree is a single unit they equal the whole-tree load's byte for byte; where it
//! has several, the whole-tree load also joins resources of different roots (a bucket in one
//! root and a public access block in another), which Terraform never does; see
//! `docs/performance.md` and `tests/streamed_scan.rs`.
//!
//! Must never: hold more than `window` unit inventories at once, lose a unit's errors, or let
//! the order units finish in change the output.

use super::Checked;
use crate::progress::Progress;
use crate::settings::LoadPlan;
use rampart_ingest::LoadOutput;
use rampart_ingest::units::{self, ScanUnit, UnitPlan};
use rampart_model::{Finding, LoadError, Undecided};
use rampart_rules::RuleRun;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Units in flight when `RAMPART_SCAN_WINDOW` does not say: one per core.
fn default_window() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// `RAMPART_SCAN_WINDOW=N`: how many units are loaded and checked at once (at least 1).
pub fn window_from_env() -> usize {
    std::env::var("RAMPART_SCAN_WINDOW")
        .ok()
        .and_then(|w| w.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .unwrap_or_else(default_window)
}

/// The loader thread's stack: evaluation and rules recurse (bounded), as on the main thread.
const WORKER_STACK_BYTES: usize = 16 << 20;

/// What one unit leaves behind once its inventory is freed.
#[derive(Default)]
struct UnitResult {
    run: RuleRun,
    errors: Vec<LoadError>,
    files: usize,
    resources: usize,
    sources: BTreeMap<Arc<str>, Arc<str>>,
    secrets: BTreeSet<String>,
}

/// Scans `plan` unit by unit with at most `window` units in flight. `keep_sources`: keep the
/// text of the files findings and undecided checks point at (the text report shows their
/// lines); other formats need none.
pub fn scan(plan: &LoadPlan, keep_sources: bool, window: usize) -> (Checked, usize) {
    let progress = Progress::start(plan.quiet, "finding root modules and templates");
    let unit_plan = units::plan_units(&plan.paths, &plan.load);
    progress.step(format!(
        "checking {} roots and template folders against {} rules",
        unit_plan.units.len(),
        plan.rules.len()
    ));
    let results = run_units(&unit_plan, window.max(1), |unit| {
        check_unit(plan, &unit_plan, unit, keep_sources)
    });
    progress.finish();
    merge(unit_plan, results)
}

/// Runs `check` on every unit of `plan`, `window` at a time, and returns the results in unit
/// order whatever order they finish in.
fn run_units<R: Send + Default>(
    plan: &UnitPlan,
    window: usize,
    check: impl Fn(&ScanUnit) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<R>>> = plan.units.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let (Some(unit), Some(slot)) = (plan.units.get(i), slots.get(i)) else {
                break;
            };
            let result = check(unit);
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    std::thread::scope(|scope| {
        let mut started = 0;
        for n in 0..window.min(plan.units.len()) {
            let spawned = std::thread::Builder::new()
                .name(format!("rampart-scan-{n}"))
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, work);
            started += usize::from(spawned.is_ok());
        }
        // no thread could be started: scan on this one
        if started == 0 {
            work();
        }
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_default()
        })
        .collect()
}

fn check_unit(
    plan: &LoadPlan,
    unit_plan: &UnitPlan,
    unit: &ScanUnit,
    keep_sources: bool,
) -> UnitResult {
    let loaded = LiveUnit::new(units::load_unit(unit_plan, unit));
    let inventory = &loaded.output.inventory;
    let mut run =
        rampart_rules::run_rules_reporting_undecided(inventory, &plan.rules, &plan.engine);
    // references never cross roots, so a root's attack paths are all in its unit
    if plan.attack_paths {
        super::graph::mark_findings(inventory, &mut run.findings);
    }
    let secrets = rampart_rules::views::secret_values::secret_values(inventory, &run.findings);
    let resources = inventory.len();
    let LoadOutput {
        errors,
        files,
        sources,
        ..
    } = loaded.into_output();
    let sources = match keep_sources {
        true => shown_sources(sources, &run.findings, &run.undecided),
        false => BTreeMap::new(),
    };
    UnitResult {
        run,
        errors,
        files,
        resources,
        sources,
        secrets,
    }
}

/// The sources a text report reads: the files findings and undecided checks point at.
fn shown_sources(
    mut all: BTreeMap<Arc<str>, Arc<str>>,
    findings: &[Finding],
    undecided: &[Undecided],
) -> BTreeMap<Arc<str>, Arc<str>> {
    let shown: BTreeSet<&str> = findings
        .iter()
        .filter_map(Finding::file)
        .chain(
            undecided
                .iter()
                .filter_map(|u| u.location.as_ref().map(|s| &*s.file)),
        )
        .collect();
    all.retain(|file, _| shown.contains(&**file));
    all
}

/// One result for the whole scan: what [`super::load_and_check`] returns, without an
/// inventory (each unit's is freed), and the number of resources scanned.
fn merge(plan: UnitPlan, results: Vec<UnitResult>) -> (Checked, usize) {
    let mut errors = plan.errors;
    let mut files = 0;
    let mut resources = 0;
    let mut sources = BTreeMap::new();
    let mut secrets = BTreeSet::new();
    let mut runs = Vec::with_capacity(results.len());
    // a module shared by two roots warns once per line, as one load of both roots does
    let mut warned: HashMap<(String, u32), usize> = HashMap::new();
    for (unit, r) in results.into_iter().enumerate() {
        for e in r.errors {
            if !e.is_error() {
                let first = *warned.entry((e.file.clone(), e.line)).or_insert(unit);
                if first != unit {
                    continue;
                }
            }
            errors.push(e);
        }
        files += r.files;
        resources += r.resources;
        sources.extend(r.sources);
        secrets.extend(r.secrets);
        runs.push(r.run);
    }
    rampart_ingest::sort_errors(&mut errors);
    crate::output::learn_secret_values(secrets);
    let run = rampart_rules::merge_runs(runs);
    let loaded = LoadOutput {
        inventory: Default::default(),
        errors,
        files: files.saturating_sub(plan.shared_file_reads),
        sources,
    };
    let checked = Checked {
        loaded,
        findings: run.findings,
        undecided: run.undecided,
    };
    (checked, resources)
}

/// Unit inventories alive now, and the most alive at once since the last [`reset_live`]
/// (tests check the window bounds them).
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// A unit's load output, counted in [`LIVE`] until its inventory is dropped.
struct LiveUnit {
    output: LoadOutput,
}

impl LiveUnit {
    fn new(output: LoadOutput) -> LiveUnit {
        let now = LIVE.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        LiveUnit { output }
    }

    /// The output without its inventory, which is freed here.
    fn into_output(mut self) -> LoadOutput {
        let inventory = std::mem::take(&mut self.output.inventory);
        drop(inventory);
        LoadOutput {
            inventory: Default::default(),
            errors: std::mem::take(&mut self.output.errors),
            files: self.output.files,
            sources: std::mem::take(&mut self.output.sources),
        }
    }
}

impl Drop for LiveUnit {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
fn reset_live() {
    PEAK.store(LIVE.load(Ordering::SeqCst), Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::LoadArgs;
    use clap::Parser;

    fn plan_for(dir: &std::path::Path) -> LoadPlan {
        #[derive(Parser)]
        struct Args {
            #[command(flatten)]
            load: LoadArgs,
        }
        let args = match Args::try_parse_from(["rampart", "--quiet", &dir.display().to_string()]) {
            Ok(a) => a,
            Err(e) => panic!("arguments: {e}"),
        };
        let (registry, _) = crate::settings::registry_for(&args.load);
        match LoadPlan::resolve(&args.load, &registry) {
            Ok(p) => p,
            Err(e) => panic!("plan: {e}"),
        }
    }

    fn tree_of_roots(n: usize) -> tempfile::TempDir {
        let tmp = match tempfile::tempdir() {
            Ok(t) => t,
            Err(e) => panic!("tempdir: {e}"),
        };
        for i in 0..n {
            let dir = tmp.path().join(format!("root{i:02}"));
            let text = format!(
                "resource \"aws_s3_bucket\" \"b\" {{\n  bucket = \"b{i}\"\n}}\n\
                 resource \"aws_s3_bucket_acl\" \"b\" {{\n  bucket = aws_s3_bucket.b.id\n  acl = \"public-read\"\n}}\n"
            );
            if let Err(e) = std::fs::create_dir_all(&dir)
                .and_then(|()| std::fs::write(dir.join("main.tf"), text))
            {
                panic!("write: {e}");
            }
        }
        tmp
    }

    fn digest(checked: &Checked) -> Vec<String> {
        checked
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{:?} {} {}",
                    f.file().unwrap_or(""),
                    f.line(),
                    f.rule_id,
                    f.address
                )
            })
            .collect()
    }

    /// The live counters are process-wide: tests that scan take turns.
    static SERIAL: Mutex<()> = Mutex::new(());

    #[test]
    fn at_most_window_inventories_live_and_every_window_gives_the_same_result() {
        let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let tree = tree_of_roots(12);
        let plan = plan_for(tree.path());
        let mut seen = Vec::new();
        for window in [1, 2, 3] {
            reset_live();
            let (checked, resources) = scan(&plan, false, window);
            assert!(
                PEAK.load(Ordering::SeqCst) <= window,
                "window {window}: {} inventories were alive at once",
                PEAK.load(Ordering::SeqCst)
            );
            assert!(PEAK.load(Ordering::SeqCst) >= 1);
            assert_eq!(
                LIVE.load(Ordering::SeqCst),
                0,
                "an inventory outlived its unit"
            );
            assert_eq!(resources, 24);
            assert_eq!(checked.loaded.files, 12);
            assert!(checked.loaded.inventory.is_empty());
            seen.push(digest(&checked));
        }
        assert!(!seen[0].is_empty(), "the public ACLs are findings");
        assert_eq!(seen[0], seen[1]);
        assert_eq!(seen[0], seen[2]);
    }

    #[test]
    fn text_reports_keep_only_the_sources_findings_point_at() {
        let _turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        let tree = tree_of_roots(3);
        let extra = tree.path().join("root00/quiet.tf");
        if let Err(e) = std::fs::write(&extra, "locals {\n  a = 1\n}\n") {
            panic!("write: {e}");
        }
        let plan = plan_for(tree.path());
        let (checked, _) = scan(&plan, true, 2);
        let kept: Vec<&str> = checked.loaded.sources.keys().map(|k| &**k).collect();
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept.iter().all(|k| k.ends_with("main.tf")), "{kept:?}");
        let (none, _) = scan(&plan, false, 2);
        assert!(none.loaded.sources.is_empty());
    }
}
