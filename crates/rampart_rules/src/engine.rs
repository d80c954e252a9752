//! Runs rules over an inventory, in parallel, and turns hits into findings: resolves spans,
//! applies suppressions (comments, config, baseline) and orders the result deterministically.
//! Suppressed findings are kept and marked, never dropped.

use crate::rule::{Hit, Rule};
use rampart_ingest::vocabulary;
use rampart_model::finding::stable_hash;
use rampart_model::{
    Category, Finding, Inventory, ResourceRef, Severity, Suppressed, SuppressedBy, Undecided,
};
use rayon::prelude::*;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub struct EngineOptions {
    /// Rule ids or aliases not to run at all.
    pub skip_rules: HashSet<String>,
    /// Rule ids or aliases that are the only ones to run, when not empty.
    pub only_rules: HashSet<String>,
    /// Severity per rule id or alias.
    pub severity_overrides: HashMap<String, Severity>,
    /// Fingerprints accepted by a baseline.
    pub baseline: HashSet<String>,
}

impl EngineOptions {
    fn selected(&self, rule: &Rule) -> bool {
        let named = |set: &HashSet<String>| set.iter().any(|n| rule.answers_to(n));
        (self.only_rules.is_empty() || named(&self.only_rules)) && !named(&self.skip_rules)
    }
    fn severity(&self, rule: &Rule) -> Severity {
        self.severity_overrides
            .iter()
            .find(|(name, _)| rule.answers_to(name))
            .map(|(_, s)| *s)
            .unwrap_or(rule.severity)
    }
}

/// Checks every resource against the rules that look at its kind.
pub fn run_rules(inventory: &Inventory, rules: &[&Rule], options: &EngineOptions) -> Vec<Finding> {
    run(inventory, rules, options, false).findings
}

/// What a scan decided, and what it could not.
#[derive(Clone, Debug, Default)]
pub struct RuleRun {
    pub findings: Vec<Finding>,
    /// Checks that reported nothing after reading an Unknown value of the resource, ordered
    /// by file, line, rule and address.
    pub undecided: Vec<Undecided>,
}

/// [`run_rules`], also reporting the checks left undecided (see [`rampart_model::undecided`]).
pub fn run_rules_reporting_undecided(
    inventory: &Inventory,
    rules: &[&Rule],
    options: &EngineOptions,
) -> RuleRun {
    run(inventory, rules, options, true)
}

// a finding is the common outcome and moves straight into the run's list: boxing it would
// add an allocation per finding to save a few bytes on the rare undecided one
#[allow(clippy::large_enum_variant)]
enum Outcome {
    Found(Finding),
    Undecided(Undecided),
}

fn run(inventory: &Inventory, rules: &[&Rule], options: &EngineOptions, record: bool) -> RuleRun {
    let mut by_kind: HashMap<&str, Vec<&Rule>> = HashMap::new();
    for rule in rules.iter().copied().filter(|r| options.selected(r)) {
        for kind in rule.kinds {
            by_kind.entry(kind).or_default().push(rule);
        }
    }
    let outcomes: Vec<Outcome> = (0..inventory.len())
        .into_par_iter()
        .with_min_len(64)
        .flat_map_iter(|id| {
            let mut out = Vec::new();
            let Some(subject) = inventory.resource_ref(id) else {
                return out;
            };
            let specific = by_kind
                .get(subject.kind.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let any_kind = by_kind.get("*").map(Vec::as_slice).unwrap_or(&[]);
            for rule in specific.iter().chain(any_kind) {
                // the rules of one resource run one after the other on this thread, so the
                // thread-local recorder sees exactly this rule's reads
                if record {
                    rampart_model::undecided::start();
                }
                let hits = rule.check(subject);
                let reads = if record {
                    rampart_model::undecided::finish()
                } else {
                    Vec::new()
                };
                if hits.is_empty()
                    && let Some(u) = undecided(rule, subject, reads)
                {
                    out.push(Outcome::Undecided(u));
                }
                for hit in hits {
                    out.push(Outcome::Found(to_finding(rule, subject, hit, options)));
                }
            }
            out
        })
        .collect();
    let mut findings = Vec::new();
    let mut undecided = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Found(f) => findings.push(f),
            Outcome::Undecided(u) => undecided.push(u),
        }
    }
    in_report_order(findings, undecided)
}

/// The runs of separate inventories (the units of a streamed scan) as one run, in the order
/// and with the de-duplication of a single run.
pub fn merge_runs(runs: impl IntoIterator<Item = RuleRun>) -> RuleRun {
    let mut findings = Vec::new();
    let mut undecided = Vec::new();
    for run in runs {
        findings.extend(run.findings);
        undecided.extend(run.undecided);
    }
    in_report_order(findings, undecided)
}

fn in_report_order(mut findings: Vec<Finding>, mut undecided: Vec<Undecided>) -> RuleRun {
    findings.par_sort_by(finding_order);
    // the same finding twice (a module shared by two roots reports its resource in each);
    // the fingerprint leaves out the file, so two resources of one address in different
    // files (two roots, each with its `aws_s3_bucket.b`) that happen to sort side by side are
    // two findings, not one
    findings.dedup_by(|a, b| a.id == b.id && a.file() == b.file());
    undecided.sort_by(|a, b| {
        let key = |u: &Undecided| {
            (
                u.location.as_ref().map(|s| (s.file.clone(), s.start.line)),
                u.rule_id.clone(),
                u.address.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    RuleRun {
        findings,
        undecided,
    }
}

/// The undecided check for `rule` on `subject`, when it read Unknown values; a check the
/// resource's comments suppress is not reported, as its findings would not be either.
fn undecided(
    rule: &Rule,
    subject: ResourceRef<'_>,
    reads: Vec<rampart_model::undecided::UnknownRead>,
) -> Option<Undecided> {
    let mut reads = reads.into_iter();
    let first = reads.next()?;
    // secrets rules look for values written in the code: an unknown value (`password =
    // var.db_password`, the recommended pattern) is not, so they are decided by it
    if rule.category == Category::Secrets || comment_suppression(rule, subject).is_some() {
        return None;
    }
    let resource = subject.resource();
    let shown = |path: &str| vocabulary::nearest_source_path(resource, path).unwrap_or(path.into());
    Some(Undecided {
        rule_id: rule.id.to_string(),
        address: resource.address.clone(),
        resource_kind: vocabulary::source_kind(resource).to_string(),
        location: resource
            .span_of(&first.path)
            .or(resource.origin.span())
            .cloned(),
        attribute: shown(&first.path),
        refers_to: first.refers_to.map(|r| r.to_string()),
        because: first.because.map(|b| b.to_string()),
        also_unknown: reads.map(|r| shown(&r.path)).collect(),
        from_template: resource.is_from_template(),
    })
}

/// The order of [`Finding::sort_key`]; spans of one file share its path, so most comparisons
/// skip comparing the (long, common-prefixed) file names.
fn finding_order(a: &Finding, b: &Finding) -> Ordering {
    match (&a.location, &b.location) {
        (Some(x), Some(y)) if Arc::ptr_eq(&x.file, &y.file) => {
            let (_, line_a, column_a, rule_a, address_a, attribute_a) = a.sort_key();
            let (_, line_b, column_b, rule_b, address_b, attribute_b) = b.sort_key();
            (line_a, column_a, rule_a, address_a, attribute_a).cmp(&(
                line_b,
                column_b,
                rule_b,
                address_b,
                attribute_b,
            ))
        }
        _ => a.sort_key().cmp(&b.sort_key()),
    }
}

fn to_finding(rule: &Rule, subject: ResourceRef<'_>, hit: Hit, options: &EngineOptions) -> Finding {
    let resource = subject.resource();
    let location = match &hit.attribute {
        Some(path) => resource.span_of(path).cloned(),
        None => resource.origin.span().cloned(),
    };
    let id = stable_hash(&[
        rule.id,
        &resource.address,
        hit.attribute.as_deref().unwrap_or(""),
    ]);
    let suppressed = comment_suppression(rule, subject).or_else(|| {
        options.baseline.contains(&id).then(|| Suppressed {
            by: SuppressedBy::Baseline,
            reason: Some("in baseline".into()),
        })
    });
    // findings speak the source's vocabulary (DESIGN.md): every name a message writes in
    // backticks, and the attribute and kind, as the template or manifest writes them
    let message = vocabulary::speak_source(resource, hit.attribute.as_deref(), &hit.message);
    let attribute = hit.attribute.as_deref().map(|path| {
        vocabulary::nearest_source_path(resource, path).unwrap_or_else(|| path.to_string())
    });
    let model_kind = registry_kind(rule, &resource.kind);
    let resource_kind = match vocabulary::source_kind(resource) {
        same if same == resource.kind => model_kind.clone(),
        other => Cow::Owned(other.to_string()),
    };
    Finding {
        id,
        rule_id: Cow::Borrowed(rule.id),
        title: Cow::Borrowed(rule.title),
        severity: options.severity(rule),
        category: rule.category,
        message,
        address: resource.address.clone(),
        resource_kind,
        model_kind,
        attribute,
        model_attribute: hit.attribute,
        location,
        suppressed,
        live: live_location(resource),
        attack_path: None,
    }
}

/// `kind` borrowed from the rule's own list when it is there (it is, unless the rule reads
/// every kind), so millions of findings do not each own a copy.
fn registry_kind(rule: &Rule, kind: &str) -> Cow<'static, str> {
    match rule.kinds.iter().find(|k| **k == kind) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(kind.to_string()),
    }
}

/// A live resource's cloud identity, carried into its findings (ARN and console page).
fn live_location(resource: &rampart_model::Resource) -> Option<rampart_model::LiveLocation> {
    match &resource.origin {
        rampart_model::Origin::Live {
            provider,
            account,
            region,
            id,
        } => Some(rampart_model::LiveLocation {
            provider: provider.clone(),
            account: account.clone(),
            region: region.clone(),
            id: id.clone(),
            // the collector's page when it knows one, else the page the origin implies
            console_url: resource
                .console_url
                .clone()
                .or_else(|| resource.origin.console_url()),
        }),
        rampart_model::Origin::Code { .. } => None,
    }
}

fn comment_suppression(rule: &Rule, subject: ResourceRef<'_>) -> Option<Suppressed> {
    subject
        .suppressions
        .iter()
        .find(|s| s.rule == "*" || s.rule.eq_ignore_ascii_case("all") || rule.answers_to(&s.rule))
        .map(|s| Suppressed {
            by: SuppressedBy::Comment,
            reason: s.reason.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Position, Span};

    fn finding(file: &Arc<str>, line: u32, rule: &str) -> Finding {
        let at = Position { line, column: 1 };
        Finding {
            id: format!("{rule}{line}"),
            rule_id: rule.to_string().into(),
            title: "t".into(),
            severity: Severity::Low,
            category: Category::Data,
            message: "m".into(),
            address: "a.b".into(),
            resource_kind: "a".into(),
            model_kind: "a".into(),
            attribute: None,
            model_attribute: None,
            location: Some(Span {
                file: file.clone(),
                start_byte: 0,
                end_byte: 0,
                start: at,
                end: at,
            }),
            suppressed: None,
            live: None,
            attack_path: None,
        }
    }

    #[test]
    fn finding_order_is_the_sort_key_order_whether_or_not_paths_are_shared() {
        let a: Arc<str> = Arc::from("dir/a.tf");
        let a_again: Arc<str> = Arc::from("dir/a.tf");
        let b: Arc<str> = Arc::from("dir/b.tf");
        let findings = [
            finding(&b, 1, "R1"),
            finding(&a, 9, "R1"),
            finding(&a_again, 9, "R0"),
            finding(&a, 2, "R2"),
            finding(&b, 1, "R0"),
        ];
        for x in &findings {
            for y in &findings {
                assert_eq!(finding_order(x, y), x.sort_key().cmp(&y.sort_key()));
            }
        }
    }
}
