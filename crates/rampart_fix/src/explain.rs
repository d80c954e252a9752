//! One finding explained: what is wrong, why it matters (the rule's rationale), the attack it
//! enables on this resource with its real identifiers, the blast radius from the relations the
//! model knows, and the remediation block in every target with its verification and safety
//! verdicts. Serialisable: `rampart explain --format json` prints it.
//!
//! Also finds the finding a person means: by id (or a unique prefix of one) or by `file:line`.
//! Never runs a fix; the remediation is verified exactly as `rampart fix` would.

use crate::attack::{self, Related};
use crate::remediation::{Remediation, remediate};
use crate::verify::Workspace;
use rampart_model::Finding;
use serde::Serialize;
use std::path::Path;

#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    pub finding: Finding,
    pub rule: RuleSummary,
    /// What an attacker can do here, with the resource's real identifiers.
    pub attack: String,
    pub blast_radius: Vec<Related>,
    /// `None` when the rule has no machine fix for this finding.
    pub remediation: Option<Remediation>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleSummary {
    pub id: String,
    pub title: String,
    pub rationale: String,
    /// The rule's own remediation text (what a person should do).
    pub remediation: String,
    pub references: Vec<String>,
}

/// Explains one finding of the workspace.
pub fn explain(ws: &Workspace, finding: &Finding) -> Explanation {
    let rule = ws.rules.iter().find(|r| r.id == finding.rule_id);
    Explanation {
        finding: finding.clone(),
        rule: RuleSummary {
            id: finding.rule_id.to_string(),
            title: finding.title.to_string(),
            rationale: rule
                .map(|r| r.rationale.trim().to_string())
                .unwrap_or_default(),
            remediation: rule
                .map(|r| r.remediation.trim().to_string())
                .unwrap_or_default(),
            references: rule
                .map(|r| r.references.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
        },
        attack: attack::narrative(ws.inventory(), finding),
        blast_radius: attack::blast_radius(ws.inventory(), &finding.address),
        remediation: remediate(ws, finding),
    }
}

/// The findings a query names: a finding id or a unique prefix of one (at least 6
/// characters), or `file:line` (every finding whose resource or attribute span covers that
/// line, the most precise first). Errors say what was not found and how to list findings.
pub fn find<'w>(ws: &'w Workspace, query: &str) -> Result<Vec<&'w Finding>, String> {
    if let Some((file, line)) = query.rsplit_once(':')
        && let Ok(line) = line.parse::<u32>()
    {
        let mut hits: Vec<(u32, &Finding)> = ws
            .findings
            .iter()
            .filter(|f| same_file(f, ws, file))
            .filter_map(|f| covering_span(ws, f, line).map(|width| (width, f)))
            .collect();
        if hits.is_empty() {
            return Err(format!(
                "no finding at {file}:{line}; `rampart scan {}` lists the findings and their lines",
                Path::new(file)
                    .parent()
                    .map(|p| p.display().to_string())
                    .filter(|p| !p.is_empty())
                    .unwrap_or_else(|| ".".into())
            ));
        }
        hits.sort_by_key(|(width, f)| (*width, f.rule_id.clone()));
        return Ok(hits.into_iter().map(|(_, f)| f).collect());
    }
    let exact: Vec<&Finding> = ws.findings.iter().filter(|f| f.id == query).collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    let prefixed: Vec<&Finding> = ws
        .findings
        .iter()
        .filter(|f| query.len() >= 6 && f.id.starts_with(query))
        .collect();
    match prefixed.len() {
        1 => Ok(prefixed),
        0 => Err(format!(
            "no finding with id `{query}`; ids are in `rampart scan --format json` (`findings[].id`)"
        )),
        n => Err(format!(
            "`{query}` starts {n} finding ids; give more of the id"
        )),
    }
}

fn same_file(f: &Finding, ws: &Workspace, file: &str) -> bool {
    let Some(location) = f.location.as_ref().map(|l| l.file.to_string()).or_else(|| {
        ws.inventory()
            .by_address(&f.address)
            .and_then(|r| r.resource().file().map(str::to_string))
    }) else {
        return false;
    };
    if location == file {
        return true;
    }
    match (
        Path::new(&location).canonicalize(),
        Path::new(file).canonicalize(),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// How many lines the narrowest span of the finding covering `line` has.
fn covering_span(ws: &Workspace, f: &Finding, line: u32) -> Option<u32> {
    let resource = ws.inventory().by_address(&f.address).map(|r| r.resource());
    let spans = f
        .location
        .iter()
        .chain(resource.and_then(|r| r.origin.span()));
    spans
        .filter(|s| s.start.line <= line && line <= s.end.line.max(s.start.line))
        .map(|s| s.end.line.max(s.start.line) - s.start.line)
        .min()
}
