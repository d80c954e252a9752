//! Finding and reading user rule files: `.rampart/rules/*.yaml` (and `*.yml`) under each
//! scanned folder (a file's folder for a file) and under the current folder, plus folders named
//! with `--rules-dir`. This is the only place user rules touch the file system; it runs before
//! any check. Ids are checked here against the built-in registry and each other.

use super::{CustomRules, compile, parse_rule_file};
use crate::registry::Registry;
use crate::rule::Rule;
use rampart_model::LoadError;
use std::path::{Path, PathBuf};

/// Where user rules live, relative to a scanned folder.
pub const RULES_DIR: &str = ".rampart/rules";

/// Folders to look in, existing ones only, each once, in a stable order: explicit folders first,
/// then each scan path's, then the current folder's.
pub fn rule_dirs_for(scan_paths: &[PathBuf], explicit: &[PathBuf]) -> Vec<PathBuf> {
    let mut candidates: Vec<PathBuf> = explicit.to_vec();
    for path in scan_paths {
        let dir = if path.is_file() {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            path.clone()
        };
        candidates.push(dir.join(RULES_DIR));
    }
    candidates.push(PathBuf::from(RULES_DIR));
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for dir in candidates {
        if !dir.is_dir() {
            continue;
        }
        let key = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if !seen.contains(&key) {
            seen.push(key);
            out.push(dir);
        }
    }
    out
}

/// Loads every rule file in `dirs` (sorted by name), rejecting ids and aliases that a built-in
/// rule or an earlier user rule already answers to. A missing folder named explicitly is an
/// error; a bad file or rule is an error for that file or rule only.
pub fn load_rule_dirs(dirs: &[PathBuf], builtin: &[&'static Rule]) -> CustomRules {
    let mut out = CustomRules::default();
    for dir in dirs {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect(),
            Err(e) => {
                out.errors.push(LoadError::error(
                    dir.display().to_string(),
                    0,
                    0,
                    format!("cannot read rules folder: {e}"),
                ));
                continue;
            }
        };
        files.sort();
        let real_dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
        for file in files {
            // a repository could link a "rule file" to any file and have its keys quoted in
            // the error messages: only files really in the folder are read
            let real = std::fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
            if !real.starts_with(&real_dir) {
                out.errors.push(LoadError::error(
                    file.display().to_string(),
                    0,
                    0,
                    format!(
                        "rule file is a link to `{}`, outside its folder; it is not read",
                        real.display()
                    ),
                ));
                continue;
            }
            load_rule_file(&file, builtin, &mut out);
        }
    }
    out
}

fn load_rule_file(file: &Path, builtin: &[&'static Rule], out: &mut CustomRules) {
    let name = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            out.errors.push(LoadError::error(
                &name,
                0,
                0,
                format!("cannot read rule file: {e}"),
            ));
            return;
        }
    };
    let (specs, errors) = parse_rule_file(&name, &text);
    out.errors.extend(errors);
    for spec in specs {
        let names = std::iter::once(&spec.id).chain(&spec.aliases);
        let taken = names.clone().find_map(|n| {
            builtin
                .iter()
                .chain(&out.rules)
                .find(|r| r.answers_to(n))
                .map(|r| (n.clone(), r.id))
        });
        if let Some((name_taken, owner)) = taken {
            out.errors.push(LoadError::error(
                &spec.file,
                spec.id_line,
                1,
                format!("rule `{}`: `{name_taken}` is already used by rule `{owner}`; choose another id or alias", spec.id),
            ));
            continue;
        }
        out.rules.push(compile(spec));
    }
}

/// The built-in registry plus the user rules found for these scan paths and explicit folders,
/// with the errors met loading them.
pub fn registry_with_custom_rules(
    scan_paths: &[PathBuf],
    explicit: &[PathBuf],
) -> (Registry, Vec<LoadError>) {
    let mut registry = Registry::default();
    let mut errors = Vec::new();
    for dir in explicit {
        if !dir.is_dir() {
            errors.push(LoadError::error(
                dir.display().to_string(),
                0,
                0,
                "rules folder does not exist; check the --rules-dir path",
            ));
        }
    }
    let custom = load_rule_dirs(&rule_dirs_for(scan_paths, explicit), registry.rules());
    registry.add(custom.rules);
    errors.extend(custom.errors);
    (registry, errors)
}
