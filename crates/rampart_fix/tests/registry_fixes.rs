//! Generated from the registry: every rule with a machine fix must have that fix verified on
//! each of its violating fixtures (`fixtures/<ID>/bad*` in rampart_rules) — applied through
//! the verification loop, the finding is gone and nothing new is reported. A rule without a
//! machine fix must say in its `remediation` text what to do instead.
//!
//! CloudFormation fixtures are checked twice: through the loop, and here by hand — the edits
//! applied to the template text, the text re-loaded with the real CloudFormation loader (it
//! must still parse and load), all rules run: the finding is gone and nothing new appears. A
//! rule whose CloudFormation fix cannot be rendered must be listed in [`CFN_NOT_RENDERABLE`]
//! with the reason; nothing is skipped silently. Kubernetes manifest fixtures (`bad*.yaml`)
//! are checked the same way in the manifest text, with the Kubernetes loader.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers: a failed step fails the test

use rampart_fix::edits;
use rampart_fix::remediation::{Remediation, remediate};
use rampart_fix::render::renderer_for;
use rampart_fix::verify::{Verification, Workspace, verify_changes_in_inventory};
use rampart_ingest::LoadOptions;
use rampart_ingest::documents::load_document_text;
use rampart_model::{Edit, Finding, Inventory, SourceFormat};
use rampart_rules::{EngineOptions, builtin_rules, run_rules};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// AWS rules whose fix cannot be written into a CloudFormation template, with the reason.
/// Listing a rule that does render fails the test, so the list stays true.
const CFN_NOT_RENDERABLE: &[(&str, &str)] = &[];

fn is_template(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json" | "template"))
}

/// Applies the remediation's file edits to the fixture text (a CloudFormation template or a
/// Kubernetes manifest), re-loads the text with the real loader and runs every rule: the
/// finding must be gone, nothing new reported.
fn check_file_text(
    ws: &Workspace,
    finding: &Finding,
    rem: &Remediation,
    format: SourceFormat,
) -> Result<(), String> {
    let target = match format {
        SourceFormat::CloudFormation => rem.targets.cloudformation.as_ref(),
        _ => rem.targets.terraform.as_ref(),
    };
    let target = target.ok_or_else(|| match &rem.verified {
        Verification::Unverified { reason } => format!("no template edit: {reason}"),
        Verification::Verified => "no template edit".to_string(),
    })?;
    if target.diff.is_empty() {
        return Err("the template diff is empty".into());
    }
    let files: BTreeSet<&str> = target.edits.iter().map(|e| e.file.as_str()).collect();
    let [file] = files.into_iter().collect::<Vec<_>>()[..] else {
        return Err("the edits touch more than one file".into());
    };
    let original = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let refs: Vec<&Edit> = target.edits.iter().collect();
    let fixed = edits::apply(&original, &refs).map_err(|e| e.to_string())?;
    let out = load_document_text(file, &fixed, &LoadOptions::default());
    if let Some(e) = out.errors.iter().find(|e| e.is_error()) {
        return Err(format!("the fixed template does not load: {e}\n{fixed}"));
    }
    if out.files != 1 || out.resources.is_empty() {
        return Err(format!(
            "the fixed text is not read as a template any more:\n{fixed}"
        ));
    }
    if out.resources.iter().any(|r| r.format != format) {
        return Err(format!(
            "the fixed text loads as something else than {format:?}:\n{fixed}"
        ));
    }
    let after = run_rules(
        &Inventory::new(out.resources),
        &builtin_rules(),
        &EngineOptions::default(),
    );
    let same = |f: &&Finding| f.rule_id == finding.rule_id && f.address == finding.address;
    let before_count = ws.findings.iter().filter(same).count();
    if after.iter().filter(same).count() >= before_count {
        return Err(format!("still reported after the fix:\n{fixed}"));
    }
    let before: BTreeSet<&str> = ws.findings.iter().map(|f| f.id.as_str()).collect();
    let new: Vec<String> = after
        .iter()
        .filter(|f| !before.contains(f.id.as_str()))
        .map(|f| format!("{} on `{}`", f.rule_id, f.address))
        .collect();
    if !new.is_empty() {
        return Err(format!("the fix introduces {}:\n{fixed}", new.join(", ")));
    }
    Ok(())
}

fn bad_fixtures(rule_id: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../rampart_rules/fixtures")
        .join(rule_id);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.retain(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("bad") && !n.ends_with(".expect")) // not a sidecar
    });
    entries.sort();
    entries
}

#[test]
fn every_machine_fix_is_verified_on_its_rules_bad_fixtures() {
    let mut failures = Vec::new();
    let mut verified_rules = Vec::new();
    let mut model_only = Vec::new();
    let mut cfn_checked = BTreeSet::new();
    let mut cfn_declined = BTreeSet::new();
    let mut k8s_checked = BTreeSet::new();
    let mut aws_without_template_fixture = Vec::new();
    for rule in builtin_rules() {
        if rule.fix.is_none() {
            if rule.remediation.trim().is_empty() {
                failures.push(format!(
                    "{}: has no machine fix and its remediation text does not say why",
                    rule.id
                ));
            }
            continue;
        }
        let fixtures = bad_fixtures(rule.id);
        if fixtures.is_empty() {
            failures.push(format!(
                "{}: has a fix but no fixtures/{}/bad* to verify it on",
                rule.id, rule.id
            ));
            continue;
        }
        let mut verified = 0;
        let listed = CFN_NOT_RENDERABLE.iter().find(|(id, _)| *id == rule.id);
        if rule.provider.as_str() == "aws" && !fixtures.iter().any(|f| is_template(f)) {
            aws_without_template_fixture.push(rule.id);
        }
        for fixture in &fixtures {
            let ws = Workspace::load(
                std::slice::from_ref(fixture),
                &LoadOptions::default(),
                builtin_rules(),
                EngineOptions::default(),
            );
            let name = fixture
                .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
                .unwrap_or(fixture)
                .display()
                .to_string();
            let targets: Vec<_> = ws
                .findings
                .iter()
                .filter(|f| f.rule_id == rule.id && f.suppressed.is_none())
                .collect();
            if targets.is_empty() {
                failures.push(format!(
                    "{}: {name} is not reported, so its fix cannot be checked",
                    rule.id
                ));
            }
            for finding in targets {
                let Some(rem) = remediate(&ws, finding) else {
                    continue; // the fix declined this case (a human decision); counted below
                };
                let format = ws
                    .inventory()
                    .by_address(&finding.address)
                    .map(|r| r.format);
                let renderable = format.and_then(renderer_for).is_some();
                if format == Some(SourceFormat::CloudFormation) {
                    match (
                        check_file_text(&ws, finding, &rem, SourceFormat::CloudFormation),
                        listed,
                    ) {
                        (Ok(()), None) => {
                            cfn_checked.insert(rule.id);
                        }
                        (Ok(()), Some(_)) => failures.push(format!(
                            "{}: {name}: listed in CFN_NOT_RENDERABLE but its template fix renders and verifies; drop it from the list",
                            rule.id
                        )),
                        (Err(_), Some((_, why))) => {
                            cfn_declined.insert(format!("{} ({why})", rule.id));
                            continue;
                        }
                        (Err(why), None) => failures.push(format!(
                            "{}: {name} `{}`: template fix: {why}",
                            rule.id, finding.address
                        )),
                    }
                }
                if format == Some(SourceFormat::Kubernetes) {
                    match check_file_text(&ws, finding, &rem, SourceFormat::Kubernetes) {
                        Ok(()) => {
                            k8s_checked.insert(rule.id);
                        }
                        Err(why) => failures.push(format!(
                            "{}: {name} `{}`: manifest fix: {why}",
                            rule.id, finding.address
                        )),
                    }
                }
                // no file renderer for this format yet: prove the change on the model
                let verdict = if renderable {
                    rem.verified.clone()
                } else {
                    model_only.push(format!("{} {name}", rule.id));
                    verify_changes_in_inventory(&ws, finding, &rem.changes)
                };
                match verdict {
                    Verification::Verified => verified += 1,
                    Verification::Unverified { reason } => {
                        failures.push(format!(
                            "{}: {name} `{}`: fix not verified: {reason}",
                            rule.id, finding.address
                        ));
                    }
                }
            }
        }
        if verified == 0 {
            failures.push(format!(
                "{}: has a fix but none of its bad fixtures got a verified fix",
                rule.id
            ));
        } else {
            verified_rules.push(rule.id);
        }
    }
    eprintln!(
        "fixtures verified on the model only (no file renderer for their format yet): {}",
        model_only.len()
    );
    eprintln!(
        "rules whose CloudFormation fixtures were fixed in the template text ({}): {}",
        cfn_checked.len(),
        cfn_checked.iter().copied().collect::<Vec<_>>().join(", ")
    );
    eprintln!(
        "rules whose Kubernetes fixtures were fixed in the manifest text ({}): {}",
        k8s_checked.len(),
        k8s_checked.iter().copied().collect::<Vec<_>>().join(", ")
    );
    // exactly the rules that declare a Kubernetes fix (each has a bad manifest to prove it)
    assert_eq!(
        k8s_checked,
        declaring(SourceFormat::Kubernetes),
        "rules whose Kubernetes fix was checked in the manifest text vs. rules declaring one"
    );
    eprintln!(
        "rules whose CloudFormation fix is declined on purpose: {}",
        cfn_declined.into_iter().collect::<Vec<_>>().join(", ")
    );
    eprintln!(
        "AWS rules with a fix but no CloudFormation bad fixture ({}): {}",
        aws_without_template_fixture.len(),
        aws_without_template_fixture.join(", ")
    );
    assert_eq!(
        cfn_checked,
        declaring(SourceFormat::CloudFormation),
        "rules whose CloudFormation fix was checked in the template text vs. rules declaring one"
    );
    let declared_fixable: Vec<&str> = builtin_rules()
        .into_iter()
        .filter(|r| r.fix_support.is_auto())
        .map(|r| r.id)
        .collect();
    assert_eq!(
        verified_rules, declared_fixable,
        "rules with verified fixes vs. rules declaring one"
    );
    eprintln!(
        "rules with verified fixes ({}): {}",
        verified_rules.len(),
        verified_rules.join(", ")
    );
    assert!(
        failures.is_empty(),
        "{} fix verification failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The built-in rules that declare an automatic fix for `format`.
fn declaring(format: SourceFormat) -> BTreeSet<&'static str> {
    builtin_rules()
        .into_iter()
        .filter(|r| r.fix_support.formats().contains(&format))
        .map(|r| r.id)
        .collect()
}
