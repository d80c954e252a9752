//! User-defined rules: a small declarative YAML format (documented in `docs/custom-rules.md`)
//! loaded from `.rampart/rules/*.yaml` and compiled into ordinary [`Rule`]s with
//! [`Checker::Dynamic`], so the same engine runs them and every output format shows them like
//! built-in rules.
//!
//! A rule states what a *violation* looks like (`violation_when:`) and reports only when that
//! condition is definitely true: a test on an Unknown value is Unknown, never a finding.
//! Must never: panic on a bad rule file (it becomes a [`LoadError`] at file:line and the other
//! rules still run), let a user rule take a built-in rule's id or alias, or do I/O while
//! checking (only [`files`] reads rule files, before any check runs).

mod decode;
pub mod eval;
pub mod files;
pub mod path;
pub mod spec;

pub use decode::parse_rule_file;
pub use files::{RULES_DIR, load_rule_dirs, registry_with_custom_rules, rule_dirs_for};
pub use spec::{Condition, Operator, Quantifier, RuleSpec};

use crate::rule::{Checker, FixSupport, Hit, Provider, Rule};
use rampart_model::{LoadError, ResourceRef};
use std::sync::Arc;

/// Rules that compiled, and errors for those that did not (reported like input errors).
#[derive(Debug, Default)]
pub struct CustomRules {
    pub rules: Vec<&'static Rule>,
    pub errors: Vec<LoadError>,
}

/// Turns a decoded rule into a registry rule. The strings are leaked on purpose: a `Rule`
/// holds `&'static str`s, and user rules, like built-in ones, live until the process ends
/// (a handful of short strings per rule, loaded once).
pub fn compile(spec: RuleSpec) -> &'static Rule {
    let check = CompiledCheck {
        id: spec.id.clone(),
        title: spec.title.clone(),
        message: spec.message.clone(),
        attribute: spec.attribute.clone(),
        condition: spec.violation_when,
    };
    let rationale = if spec.rationale.trim().is_empty() {
        format!("User-defined rule from `{}`.", spec.file)
    } else {
        spec.rationale
    };
    let rule = Rule {
        id: leak(spec.id),
        title: leak(spec.title),
        severity: spec.severity,
        category: spec.category,
        provider: Provider::Custom,
        kinds: leak_all(spec.resource_kinds),
        rationale: leak(rationale),
        remediation: leak(spec.remediation),
        references: leak_all(spec.references),
        aliases: leak_all(spec.aliases),
        check: Checker::Dynamic(Arc::new(move |subject| check.hits(subject))),
        fix: None,
        fix_support: FixSupport::None,
    };
    Box::leak(Box::new(rule))
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

fn leak_all(texts: Vec<String>) -> &'static [&'static str] {
    Vec::leak(texts.into_iter().map(leak).collect())
}

struct CompiledCheck {
    id: String,
    title: String,
    message: Option<String>,
    attribute: Option<String>,
    condition: Condition,
}

impl CompiledCheck {
    fn hits(&self, subject: ResourceRef<'_>) -> Vec<Hit> {
        if !eval::evaluate(&self.condition, subject).is_true() {
            return Vec::new();
        }
        let message = match &self.message {
            Some(template) => template
                .replace("{address}", &subject.address)
                .replace("{kind}", &subject.kind)
                .replace("{name}", &subject.name)
                .replace("{id}", &self.id),
            None => format!("{}: `{}`", self.title, subject.address),
        };
        vec![Hit {
            attribute: self.attribute.clone(),
            message,
        }]
    }
}
