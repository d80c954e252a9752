//! `rampart rules`: every registered rule, generated from the registry (never a hand list),
//! user rules (`--rules-dir`, `.rampart/rules`) included, with the compliance controls each
//! evidences (from `compliance/*.toml`, never repeated in rule files).
//! JSON is an array sorted by id with a stable set of keys, for tools and docs generators.
//! A user rule file that does not load is reported on stderr and makes the exit status 2,
//! after the rules that did load are listed.

use super::ExitStatus;
use crate::cli::{ListFormat, LoadArgs, RulesArgs};
use crate::settings::registry_for;
use anyhow::bail;
use rampart_rules::{Provider, Rule};
use serde::Serialize;
use std::io::Write;

/// One compliance control a rule evidences, as `rampart rules --format json` prints it.
#[derive(Serialize, Debug, PartialEq)]
pub struct ControlSummary {
    /// Framework id, as `rampart compliance` takes it: `cis-aws-3.0`.
    pub framework: String,
    pub control: String,
}

/// What `rampart rules --format json` prints for one rule.
#[derive(Serialize, Debug, PartialEq)]
pub struct RuleSummary {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: rampart_model::Severity,
    pub category: rampart_model::Category,
    pub provider: Provider,
    pub resource_kinds: &'static [&'static str],
    pub aliases: &'static [&'static str],
    pub references: &'static [&'static str],
    /// Whether `rampart fix` can remediate it automatically.
    pub automatic_fix: bool,
    /// Whether it runs on a live account (`rampart scan aws`): a resource kind it checks is
    /// one the live collectors read.
    pub runs_live: bool,
    /// Controls, across all frameworks, that this rule evidences.
    pub compliance: Vec<ControlSummary>,
}

impl RuleSummary {
    pub fn of(rule: &'static Rule) -> RuleSummary {
        RuleSummary {
            id: rule.id,
            title: rule.title,
            severity: rule.severity,
            category: rule.category,
            provider: rule.provider,
            resource_kinds: rule.kinds,
            aliases: rule.aliases,
            references: rule.references,
            automatic_fix: rule.fix.is_some(),
            runs_live: rule.kinds.iter().any(|k| live_kinds().contains(k)),
            compliance: rampart_compliance::controls_for_rule(rule.id)
                .into_iter()
                .map(|c| ControlSummary {
                    framework: c.framework,
                    control: c.control,
                })
                .collect(),
        }
    }
}

/// The resource kinds the live collectors of this build read.
fn live_kinds() -> &'static [&'static str] {
    #[cfg(feature = "aws")]
    {
        static KINDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        KINDS.get_or_init(rampart_cloud::aws::collected_kinds)
    }
    #[cfg(not(feature = "aws"))]
    {
        &[]
    }
}

const PROVIDERS: [Provider; 5] = [
    Provider::Aws,
    Provider::Azure,
    Provider::Gcp,
    Provider::Kubernetes,
    Provider::Custom,
];

pub fn run(args: &RulesArgs) -> anyhow::Result<ExitStatus> {
    let provider = match &args.provider {
        None => None,
        Some(name) => match PROVIDERS
            .iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
        {
            Some(p) => Some(*p),
            None => {
                bail!("unknown provider `{name}`; use one of aws, azure, gcp, kubernetes, custom")
            }
        },
    };
    // the same registry `scan` builds, with no scan path: explicit folders and ./.rampart/rules
    let (registry, rule_errors) = registry_for(&LoadArgs {
        paths: Vec::new(),
        rules_dirs: args.rules_dirs.clone(),
        ..LoadArgs::default()
    });
    let mut rules: Vec<RuleSummary> = registry
        .rules()
        .iter()
        .copied()
        .filter(|r| provider.is_none_or(|p| r.provider == p))
        .map(RuleSummary::of)
        .collect();
    rules.sort_by_key(|r| r.id);
    let mut out = Vec::new();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rules)?;
            out.push(b'\n');
        }
        ListFormat::Text => write_table(&mut out, &rules)?,
    }
    let kind = match args.format {
        ListFormat::Json => rampart_report::OutputKind::Json,
        ListFormat::Text => rampart_report::OutputKind::Text,
    };
    crate::output::stdout(&out, kind);
    let mut status = ExitStatus::Clean;
    for error in &rule_errors {
        crate::output::note(format!(
            "{}: {error}",
            if error.is_error() { "error" } else { "warning" }
        ));
        if error.is_error() {
            status = ExitStatus::Error;
        }
    }
    Ok(status)
}

fn write_table(out: &mut Vec<u8>, rules: &[RuleSummary]) -> std::io::Result<()> {
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    writeln!(
        out,
        "{:id_width$}  {:8}  {:12}  {:3}  {:4}  TITLE",
        "ID", "SEVERITY", "CATEGORY", "FIX", "LIVE"
    )?;
    for r in rules {
        writeln!(
            out,
            "{:id_width$}  {:8}  {:12}  {:3}  {:4}  {}",
            r.id,
            r.severity.as_str(),
            r.category.as_str(),
            if r.automatic_fix { "yes" } else { "no" },
            if r.runs_live { "yes" } else { "no" },
            r.title
        )?;
        if !r.aliases.is_empty() {
            writeln!(out, "{:id_width$}  also: {}", "", r.aliases.join(", "))?;
        }
        if !r.compliance.is_empty() {
            let controls: Vec<String> = r
                .compliance
                .iter()
                .map(|c| format!("{}:{}", c.framework, c.control))
                .collect();
            writeln!(out, "{:id_width$}  controls: {}", "", controls.join(", "))?;
        }
    }
    let live = rules.iter().filter(|r| r.runs_live).count();
    writeln!(
        out,
        "\n{live} of these run on live AWS accounts (`rampart scan aws`)\n{} rules",
        rules.len()
    )
}
