//! Runs rules over an inventory, in parallel, and turns hits into findings: resolves spans,
//! applies suppressions (comments, config, baseline) and orders the result deterministically.
//! Suppressed findings are kept and marked, never dropped.

use crate::rule::{Hit, Rule};
use rampart_model::finding::stable_hash;
use rampart_model::{Finding, Inventory, ResourceRef, Severity, Suppressed, SuppressedBy};
use rayon::prelude::*;
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
    let mut by_kind: HashMap<&str, Vec<&Rule>> = HashMap::new();
    for rule in rules.iter().copied().filter(|r| options.selected(r)) {
        for kind in rule.kinds {
            by_kind.entry(kind).or_default().push(rule);
        }
    }
    let mut findings: Vec<Finding> = (0..inventory.len())
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
            {
                for rule in specific.iter().chain(any_kind) {
                    for hit in rule.check(subject) {
                        out.push(to_finding(rule, subject, hit, options));
                    }
                }
            }
            out
        })
        .collect();
    findings.par_sort_by(finding_order);
    findings.dedup_by(|a, b| a.id == b.id);
    findings
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
    Finding {
        id,
        rule_id: rule.id.to_string(),
        title: rule.title.to_string(),
        severity: options.severity(rule),
        category: rule.category,
        message: hit.message,
        address: resource.address.clone(),
        resource_kind: resource.kind.clone(),
        attribute: hit.attribute,
        location,
        suppressed,
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
    use rampart_model::{Category, Position, Span};

    fn finding(file: &Arc<str>, line: u32, rule: &str) -> Finding {
        let at = Position { line, column: 1 };
        Finding {
            id: format!("{rule}{line}"),
            rule_id: rule.into(),
            title: "t".into(),
            severity: Severity::Low,
            category: Category::Data,
            message: "m".into(),
            address: "a.b".into(),
            resource_kind: "a".into(),
            attribute: None,
            location: Some(Span {
                file: file.clone(),
                start_byte: 0,
                end_byte: 0,
                start: at,
                end: at,
            }),
            suppressed: None,
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
