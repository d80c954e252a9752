//! `rampart explain RULE_ID`: a rule's metadata, rationale and remediation, found by id or by
//! any alias (`CKV_AWS_3`, `AVD-AWS-0026`). Prints only what the registry holds.

use super::ExitStatus;
use crate::cli::ExplainArgs;
use anyhow::bail;
use rampart_rules::{Registry, Rule};
use std::io::Write;

pub fn run(args: &ExplainArgs) -> anyhow::Result<ExitStatus> {
    let registry = Registry::default();
    let Some(rule) = registry.find(&args.rule) else {
        bail!(
            "unknown rule `{}`; `rampart rules` lists the ids and aliases",
            args.rule
        );
    };
    let mut out = Vec::new();
    write_rule(&mut out, rule)?;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&out).and_then(|()| stdout.flush());
    Ok(ExitStatus::Clean)
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
