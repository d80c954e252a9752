//! Lexical path arithmetic for module folders: `a/./b/../c` is `a/c`, without touching the
//! disk (symlinks are not followed, so the same text always gives the same module key).
//!
//! Must never panic or read the file system.

use std::path::{Component, Path, PathBuf};

/// Removes `.` components and resolves `..` against preceding normal components.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

/// `to` relative to `from` (both normalized), as Terraform shows `path.module`: `.` for the
/// same folder, `modules/site`, `../common`.
pub fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let to: Vec<Component<'_>> = to
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    for _ in common..from.len() {
        parts.push("..".into());
    }
    for c in to.iter().skip(common) {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_relates() {
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../x")), PathBuf::from("../x"));
        assert_eq!(normalize(Path::new("./")), PathBuf::from("."));
        assert_eq!(relative(Path::new("a/b"), Path::new("a/b/m/s")), "m/s");
        assert_eq!(relative(Path::new("a/b"), Path::new("a/c")), "../c");
        assert_eq!(relative(Path::new("a"), Path::new("a")), ".");
    }
}
