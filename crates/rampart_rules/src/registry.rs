//! The registry: every rule in one list. Docs, `rampart rules`, SARIF metadata and compliance
//! reports are all generated from it.

use crate::rule::Rule;

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// The built-in rules sorted by id.
pub fn builtin_rules() -> Vec<&'static Rule> {
    let mut rules: Vec<&'static Rule> = BUILTIN.to_vec();
    rules.sort_by_key(|r| r.id);
    rules
}

/// Built-in plus user rules, looked up by id or alias.
pub struct Registry {
    rules: Vec<&'static Rule>,
}

impl Default for Registry {
    fn default() -> Self {
        Registry {
            rules: builtin_rules(),
        }
    }
}

impl Registry {
    pub fn with_rules(mut rules: Vec<&'static Rule>) -> Self {
        rules.sort_by_key(|r| r.id);
        Registry { rules }
    }
    /// Adds rules (user-defined ones live for the whole process).
    pub fn add(&mut self, more: Vec<&'static Rule>) {
        self.rules.extend(more);
        self.rules.sort_by_key(|r| r.id);
    }
    pub fn rules(&self) -> &[&'static Rule] {
        &self.rules
    }
    /// By id or alias.
    pub fn find(&self, name: &str) -> Option<&'static Rule> {
        self.rules
            .iter()
            .copied()
            .find(|r| r.id.eq_ignore_ascii_case(name.trim()))
            .or_else(|| self.rules.iter().copied().find(|r| r.answers_to(name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_aliases_are_unique() {
        let mut seen = HashSet::new();
        for rule in builtin_rules() {
            assert!(
                seen.insert(rule.id.to_ascii_uppercase()),
                "duplicate rule id {}",
                rule.id
            );
            assert!(
                !rule.kinds.is_empty(),
                "{} looks at no resource kind",
                rule.id
            );
            assert!(
                !rule.title.is_empty() && !rule.rationale.is_empty(),
                "{} lacks docs",
                rule.id
            );
        }
    }
}
