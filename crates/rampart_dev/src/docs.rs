//! `rampart-dev docs`: the rule reference (`docs/rules/README.md`, `docs/rules/<ID>.md` and the
//! provider defaults rules judge, `docs/rules/defaults.md`) generated from the registry (fix
//! support included: each rule declares it) and the compliance mappings; written to a
//! folder, or compared with one to tell whether the committed docs are stale.
//!
//! Must never: touch a file in the output folder that is not a generated `.md` page or a stale
//! one (a page whose rule is gone is removed; anything else is left alone).

use crate::defaults_page::{DEFAULTS_PAGE, defaults_page};
use crate::metadata;
use crate::pages::{RuleDoc, index_page, rule_page};
use rampart_rules::Rule;
use std::collections::BTreeMap;
use std::path::Path;

/// The index page's file name.
pub const INDEX: &str = "README.md";

/// Generated pages by file name, and the metadata problems met on the way.
#[derive(Debug, Default)]
pub struct Generated {
    pub pages: BTreeMap<String, String>,
    pub problems: Vec<String>,
}

/// Renders every page for `rules` (sorted by id); `fixtures_root` is checked to hold each
/// rule's fixtures folder.
pub fn generate(rules: &[&Rule], fixtures_root: &Path) -> Result<Generated, String> {
    let frameworks = rampart_compliance::frameworks()
        .map_err(|e| format!("cannot read the compliance mappings: {e}"))?;
    let mut sorted: Vec<&Rule> = rules.to_vec();
    sorted.sort_by_key(|r| r.id);
    let docs: Vec<RuleDoc<'_>> = sorted
        .iter()
        .map(|rule| RuleDoc {
            rule,
            controls: rampart_compliance::controls_for_rule(rule.id),
        })
        .collect();
    let mut generated = Generated::default();
    generated.pages.insert(INDEX.to_string(), index_page(&docs));
    generated
        .pages
        .insert(DEFAULTS_PAGE.to_string(), defaults_page());
    for doc in &docs {
        generated
            .pages
            .insert(format!("{}.md", doc.rule.id), rule_page(doc));
    }
    generated.problems = metadata::problems(&sorted);
    generated.problems.extend(
        rampart_compliance::validate(frameworks, &sorted)
            .into_iter()
            .map(|p| format!("compliance mapping: {p}")),
    );
    for doc in &docs {
        if !fixtures_root.join(doc.rule.id).is_dir() {
            generated
                .problems
                .push(format!("{}: has no fixtures folder", doc.rule.id));
        }
    }
    Ok(generated)
}

/// What `write_pages` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

/// Writes the pages into `dir` (created if missing), rewriting only files whose text changed,
/// and removes `.md` files there that are no longer generated.
pub fn write_pages(dir: &Path, pages: &BTreeMap<String, String>) -> Result<Written, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let mut written = Written::default();
    for name in markdown_files(dir)? {
        if !pages.contains_key(&name) {
            let path = dir.join(&name);
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove stale `{}`: {e}", path.display()))?;
            written.removed.push(name);
        }
    }
    for (name, text) in pages {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            continue;
        }
        std::fs::write(&path, text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        written.changed.push(name.clone());
    }
    Ok(written)
}

/// How `dir` differs from `pages`: one line per missing, different or extra `.md` file.
pub fn differences(dir: &Path, pages: &BTreeMap<String, String>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let present = if dir.is_dir() {
        markdown_files(dir)?
    } else {
        Vec::new()
    };
    for (name, text) in pages {
        match std::fs::read_to_string(dir.join(name)) {
            Err(_) => out.push(format!("{name} is missing")),
            Ok(committed) if committed != *text => out.push(format!(
                "{name} differs{}",
                first_difference(&committed, text)
            )),
            Ok(_) => {}
        }
    }
    for name in present {
        if !pages.contains_key(&name) {
            out.push(format!(
                "{name} is not generated any more (its rule is gone)"
            ));
        }
    }
    Ok(out)
}

/// ` at line N` for the first line that differs, to point a reader at it.
fn first_difference(committed: &str, generated: &str) -> String {
    let mut committed_lines = committed.lines();
    let mut generated_lines = generated.lines();
    let mut line = 1;
    loop {
        match (committed_lines.next(), generated_lines.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (None, None) => return String::new(),
            _ => return format!(" at line {line}"),
        }
    }
}

fn markdown_files(dir: &Path) -> Result<Vec<String>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writing_removes_stale_pages_and_keeps_other_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("OLD-001.md"), "gone").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let mut pages = BTreeMap::new();
        pages.insert("README.md".to_string(), "# index\n".to_string());
        pages.insert("AWS-X-001.md".to_string(), "# x\n".to_string());

        let before = differences(dir.path(), &pages).unwrap();
        assert!(
            before.contains(&"README.md is missing".to_string()),
            "{before:?}"
        );
        assert!(
            before
                .iter()
                .any(|d| d.starts_with("OLD-001.md is not generated"))
        );

        let written = write_pages(dir.path(), &pages).unwrap();
        assert_eq!(written.removed, ["OLD-001.md"]);
        assert_eq!(written.changed, ["AWS-X-001.md", "README.md"]);
        assert!(dir.path().join("notes.txt").exists());
        assert_eq!(
            differences(dir.path(), &pages).unwrap(),
            Vec::<String>::new()
        );

        // a second write changes nothing; an edit is reported at its line
        assert_eq!(write_pages(dir.path(), &pages).unwrap(), Written::default());
        std::fs::write(dir.path().join("README.md"), "# index\nextra\n").unwrap();
        assert_eq!(
            differences(dir.path(), &pages).unwrap(),
            ["README.md differs at line 2"]
        );
    }
}
