//! `rampart explain RULE_ID | FINDING`: a rule's metadata, rationale and remediation (found by
//! id or any alias: `CKV_AWS_3`, `AVD-AWS-0026`), or one finding — given by its id from `scan
//! --format json` or as `FILE:LINE` — explained in context: what is wrong, why it matters, the
//! attack it enables on this resource, the blast radius, and the verified remediation in every
//! target with its safety verdict. The work is in `rampart_fix::explain`; this module finds
//! what the person means and prints it. At a `FILE:LINE` with no finding, the checks left
//! undecided there by an unknown value are explained instead: which value, and where it comes
//! from.

use super::ExitStatus;
use crate::cli::{ExplainArgs, ListFormat};
use crate::settings::LoadPlan;
use anyhow::bail;
use rampart_fix::explain::{Explanation, explain, find};
use rampart_fix::verify::Workspace;
use rampart_model::Undecided;
use rampart_rules::{EngineOptions, Rule, run_rules_reporting_undecided};
use std::io::Write;
use std::path::PathBuf;

pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitStatus> {
    // built-in and user-defined rules, exactly as `scan` sees them
    let (registry, rule_errors) = crate::settings::registry_for(&args.load);
    if let Some(e) = rule_errors.first() {
        bail!("{e}");
    }
    let mut out = Vec::new();
    if let Some(rule) = registry.find(&args.rule) {
        match args.format {
            ListFormat::Text => write_rule(&mut out, rule)?,
            ListFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &rule_json(rule))?;
                out.push(b'\n');
            }
        }
        emit(&out, args.format);
        return Ok(ExitStatus::Clean);
    }
    let is_place = args
        .rule
        .rsplit_once(':')
        .is_some_and(|(_, line)| line.parse::<u32>().is_ok());
    let is_finding_id = args.rule.len() >= 6 && args.rule.chars().all(|c| c.is_ascii_hexdigit());
    if !is_place && !is_finding_id {
        bail!(
            "unknown rule `{}`; `rampart rules` lists the ids and aliases (a finding is named by its id from `scan --format json` or by FILE:LINE)",
            args.rule
        );
    }
    let mut load = args.load.clone();
    if let Some((file, _)) = args.rule.rsplit_once(':')
        && load.paths == [PathBuf::from(".")]
    {
        // a finding named by FILE:LINE is looked up in its own folder, with its neighbours
        let file = PathBuf::from(file);
        if !file.is_file() {
            bail!(
                "`{}` is not a file; give FILE:LINE of a finding",
                file.display()
            );
        }
        load.paths = vec![folder_of(&file)];
    }
    let plan = LoadPlan::resolve(&load, &registry)?;
    let rules: Vec<&'static Rule> = registry
        .rules()
        .iter()
        .copied()
        .filter(|r| !plan.engine.skip_rules.contains(r.id))
        .collect();
    let engine = EngineOptions {
        skip_rules: plan.engine.skip_rules.clone(),
        ..EngineOptions::default()
    };
    let ws = Workspace::load(&plan.paths, &plan.load, rules, engine);
    crate::output::learn_secrets(&ws.loaded.inventory, &ws.findings);
    let found = match find(&ws, &args.rule) {
        Ok(found) => found,
        Err(e) => {
            let undecided = undecided_at(&ws, &args.rule);
            if undecided.is_empty() {
                bail!(e);
            }
            write_undecided(&mut out, &undecided, args.format)?;
            emit(&out, args.format);
            return Ok(ExitStatus::Clean);
        }
    };
    let explanations: Vec<Explanation> = found.into_iter().map(|f| explain(&ws, f)).collect();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &explanations)?;
            out.push(b'\n');
        }
        ListFormat::Text => {
            for (i, e) in explanations.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n{}\n", "-".repeat(72))?;
                }
                write_explanation(&mut out, e)?;
            }
        }
    }
    emit(&out, args.format);
    Ok(ExitStatus::Clean)
}

/// The checks left undecided at `FILE:LINE`: on a resource of that file whose block or unknown
/// attribute covers the line. Empty for a query that is not a place.
fn undecided_at(ws: &Workspace, query: &str) -> Vec<Undecided> {
    let Some((file, line)) = query
        .rsplit_once(':')
        .and_then(|(f, l)| Some((f, l.parse::<u32>().ok()?)))
    else {
        return Vec::new();
    };
    let wanted = std::path::Path::new(file).canonicalize().ok();
    let same_file = |path: &str| {
        path == file
            || (wanted.is_some() && std::path::Path::new(path).canonicalize().ok() == wanted)
    };
    let covers =
        |s: &rampart_model::Span| s.start.line <= line && line <= s.end.line.max(s.start.line);
    let run = run_rules_reporting_undecided(ws.inventory(), &ws.rules, &ws.engine);
    run.undecided
        .into_iter()
        .filter(|u| {
            let block = ws
                .inventory()
                .by_address(&u.address)
                .and_then(|r| r.resource().origin.span().cloned());
            u.location
                .iter()
                .chain(block.iter())
                .any(|s| same_file(&s.file) && covers(s))
        })
        .collect()
}

fn write_undecided(
    out: &mut Vec<u8>,
    undecided: &[Undecided],
    format: ListFormat,
) -> std::io::Result<()> {
    if format == ListFormat::Json {
        serde_json::to_writer_pretty(&mut *out, undecided)?;
        out.push(b'\n');
        return Ok(());
    }
    for (i, u) in undecided.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "undecided: {} on {}", u.rule_id, u.address)?;
        if let Some(span) = &u.location {
            writeln!(out, "  at {}:{}", span.file, span.start.line)?;
        }
        writeln!(out, "  why: {}", u.reason())?;
        if !u.also_unknown.is_empty() {
            writeln!(out, "  also unknown: {}", u.also_unknown.join(", "))?;
        }
        writeln!(
            out,
            "  The rule reports nothing here because it cannot decide. {}",
            u.how_to_decide()
        )?;
    }
    Ok(())
}

/// The folder to load for a finding in `file`: its own folder, or the folder holding the
/// `modules/` folder it sits in, so a module is evaluated as its root module calls it.
fn folder_of(file: &std::path::Path) -> PathBuf {
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut root = parent.clone();
    for ancestor in parent.ancestors() {
        if ancestor.file_name().is_some_and(|n| n == "modules") {
            root = ancestor
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
        }
    }
    root
}

fn emit(out: &[u8], format: ListFormat) {
    let kind = match format {
        ListFormat::Json => rampart_report::OutputKind::Json,
        ListFormat::Text => rampart_report::OutputKind::Text,
    };
    crate::output::stdout(out, kind);
}

fn rule_json(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": rule.id,
        "title": rule.title,
        "severity": rule.severity.to_string(),
        "category": rule.category.as_str(),
        "provider": rule.provider.as_str(),
        "resources": rule.kinds,
        "aliases": rule.aliases,
        "rationale": rule.rationale.trim(),
        "remediation": rule.remediation.trim(),
        "automatic_fix": rule.fix.is_some(),
        "references": rule.references,
    })
}

pub fn write_rule(out: &mut Vec<u8>, rule: &Rule) -> std::io::Result<()> {
    writeln!(out, "{}: {}", rule.id, rule.title)?;
    writeln!(
        out,
        "severity: {}  category: {}  provider: {}",
        rule.severity,
        rule.category.as_str(),
        rule.provider.as_str()
    )?;
    writeln!(out, "resources: {}", rule.kinds.join(", "))?;
    if !rule.aliases.is_empty() {
        writeln!(out, "aliases: {}", rule.aliases.join(", "))?;
    }
    writeln!(out, "\nWhy it matters\n{}", rule.rationale.trim())?;
    writeln!(out, "\nHow to fix\n{}", rule.remediation.trim())?;
    writeln!(
        out,
        "\nautomatic fix: {}",
        if rule.fix.is_some() {
            "yes (`rampart fix`)"
        } else {
            "no, it needs a human decision"
        }
    )?;
    if !rule.references.is_empty() {
        writeln!(out, "\nReferences")?;
        for reference in rule.references {
            writeln!(out, "- {reference}")?;
        }
    }
    Ok(())
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{by}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One finding explained, for a person reading a terminal.
pub fn write_explanation(out: &mut Vec<u8>, e: &Explanation) -> std::io::Result<()> {
    let f = &e.finding;
    writeln!(
        out,
        "{}: {}  [{}, {}]",
        f.rule_id,
        f.title,
        f.severity,
        f.category.as_str()
    )?;
    let place = f
        .location
        .as_ref()
        .map(|s| format!("{}:{}", s.file, s.start.line))
        .unwrap_or_else(|| "(no file)".into());
    writeln!(out, "{place}  {}  (finding {})", f.address, f.id)?;
    if let Some(s) = &f.suppressed {
        writeln!(out, "suppressed by {:?}", s.by)?;
    }
    writeln!(out, "\nWhat is wrong\n{}", indent(&f.message, "  "))?;
    if !e.rule.rationale.is_empty() {
        writeln!(out, "\nWhy it matters\n{}", indent(&e.rule.rationale, "  "))?;
    }
    writeln!(out, "\nThe attack here\n{}", indent(&e.attack, "  "))?;
    writeln!(out, "\nBlast radius")?;
    if e.blast_radius.is_empty() {
        writeln!(out, "  no related resources in the scanned code")?;
    }
    for r in &e.blast_radius {
        writeln!(out, "  - {} {}", r.address, r.relation)?;
    }
    let Some(rem) = &e.remediation else {
        writeln!(
            out,
            "\nRemediation (no automatic fix: it needs a human decision)\n{}",
            indent(&e.rule.remediation, "  ")
        )?;
        return Ok(());
    };
    writeln!(out, "\nRemediation: {}", rem.summary)?;
    match &rem.applicability {
        rampart_model::Applicability::Safe => writeln!(out, "  applicability: safe")?,
        rampart_model::Applicability::Unsafe(why) => {
            writeln!(out, "  applicability: unsafe ({why})")?
        }
    }
    match &rem.verified {
        rampart_fix::Verification::Verified => writeln!(
            out,
            "  verification: verified (re-loaded and re-checked with every rule)"
        )?,
        rampart_fix::Verification::Unverified { reason } => {
            writeln!(out, "  verification: unverified: {reason}")?
        }
    }
    let blocking: Vec<String> = rem
        .safety
        .facts
        .iter()
        .filter(|fact| fact.holds && fact.blocks_auto_apply)
        .map(|fact| format!("{} ({})", fact.fact, fact.detail))
        .collect();
    if rem.safety.auto_apply {
        writeln!(out, "  auto-apply: yes (`rampart fix` applies it)")?;
    } else {
        writeln!(
            out,
            "  auto-apply: no: {} (`rampart fix --unsafe` applies it if verified)",
            blocking.join("; ")
        )?;
    }
    for (label, target) in [
        ("Terraform", &rem.targets.terraform),
        ("CloudFormation", &rem.targets.cloudformation),
        ("ARM template", &rem.targets.arm),
    ] {
        if let Some(t) = target {
            writeln!(out, "\n  {label}\n{}", indent(&t.diff, "    "))?;
        }
    }
    if !rem.targets.cli.is_empty() {
        writeln!(out, "\n  AWS CLI")?;
        for step in &rem.targets.cli {
            writeln!(out, "    $ {}", step.command)?;
            writeln!(out, "    read back: $ {}", step.read_back)?;
        }
    }
    if !rem.targets.console.is_empty() {
        writeln!(out, "\n  Console")?;
        for (i, step) in rem.targets.console.iter().enumerate() {
            writeln!(out, "    {}. {step}", i + 1)?;
        }
    }
    for (label, snippet) in [
        ("boto3", &rem.targets.boto3),
        ("Pulumi (Python)", &rem.targets.pulumi),
    ] {
        if let Some(code) = snippet {
            writeln!(out, "\n  {label}\n{}", indent(code, "    "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_module_file_is_loaded_from_its_root_module() {
        assert_eq!(
            folder_of(Path::new("infra/modules/site/main.tf")),
            PathBuf::from("infra")
        );
        assert_eq!(
            folder_of(Path::new("infra/main.tf")),
            PathBuf::from("infra")
        );
        assert_eq!(folder_of(Path::new("main.tf")), PathBuf::from("."));
        assert_eq!(
            folder_of(Path::new("modules/x/main.tf")),
            PathBuf::from(".")
        );
    }
}
