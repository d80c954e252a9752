//! `rampart-dev`: the repository's own tools. `docs` regenerates `docs/rules/` from the rule
//! registry (or, with `--check`, fails when it is stale); `new-rule` scaffolds a rule file and
//! its fixtures; `fixtures` checks (or with `--bless` writes) the fixtures' `expect:`
//! annotations and fixed-text snapshots. Exit status: 0 done, 1 `--check` found stale docs or
//! `fixtures` found stale or broken fixtures, 2 usage or I/O error.

use clap::{Parser, Subcommand};
use rampart_dev::docs::{differences, generate, write_pages};
use rampart_dev::fixtures::bless::bless;
use rampart_dev::scaffold::{FIXTURES, NewRule, parse_category, parse_provider, scaffold};
use rampart_dev::{REGENERATE, repo_root};
use rampart_model::Severity;
use rampart_rules::{Rule, builtin_rules};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "rampart-dev",
    about = "Rampart repository tools: rule docs and rule scaffolding"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Generate docs/rules/README.md and docs/rules/<ID>.md from the rule registry.
    Docs {
        /// Folder to write [default: docs/rules in the repository].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 when the folder differs from what would be generated.
        #[arg(long)]
        check: bool,
        /// Rule fixtures, checked to exist for each rule [default: crates/rampart_rules/fixtures].
        #[arg(long, value_name = "DIR")]
        fixtures: Option<PathBuf>,
    },
    /// Check the rule fixtures' `expect:` annotations and fixed-text snapshots against what the
    /// rules report today; with `--bless`, write them.
    Fixtures {
        /// Write the annotations and snapshots (review the diff before committing).
        #[arg(long)]
        bless: bool,
        /// Only these rules [default: every rule].
        #[arg(long = "rule", value_name = "ID")]
        rules: Vec<String>,
        /// Rule fixtures [default: crates/rampart_rules/fixtures].
        #[arg(long, value_name = "DIR")]
        fixtures: Option<PathBuf>,
    },
    /// Scaffold a rule file and its bad/good fixtures.
    NewRule {
        /// Rule id, `AWS-S3-012` (AWS-, AZU-, GCP- or K8S- by provider).
        id: String,
        /// aws, azure, gcp or kubernetes.
        provider: String,
        /// Terraform resource type the rule looks at: `aws_s3_bucket`.
        kind: String,
        /// Rule file name without `.rs` [default: the kind without its prefix and the id's number].
        #[arg(long)]
        name: Option<String>,
        /// identity, data, network, logging, compute, secrets, encryption or availability.
        #[arg(long, default_value = "data")]
        category: String,
        /// critical, high, medium, low or info.
        #[arg(long, default_value = "medium")]
        severity: String,
        /// Repository root to write into [default: this repository].
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Docs {
            out,
            check,
            fixtures,
        } => docs(out, check, fixtures),
        Command::Fixtures {
            bless,
            rules,
            fixtures,
        } => fixtures_command(bless, &rules, fixtures),
        Command::NewRule {
            id,
            provider,
            kind,
            name,
            category,
            severity,
            root,
        } => new_rule(id, provider, kind, name, category, severity, root),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn docs(out: Option<PathBuf>, check: bool, fixtures: Option<PathBuf>) -> Result<ExitCode, String> {
    let root = repo_root();
    let out = out.unwrap_or_else(|| root.join("docs/rules"));
    let fixtures = fixtures.unwrap_or_else(|| root.join(FIXTURES));
    let generated = generate(&builtin_rules(), &fixtures)?;
    for problem in &generated.problems {
        eprintln!("warning: {problem}");
    }
    if check {
        let stale = differences(&out, &generated.pages)?;
        if stale.is_empty() {
            eprintln!(
                "{} is up to date ({} pages)",
                out.display(),
                generated.pages.len()
            );
            return Ok(ExitCode::SUCCESS);
        }
        for line in &stale {
            eprintln!("stale: {line}");
        }
        eprintln!("{} is stale: run `{REGENERATE}`", out.display());
        return Ok(ExitCode::from(1));
    }
    let written = write_pages(&out, &generated.pages)?;
    eprintln!(
        "{}: {} pages, {} written, {} removed{}",
        out.display(),
        generated.pages.len(),
        written.changed.len(),
        written.removed.len(),
        if generated.problems.is_empty() {
            String::new()
        } else {
            format!(", {} metadata warnings", generated.problems.len())
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn fixtures_command(
    write: bool,
    only: &[String],
    fixtures: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let fixtures = fixtures.unwrap_or_else(|| repo_root().join(FIXTURES));
    let every = builtin_rules();
    let rules: Vec<&'static Rule> = if only.is_empty() {
        every.clone()
    } else {
        only.iter()
            .map(|id| {
                every
                    .iter()
                    .copied()
                    .find(|r| r.answers_to(id))
                    .ok_or_else(|| format!("no rule `{id}`"))
            })
            .collect::<Result<_, _>>()?
    };
    let report = bless(&fixtures, &rules, &every, write);
    for path in &report.changed {
        println!(
            "{} {}",
            if write { "wrote" } else { "stale" },
            path.display()
        );
    }
    for path in &report.removed {
        println!(
            "{} {}",
            if write { "removed" } else { "to remove" },
            path.display()
        );
    }
    for problem in &report.problems {
        eprintln!("problem: {problem}");
    }
    eprintln!(
        "{} bad fixtures annotated, {} snapshots, {} files {}, {} {}, {} problems",
        report.annotated,
        report.snapshots,
        report.changed.len(),
        if write { "written" } else { "stale" },
        report.removed.len(),
        if write { "removed" } else { "to remove" },
        report.problems.len()
    );
    let clean = report.problems.is_empty()
        && (write || (report.changed.is_empty() && report.removed.is_empty()));
    if !clean && !write {
        eprintln!("run `cargo run -p rampart_dev -- fixtures --bless`, then review the diff");
    }
    Ok(if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn new_rule(
    id: String,
    provider: String,
    kind: String,
    name: Option<String>,
    category: String,
    severity: String,
    root: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let new = NewRule {
        id: id.trim().to_string(),
        provider: parse_provider(&provider)?,
        kind: kind.trim().to_string(),
        name,
        category: parse_category(&category)?,
        severity: Severity::parse(&severity).ok_or_else(|| {
            format!("unknown severity `{severity}`; use one of critical, high, medium, low, info")
        })?,
    };
    let root = root.unwrap_or_else(repo_root);
    let written = scaffold(&root, &new, &builtin_rules())?;
    for path in &written {
        println!("created {}", path.display());
    }
    eprintln!(
        "next: fill in the TODOs, make the fixtures real, then `cargo test -p rampart_dev --test fixtures` (after `cargo run -p rampart_dev -- fixtures --bless` for the snapshot) and `{REGENERATE}`"
    );
    Ok(ExitCode::SUCCESS)
}
