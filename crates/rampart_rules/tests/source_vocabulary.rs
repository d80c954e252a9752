//! Findings on CloudFormation, Kubernetes and ARM resources speak the source's language: every
//! bad fixture in one of those formats is scanned with every rule, and no finding's message,
//! attribute or kind may name a Terraform-only thing — a provider kind (`aws_…`, `azurerm_…`,
//! `google_…`, `kubernetes_…`), a snake_case attribute path, Terraform itself, its state or
//! tfvars. The allow-list below is the documented exception, with the reason for each entry.

use rampart_ingest::{LoadOptions, load_paths};
use rampart_rules::{EngineOptions, builtin_rules, run_rules_reporting_undecided};
use std::path::{Path, PathBuf};

/// (rule id, text): a message part that may stay as it is, and why.
const ALLOWED: &[(&str, &str)] = &[];

fn template_fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            // Terraform JSON syntax is Terraform: its findings speak Terraform
            let template = [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
                && !name.ends_with(".tf.json");
            if name.starts_with("bad") && template && path.is_file() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What in `text` is Terraform's vocabulary, not the template's (`source`, the fixture's
/// text: a snake_case name the template itself writes, a key or a value, is its own).
fn terraform_words(text: &str, source: &str) -> Vec<String> {
    // `LoadBalancerAttributes[Key=routing.http2.enabled]`: the key is CloudFormation's value
    let mut text = text.to_string();
    while let Some(open) = text.find("[Key=") {
        let Some(close) = text[open..].find(']') else {
            break;
        };
        text.replace_range(open..open + close + 1, "[]");
    }
    let text = text.as_str();
    let mut found = Vec::new();
    for word in [
        "Terraform",
        "terraform",
        "tfvars",
        "state file",
        "Terraform state",
    ] {
        if text.contains(word) {
            found.push(word.to_string());
        }
    }
    for token in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
        let token = token.trim_matches('.');
        if ["aws_", "azurerm_", "google_", "kubernetes_"]
            .iter()
            .any(|p| token.starts_with(p))
        {
            found.push(token.to_string());
        } else if token.contains('_')
            && !token.split('.').all(|part| source.contains(part))
            && token
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            // a snake_case name: templates and manifests are CamelCase / camelCase
            found.push(token.to_string());
        }
    }
    found
}

#[test]
fn template_findings_name_nothing_terraform_only() {
    let rules = builtin_rules();
    let fixtures = template_fixtures();
    assert!(
        fixtures.len() > 100,
        "only {} template fixtures found",
        fixtures.len()
    );
    let mut failures = Vec::new();
    let mut findings_seen = 0;
    for path in &fixtures {
        let loaded = load_paths(std::slice::from_ref(path), &LoadOptions::default());
        let source = std::fs::read_to_string(path).unwrap_or_default();
        let run =
            run_rules_reporting_undecided(&loaded.inventory, &rules, &EngineOptions::default());
        for f in &run.findings {
            findings_seen += 1;
            let shown = [
                f.message.as_str(),
                f.attribute.as_deref().unwrap_or(""),
                &*f.resource_kind,
            ];
            for text in shown {
                for word in terraform_words(text, &source) {
                    if !ALLOWED
                        .iter()
                        .any(|(rule, w)| *rule == f.rule_id && *w == word)
                    {
                        failures.push(format!(
                            "{} {}: `{word}` in {text:?}",
                            path.display(),
                            f.rule_id
                        ));
                    }
                }
            }
        }
        for u in &run.undecided {
            for text in [u.reason(), u.attribute.clone(), u.resource_kind.clone()] {
                for word in terraform_words(&text, &source) {
                    failures.push(format!(
                        "{} {} (undecided): `{word}` in {text:?}",
                        path.display(),
                        u.rule_id
                    ));
                }
            }
        }
    }
    assert!(findings_seen > 300, "only {findings_seen} findings");
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} Terraform names in template findings:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
