//! `fileset(path, pattern)`: the files under `path` whose path relative to it matches a glob
//! (`*`, `**`, `?`, `[...]`, `{a,b}`), as a sorted set of `/`-separated relative paths —
//! Terraform's result. Directories are not listed, symlinked folders are not followed (so a
//! loop cannot run forever), and the walk stops with an error past a bound on entries.
//!
//! Must never: list more than [`MAX_ENTRIES`] entries, or follow a directory symlink.

use globset::GlobBuilder;
use rampart_model::Value;
use std::path::Path;

/// Entries visited before `fileset` gives up (a hostile tree can hold millions).
const MAX_ENTRIES: usize = 100_000;

pub fn fileset(base: &Path, pattern: &str) -> Result<Value, String> {
    let glob = GlobBuilder::new(pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| format!("fileset: invalid pattern {pattern:?}: {e}"))?
        .compile_matcher();
    if !base.is_dir() {
        // Terraform returns an empty set for a folder that does not exist
        return Ok(Value::List(Vec::new()));
    }
    let mut found = Vec::new();
    let mut pending = vec![base.to_path_buf()];
    let mut visited = 0usize;
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("fileset: cannot list `{}`: {e}", dir.display()))?;
        for entry in entries.flatten() {
            visited += 1;
            if visited > MAX_ENTRIES {
                return Err(format!(
                    "fileset: more than {MAX_ENTRIES} entries under `{}`",
                    base.display()
                ));
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(path);
                continue;
            }
            // a symlink counts when it points to a file, as in Terraform
            if kind.is_symlink() && !path.is_file() {
                continue;
            }
            let Ok(relative) = path.strip_prefix(base) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if glob.is_match(&relative) {
                found.push(Value::String(relative));
            }
        }
    }
    found.sort_by(|a, b| match (a, b) {
        (Value::String(a), Value::String(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    Ok(Value::List(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(value: Value) -> Vec<String> {
        match value {
            Value::List(items) => items
                .into_iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn matches_relative_paths_with_double_star_and_sorts() {
        let dir = tempfile::tempdir().ok();
        let Some(root) = dir.as_ref().map(|d| d.path().to_path_buf()) else {
            return assert!(dir.is_some());
        };
        for file in ["b.txt", "a.txt", "sub/c.txt", "sub/deep/d.txt", "sub/e.md"] {
            let path = root.join(file);
            if let Some(parent) = path.parent() {
                assert!(std::fs::create_dir_all(parent).is_ok());
            }
            assert!(std::fs::write(&path, "x").is_ok());
        }
        let top = names(fileset(&root, "*.txt").unwrap_or(Value::Null));
        assert_eq!(top, ["a.txt", "b.txt"]);
        let all = names(fileset(&root, "**/*.txt").unwrap_or(Value::Null));
        assert_eq!(all, ["a.txt", "b.txt", "sub/c.txt", "sub/deep/d.txt"]);
        let alternatives = names(fileset(&root, "sub/*.{md,txt}").unwrap_or(Value::Null));
        assert_eq!(alternatives, ["sub/c.txt", "sub/e.md"]);
        assert_eq!(
            names(fileset(&root.join("nope"), "*").unwrap_or(Value::Null)),
            Vec::<String>::new()
        );
        assert!(fileset(&root, "[").is_err());
    }
}
