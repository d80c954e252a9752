//! `rampart iam`: the IAM policy engine for a person. `simulate` decides a request written as
//! JSON (every policy given); `can` builds that request from a scanned inventory (the
//! principal's policies, its boundary, the resource's policy) and decides it the same way.
//!
//! Exit status, so a pipeline can gate on an answer: 0 allowed, 1 denied (implicitly or
//! explicitly), 2 a usage error, unreadable input, or — for `can` — an answer that depends on
//! a policy not known statically (undecided; the output says which).

use super::ExitStatus;
use crate::cli::{ListFormat, LoadArgs};
use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use rampart_iam::simulate::explain;
use rampart_iam::{Answer, Decision, Simulation};
use serde::Serialize;
use serde_json::Value as Json;
use std::io::Read;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct IamArgs {
    #[command(subcommand)]
    pub command: IamCommand,
}

#[derive(Subcommand, Debug, Clone)]
pub enum IamCommand {
    /// Decide a request given as JSON with every policy that applies (like `aws iam
    /// simulate-custom-policy`, offline and with every policy type).
    Simulate(SimulateArgs),
    /// Decide whether a role or user of the scanned code (or an inventory snapshot) may call
    /// ACTION on RESOURCE, from the policies the inventory holds.
    Can(Box<CanArgs>),
    /// Write the least-privilege policy of each principal from what CloudTrail shows it did,
    /// with the diff against its current policy, proven by the engine.
    LeastPrivilege(LeastPrivilegeArgs),
}

#[derive(Args, Debug, Clone)]
pub struct LeastPrivilegeArgs {
    /// CloudTrail logs: a folder (read recursively) or a file; log files (`{"Records": [...]}`),
    /// JSON arrays or JSON Lines, plain or gzip.
    #[arg(long, value_name = "DIR|FILE")]
    pub cloudtrail: PathBuf,
    /// Only this principal (a role, user or assumed-role session ARN; a session stands for its role).
    #[arg(long, value_name = "ARN")]
    pub principal: Option<String>,
    /// Only events this recent: `90d`, `12h`, `2w`.
    #[arg(long, value_name = "DURATION", value_parser = rampart_trail::parse_since)]
    pub since: Option<chrono::Duration>,
    /// The principal's current policy (JSON), to diff against and to prove the removals (needs --principal).
    #[arg(long, value_name = "POLICY.json", requires = "principal")]
    pub current: Option<PathBuf>,
    /// The time `--since` counts back from (RFC 3339; default: now).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TrailFormat::Text)]
    pub format: TrailFormat,
    /// Write the output to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Do not print notes on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailFormat {
    Text,
    Json,
    Terraform,
}

fn parse_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| format!("`{text}` is not an RFC 3339 time: {e}"))
}

#[derive(Args, Debug, Clone)]
pub struct SimulateArgs {
    /// The request: a JSON file, or `-` for standard input. Fields: principal, action,
    /// resource, resource_account, context, identity_policies, permission_boundary,
    /// session_policy, resource_policy, vpc_endpoint_policy, scps, rcps.
    #[arg(value_name = "REQUEST.json")]
    pub request: PathBuf,
    /// Output format: the decision and deciding statements as JSON, or an explanation.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

#[derive(Args, Debug, Clone)]
pub struct CanArgs {
    /// The caller: a role or user ARN (an assumed-role session ARN counts as its role), an
    /// address (`aws_iam_role.app`) or a role or user name.
    pub principal: String,
    /// The action, `service:Action` (`s3:GetObject`).
    pub action: String,
    /// The resource ARN (`arn:aws:s3:::bucket/key`).
    pub resource: String,
    /// Read this inventory snapshot (from `rampart collect`) instead of scanning PATH.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
    /// The account of the principal when its ARN is not known statically.
    #[arg(long, value_name = "ID")]
    pub account: Option<String>,
    /// A request context value (repeatable): `aws:SourceIp=203.0.113.5`, `aws:MultiFactorAuthPresent=true`.
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = parse_context)]
    pub context: Vec<(String, String)>,
    /// Print the request built from the inventory (a REQUEST.json for `iam simulate`) instead
    /// of deciding it.
    #[arg(long)]
    pub show_request: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    #[command(flatten)]
    pub load: LoadArgs,
}

fn parse_context(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("`{text}` is not KEY=VALUE")),
    }
}

pub fn run(args: &IamArgs) -> anyhow::Result<ExitStatus> {
    match &args.command {
        IamCommand::Simulate(a) => simulate(a),
        IamCommand::Can(a) => can(a),
        IamCommand::LeastPrivilege(a) => least_privilege(a),
    }
}

fn simulate(args: &SimulateArgs) -> anyhow::Result<ExitStatus> {
    let text = if args.request.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read the request from standard input")?;
        text
    } else {
        std::fs::read_to_string(&args.request)
            .with_context(|| format!("cannot read request `{}`", args.request.display()))?
    };
    let simulation = Simulation::from_json_text(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.request.display()))?;
    let evaluation = simulation.evaluate();
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &Answer::from_evaluation(&evaluation))?;
            out.push(b'\n');
        }
        ListFormat::Text => out.extend(explain(&simulation, &evaluation).into_bytes()),
    }
    emit(&out, args.format);
    Ok(status_of(evaluation.decision))
}

fn status_of(decision: Decision) -> ExitStatus {
    match decision {
        Decision::Allowed => ExitStatus::Clean,
        Decision::ImplicitlyDenied | Decision::ExplicitlyDenied => ExitStatus::Findings,
    }
}

fn emit(out: &[u8], format: ListFormat) {
    let kind = match format {
        ListFormat::Json => rampart_report::OutputKind::Json,
        ListFormat::Text => rampart_report::OutputKind::Text,
    };
    crate::output::stdout(out, kind);
}

/// What `iam can --format json` prints.
#[derive(Serialize)]
struct CanAnswer<'a> {
    /// `allowed`, `implicitly_denied`, `explicitly_denied`, or `undecided`.
    decision: &'a str,
    /// With `undecided`: what the known policies alone decide.
    #[serde(skip_serializing_if = "Option::is_none")]
    known_policies_decide: Option<Decision>,
    statements: &'a [rampart_iam::StatementRef],
    /// Where each policy of the request came from.
    sources: &'a [String],
    /// Policies that apply but are not known statically.
    unknown: &'a [String],
}

fn can(args: &CanArgs) -> anyhow::Result<ExitStatus> {
    let loaded = match &args.inventory {
        Some(path) => super::live::load_inventory(path)?,
        None => {
            let (registry, _) = crate::settings::registry_for(&args.load);
            let plan = crate::settings::LoadPlan::resolve(&args.load, &registry)?;
            rampart_ingest::load_paths(&plan.paths, &plan.load)
        }
    };
    if !args.load.quiet {
        for error in &loaded.errors {
            crate::output::note(error);
        }
    }
    let inventory = &loaded.inventory;
    let principal = rampart_iam::estate::find_principal(inventory, &args.principal)
        .map_err(|e| anyhow::anyhow!(e))?;
    let mut gathered = rampart_iam::estate::gather(
        inventory,
        &principal,
        &args.action,
        &args.resource,
        args.account.as_deref(),
    );
    if !args.context.is_empty() {
        let context: serde_json::Map<String, Json> = args
            .context
            .iter()
            .map(|(k, v)| (k.clone(), Json::String(v.clone())))
            .collect();
        gathered
            .request
            .insert("context".into(), Json::Object(context));
    }
    if args.show_request {
        let mut out = serde_json::to_vec_pretty(&Json::Object(gathered.request.clone()))?;
        out.push(b'\n');
        emit(&out, ListFormat::Json);
        return Ok(ExitStatus::Clean);
    }
    let simulation = match Simulation::from_fields(&gathered.request) {
        Ok(simulation) => simulation,
        Err(e) => bail!(
            "the policies gathered for {}: {e}",
            principal.resource().address
        ),
    };
    let evaluation = simulation.evaluate();
    let undecided = !gathered.unknown.is_empty();
    let decision_word = if undecided {
        "undecided"
    } else {
        decision_name(evaluation.decision)
    };
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            let answer = CanAnswer {
                decision: decision_word,
                known_policies_decide: undecided.then_some(evaluation.decision),
                statements: &evaluation.statements,
                sources: &gathered.sources,
                unknown: &gathered.unknown,
            };
            serde_json::to_writer_pretty(&mut out, &answer)?;
            out.push(b'\n');
        }
        ListFormat::Text => {
            let mut text = String::new();
            if undecided {
                text.push_str("UNDECIDED: some policies that apply are not known statically:\n");
                for u in &gathered.unknown {
                    text.push_str(&format!("  - {u}\n"));
                }
                text.push_str("\nwith the known policies alone:\n");
            }
            text.push_str(&explain(&simulation, &evaluation));
            text.push_str(&format!(
                "\npolicies read from the inventory (principal {}):\n",
                principal.resource().address
            ));
            if gathered.sources.is_empty() {
                text.push_str("  (none)\n");
            }
            for s in &gathered.sources {
                text.push_str(&format!("  - {s}\n"));
            }
            out.extend(text.into_bytes());
        }
    }
    emit(&out, args.format);
    Ok(if undecided {
        ExitStatus::Error
    } else {
        status_of(evaluation.decision)
    })
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allowed => "allowed",
        Decision::ImplicitlyDenied => "implicitly_denied",
        Decision::ExplicitlyDenied => "explicitly_denied",
    }
}

/// Exit status 0 when every proof holds, 1 when one fails (the output names it), 2 when some
/// input could not be read (the output is still written and lists each problem: a policy
/// derived from part of a trail may miss calls, so it must not pass a pipeline).
fn least_privilege(args: &LeastPrivilegeArgs) -> anyhow::Result<ExitStatus> {
    if let Some(path) = &args.output {
        crate::output::check_destination(path)?;
    }
    let now = args
        .now
        .unwrap_or_else(|| chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()));
    let mut options = rampart_trail::Options::new(now);
    options.since = args.since;
    options.principal = args.principal.clone();
    let progress = crate::progress::Progress::start(args.quiet, "reading CloudTrail");
    let usage = rampart_trail::aggregate(&args.cloudtrail, options.clone());
    progress.finish();
    let usage = usage.map_err(|e| anyhow::anyhow!("{}: {e}", args.cloudtrail.display()))?;
    let mut current = std::collections::BTreeMap::new();
    if let Some(path) = &args.current {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read current policy `{}`", path.display()))?;
        let doc: Json = serde_json::from_str(&text)
            .with_context(|| format!("current policy `{}` is not JSON", path.display()))?;
        // with --principal the trail aggregates to at most one principal (a session counts as
        // its role): the current policy is that principal's
        match usage.principals.keys().next() {
            Some(key) => {
                current.insert(key.clone(), doc);
            }
            None => bail!(
                "the trail has no calls by {} in the window; nothing to compare `{}` with",
                args.principal.as_deref().unwrap_or("the principal"),
                path.display()
            ),
        }
    }
    let mut report = rampart_trail::report(&usage, &current).map_err(|e| anyhow::anyhow!("{e}"))?;
    // the second pass proves every call of the trail, one by one, against its minimal policy
    let progress = crate::progress::Progress::start(args.quiet, "proving against the trail");
    let replayed = rampart_trail::replay(&args.cloudtrail, options, &mut report);
    progress.finish();
    replayed.map_err(|e| anyhow::anyhow!("{}: {e}", args.cloudtrail.display()))?;
    let format = match args.format {
        TrailFormat::Text => rampart_trail::Format::Text,
        TrailFormat::Json => rampart_trail::Format::Json,
        TrailFormat::Terraform => rampart_trail::Format::Terraform,
    };
    let text = rampart_trail::render(&report, format);
    let kind = match args.format {
        TrailFormat::Json => rampart_report::OutputKind::Json,
        TrailFormat::Text | TrailFormat::Terraform => rampart_report::OutputKind::Text,
    };
    match &args.output {
        Some(path) => crate::output::write_report(path, text.as_bytes(), kind)?,
        None => crate::output::stdout(text.as_bytes(), kind),
    }
    if report.problem_count > 0 && !args.quiet {
        crate::output::note(format!(
            "error: {} problems reading {}; the policy covers only the events read",
            report.problem_count,
            args.cloudtrail.display()
        ));
    }
    Ok(if report.problem_count > 0 {
        ExitStatus::Error
    } else if report.proven {
        ExitStatus::Clean
    } else {
        ExitStatus::Findings
    })
}
