//! `rampart paths` and `rampart graph`: the security graph of the scanned code, an inventory
//! snapshot, or both together (code joins the live account given by `--account`), with
//! vulnerabilities imported from Trivy and Grype. `paths` lists the toxic combinations as
//! attack paths, each with its hops and the cheapest hop to break; `graph` prints the whole
//! graph as DOT, JSON or Cypher.
//!
//! Exit status of `paths`: 0 no path, 1 a path was found (decided or undecided), 2 input that
//! could not be read. `graph` exits 0 unless input could not be read.

use super::ExitStatus;
use crate::cli::LoadArgs;
use anyhow::Context as _;
use clap::{Args, ValueEnum};
use rampart_graph::{BuildOptions, Graph};
use rampart_ingest::LoadOutput;
use std::path::{Path, PathBuf};

/// What to build the graph from: shared by `paths` and `graph`.
#[derive(Args, Debug, Clone)]
pub struct GraphInput {
    /// An inventory snapshot (from `rampart collect aws`) to add; with no PATH given, only the
    /// snapshot is read.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// Trivy JSON report (`trivy image --format json`) whose vulnerabilities join the
    /// resources they name (repeatable).
    #[arg(long, value_name = "FILE")]
    pub trivy: Vec<PathBuf>,
    /// Grype JSON report (`grype -o json`) (repeatable).
    #[arg(long, value_name = "FILE")]
    pub grype: Vec<PathBuf>,
    /// The account code resources deploy into (to join them with a snapshot's resources;
    /// default: the module account, 000000000000).
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// Other accounts that belong to the estate (repeatable): trusts to them are not to an
    /// outside account.
    #[arg(long = "known-account", value_name = "ID")]
    pub known_accounts: Vec<String>,
    /// Write the output to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
}

#[derive(Args, Debug, Clone)]
pub struct PathsArgs {
    #[command(flatten)]
    pub input: GraphInput,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PathsFormat::Text)]
    pub format: PathsFormat,
}

#[derive(Args, Debug, Clone)]
pub struct GraphArgs {
    #[command(flatten)]
    pub input: GraphInput,
    /// Output format: Graphviz DOT, JSON nodes and edges, or Cypher CREATE statements for Neo4j.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathsFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Json,
    Cypher,
}

pub fn run_paths(args: &PathsArgs) -> anyhow::Result<ExitStatus> {
    let (graph, input_errors) = build(&args.input)?;
    let paths = graph.toxic_paths();
    let (text, kind) = match args.format {
        PathsFormat::Text => (
            rampart_graph::render_paths_text(&paths),
            rampart_report::OutputKind::Text,
        ),
        PathsFormat::Json => (
            rampart_graph::render_paths_json(&paths),
            rampart_report::OutputKind::Json,
        ),
    };
    emit(&args.input, &text, kind)?;
    Ok(if input_errors {
        ExitStatus::Error
    } else if paths.is_empty() {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}

pub fn run_graph(args: &GraphArgs) -> anyhow::Result<ExitStatus> {
    let (graph, input_errors) = build(&args.input)?;
    let paths = graph.toxic_paths();
    let (text, kind) = match args.format {
        GraphFormat::Dot => (
            rampart_graph::render_dot(&graph, &paths),
            rampart_report::OutputKind::Text,
        ),
        GraphFormat::Json => (
            rampart_graph::render_json(&graph, &paths),
            rampart_report::OutputKind::Json,
        ),
        GraphFormat::Cypher => (
            rampart_graph::render_cypher(&graph, &paths),
            rampart_report::OutputKind::Text,
        ),
    };
    emit(&args.input, &text, kind)?;
    Ok(if input_errors {
        ExitStatus::Error
    } else {
        ExitStatus::Clean
    })
}

fn emit(input: &GraphInput, text: &str, kind: rampart_report::OutputKind) -> anyhow::Result<()> {
    match &input.output {
        Some(path) => crate::output::write_report(path, text.as_bytes(), kind),
        None => {
            crate::output::stdout(text.as_bytes(), kind);
            Ok(())
        }
    }
}

/// Loads the code and the snapshot, imports the vulnerability reports, builds the graph.
/// Returns whether some input could not be read (reported on stderr; the rest is used).
fn build(input: &GraphInput) -> anyhow::Result<(Graph, bool)> {
    if let Some(path) = &input.output {
        crate::output::check_destination(path)?;
    }
    let only_snapshot = input.inventory.is_some() && input.load.paths == [PathBuf::from(".")];
    let progress = crate::progress::Progress::start(input.load.quiet, "loading");
    let mut loaded: Option<LoadOutput> = None;
    if !only_snapshot {
        let (registry, _) = crate::settings::registry_for(&input.load);
        let plan = crate::settings::LoadPlan::resolve(&input.load, &registry)?;
        loaded = Some(rampart_ingest::load_paths(&plan.paths, &plan.load));
    }
    if let Some(path) = &input.inventory {
        let live = super::live::load_inventory(path)?;
        loaded = Some(match loaded {
            None => live,
            Some(mut code) => {
                code.errors.extend(live.errors);
                code.inventory.extend(live.inventory.into_resources());
                code
            }
        });
    }
    progress.finish();
    let Some(loaded) = loaded else {
        anyhow::bail!("nothing to read: give a PATH or --inventory");
    };
    let mut options = BuildOptions::default();
    if let Some(account) = &input.account {
        options.code_account = account.clone();
    }
    options.known_accounts = input.known_accounts.clone();
    for path in &input.trivy {
        options
            .vulnerabilities
            .extend(read_report(path, rampart_graph::import_trivy)?);
    }
    for path in &input.grype {
        options
            .vulnerabilities
            .extend(read_report(path, rampart_graph::import_grype)?);
    }
    let graph = Graph::build(&loaded.inventory, &options);
    if !input.load.quiet {
        for error in &loaded.errors {
            crate::output::note(error);
        }
        for note in &graph.notes {
            crate::output::note(format!("note: {note}"));
        }
    }
    Ok((graph, super::has_input_errors(&loaded)))
}

fn read_report(
    path: &Path,
    import: fn(&str) -> Result<Vec<rampart_graph::Vulnerability>, String>,
) -> anyhow::Result<Vec<rampart_graph::Vulnerability>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    import(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// `scan --attack-paths`: a finding on a resource that sits on an attack path is raised one
/// severity level, names the paths in its message, and carries them (`attack_path` in JSON),
/// so every output format orders and gates on it. Undecided paths do not raise anything.
pub fn mark_findings(
    inventory: &rampart_model::Inventory,
    findings: &mut [rampart_model::Finding],
) {
    use std::collections::HashMap;
    let graph = Graph::build(inventory, &BuildOptions::default());
    let paths = graph.toxic_paths();
    let mut on: HashMap<&str, Vec<(&str, f32)>> = HashMap::new();
    for path in paths.iter().filter(|p| p.decided) {
        for hop in &path.hops {
            let entry = on.entry(hop.name.as_str()).or_default();
            if !entry.iter().any(|(id, _)| *id == path.id) {
                entry.push((path.id, path.score));
            }
        }
    }
    for finding in findings.iter_mut() {
        let Some(list) = on.get(finding.address.as_str()) else {
            continue;
        };
        let mut list = list.clone();
        list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let ids: Vec<String> = list.iter().map(|(id, _)| id.to_string()).collect();
        let score = list[0].1;
        let raised_from = finding.severity;
        finding.severity = raised_from.raised();
        finding.message.push_str(&format!(
            " (on attack path {}, score {score:.1}: severity raised from {})",
            ids.join(", "),
            raised_from.as_str()
        ));
        finding.attack_path = Some(Box::new(rampart_model::OnAttackPath {
            paths: ids,
            score,
            raised_from,
        }));
    }
}
