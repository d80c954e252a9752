//! Least privilege from CloudTrail: what each principal did, the smallest policy that still
//! allows it, and the proof, by the IAM engine (`rampart_iam`), that it does.
//!
//! The pipeline, and the functions a command calls:
//!
//! 1. **Read and aggregate** the trail — [`aggregate`]`(path, `[`Options`]`) -> Usage`. The
//!    reader ([`read_trail`]) streams a file or a directory (recursively) of CloudTrail log
//!    files (`{"Records":[...]}`), JSON arrays of events and JSON Lines, each plain or gzip,
//!    one record at a time ([`reader::read_input`] reads any byte source, such as stdin or an
//!    object body); a malformed file or record is reported in [`Usage::read`] with its
//!    file and record index or line, and reading goes on. Each event is mapped to its IAM
//!    action ([`mapping`]), resources are derived from its request parameters where they can
//!    be ([`resource`]), and it is folded into its principal ([`aggregate::Aggregator`]):
//!    memory grows with principals × actions × (capped) resources, not with events.
//!    `Options::since` (see [`parse_since`]) and `Options::principal` filter the events.
//! 2. **Compute and prove** — [`report`]`(&usage, &current) -> TrailReport`, or
//!    [`least_privilege`] for one principal: the minimal policy ([`minimal::minimal_policy`]),
//!    the diff against the principal's current policy when one is given
//!    ([`minimal::PolicyDiff`], with the high-risk actions removed, [`risk`]), and the
//!    [`Proof`] ([`proof::prove`]): every observed call allowed, every removed high-risk action
//!    denied, by `rampart_iam::evaluate`.
//!    To check every call of the trail one by one as well (the aggregate's pairs stand for
//!    them; a widened resource stands for many), [`replay`]`(path, options, &mut report)`
//!    reads the trail a second time and stores the answer in `report.replay`.
//! 3. **Render** — [`render`]`(&report, Format::Json | Format::Terraform | Format::Text)`.
//!
//! ```no_run
//! use rampart_trail::{Format, Options, aggregate, parse_since, render, report};
//! use std::collections::BTreeMap;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
//! let mut options = Options::new(now);
//! options.since = Some(parse_since("90d")?);
//! options.principal = Some("arn:aws:iam::111122223333:role/Deployer".into());
//! let options_again = options.clone();
//! let usage = aggregate(std::path::Path::new("trail/"), options)?;
//! let current: serde_json::Value = serde_json::from_str(&std::fs::read_to_string("current.json")?)?;
//! let current = BTreeMap::from([("arn:aws:iam::111122223333:role/Deployer".to_string(), current)]);
//! let mut report = report(&usage, &current)?;
//! rampart_trail::replay(std::path::Path::new("trail/"), options_again, &mut report)?;
//! print!("{}", render(&report, Format::Text));
//! std::process::exit(if report.proven { 0 } else { 1 });
//! # }
//! ```
//!
//! Nothing here panics on any input, and nothing is dropped in silence: events that map to no
//! catalogued action, calls refused with AccessDenied (never granted), events of callers with
//! no ARN and events over a cap are all counted in [`Counts`].

pub mod aggregate;
pub mod error;
pub mod event;
pub mod mapping;
pub mod minimal;
pub mod proof;
pub mod reader;
pub mod render;
pub mod resource;
pub mod risk;

pub use aggregate::{
    Aggregator, Counts, Limits, Options, PrincipalKind, PrincipalUsage, Usage, aggregate,
    parse_since,
};
pub use error::TrailError;
pub use event::Event;
pub use minimal::{PolicyDiff, minimal_policy};
pub use proof::{Proof, ProofFailure, Replay, prove, replay};
pub use reader::{Location, ReadProblem, ReadSummary, read_trail};
pub use render::{Format, render};

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The least-privilege answer for one principal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeastPrivilege {
    /// What the principal did (its actions with their resources, sessions, denied and
    /// unmapped calls).
    pub usage: PrincipalUsage,
    /// The minimal policy document.
    pub policy: Value,
    /// Actions whose resources went over the cap and were widened (see [`Limits`]).
    pub widened: Vec<String>,
    /// Against the current policy, when one was given.
    pub diff: Option<PolicyDiff>,
    /// How many high-risk actions the minimal policy removes from the current one (`0`
    /// without a current policy).
    pub high_risk_removed: usize,
    pub proof: Proof,
    /// What the reader of the answer must know (the root user cannot be restricted).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The minimal policy of one principal, its diff against `current` (the principal's current
/// policy document, when known) and the proof. The proof's actions to deny are the high-risk
/// actions the current policy allows and the minimal one removes; without a current policy,
/// every high-risk action of the catalogue the principal did not use.
pub fn least_privilege(
    usage: &PrincipalUsage,
    current: Option<&Value>,
) -> Result<LeastPrivilege, TrailError> {
    let index = mapping::index().map_err(TrailError::Catalogue)?;
    let policy = minimal_policy(usage);
    let used: BTreeSet<String> = usage.actions.keys().cloned().collect();
    let diff = current
        .map(|current| minimal::diff(index, current, minimal::policy_kind(usage.kind), &used))
        .transpose()?;
    let must_deny: Vec<String> = match &diff {
        Some(diff) => diff.high_risk_removed.clone(),
        None => {
            let mut all: Vec<String> = index
                .all()
                .filter(|a| risk::is_high_risk_action(*a) && !used.contains(a.name))
                .map(|a| a.name.to_string())
                .collect();
            all.sort_unstable();
            all
        }
    };
    let proof = prove(usage, &policy, &must_deny)?;
    Ok(LeastPrivilege {
        widened: usage
            .actions
            .iter()
            .filter(|(_, a)| a.widened)
            .map(|(name, _)| name.clone())
            .collect(),
        high_risk_removed: diff.as_ref().map_or(0, |d| d.high_risk_removed.len()),
        usage: usage.clone(),
        policy,
        diff,
        proof,
        notes: match usage.kind {
            PrincipalKind::Root => vec![
                "the root user is allowed everything whatever its identity policies, so the \
                 proof cannot hold: do this work with an IAM role that has the minimal policy"
                    .into(),
            ],
            _ => Vec::new(),
        },
    })
}

/// The least-privilege answer for every principal of a trail.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TrailReport {
    /// Every principal's proof holds.
    pub proven: bool,
    pub counts: Counts,
    pub files: u64,
    pub problems: Vec<ReadProblem>,
    pub problem_count: u64,
    /// Events mapping to no catalogued action, by `eventSource eventName`.
    pub unmapped: BTreeMap<String, u64>,
    pub unmapped_over_limit: u64,
    pub principals: Vec<LeastPrivilege>,
    /// Every call checked again one by one, when [`proof::replay`] was run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replay: Option<proof::Replay>,
}

/// [`least_privilege`] for every principal of `usage`; `current` holds the current policy
/// documents by principal (user or role ARN, or service name), for those that have one.
pub fn report(usage: &Usage, current: &BTreeMap<String, Value>) -> Result<TrailReport, TrailError> {
    let principals = usage
        .principals
        .values()
        .map(|p| least_privilege(p, current.get(&p.principal)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TrailReport {
        proven: principals.iter().all(|p| p.proof.holds),
        counts: usage.counts.clone(),
        files: usage.read.files,
        problems: usage.read.problems.clone(),
        problem_count: usage.read.problem_count,
        unmapped: usage.unmapped.clone(),
        unmapped_over_limit: usage.unmapped_over_limit,
        principals,
        replay: None,
    })
}
