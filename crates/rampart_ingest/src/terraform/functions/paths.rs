//! Path-string functions: `basename` and `dirname`, with Go's `filepath` rules for Unix paths
//! (Terraform's behaviour on Linux), and `abspath`/`pathexpand`, whose result depends on the
//! machine that runs Terraform (its working folder, its user's home): they are known only when
//! the path does not depend on it. Functions that read files (`file`, …) are in `builtin.rs`.
//!
//! Must never: read the file system, or fill in this machine's folders as if they were the
//! runner's.

use super::{Function, string_arg};
use rampart_model::Value;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("basename", 1, 1, basename),
    Function::strict("dirname", 1, 1, dirname),
    Function::strict("abspath", 1, 1, abspath),
    Function::strict("pathexpand", 1, 1, pathexpand),
];

/// An absolute path, cleaned; a relative one depends on Terraform's working folder: Unknown.
fn abspath(args: &[Value]) -> Result<Value, String> {
    let path = string_arg(args, 0)?;
    Ok(if path.starts_with('/') {
        Value::String(clean(&path))
    } else {
        Value::unknown()
    })
}

/// `~` and `~/…` depend on the runner's home folder: Unknown; any other path is unchanged.
fn pathexpand(args: &[Value]) -> Result<Value, String> {
    let path = string_arg(args, 0)?;
    Ok(if path == "~" || path.starts_with("~/") {
        Value::unknown()
    } else {
        Value::String(path)
    })
}

/// Go's `filepath.Clean` for `/`-separated paths.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

fn basename(args: &[Value]) -> Result<Value, String> {
    let path = string_arg(args, 0)?;
    if path.is_empty() {
        return Ok(Value::from("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::from("/"));
    }
    let base = trimmed.rsplit('/').next().unwrap_or(trimmed);
    Ok(Value::from(base))
}

fn dirname(args: &[Value]) -> Result<Value, String> {
    let path = string_arg(args, 0)?;
    let directory = match path.rfind('/') {
        Some(slash) => path.get(..=slash).unwrap_or_default(),
        None => "",
    };
    Ok(Value::String(clean(directory)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn documented_examples_and_edges() {
        assert_eq!(ok("basename", vec![s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(ok("basename", vec![s("foo/bar/")]), s("bar"));
        assert_eq!(ok("basename", vec![s("/")]), s("/"));
        assert_eq!(ok("basename", vec![s("")]), s("."));
        assert_eq!(ok("dirname", vec![s("foo/bar/baz.txt")]), s("foo/bar"));
        assert_eq!(ok("dirname", vec![s("baz.txt")]), s("."));
        assert_eq!(ok("dirname", vec![s("/baz.txt")]), s("/"));
        assert_eq!(ok("dirname", vec![s("a//b/../c/d")]), s("a/c"));
        assert_eq!(ok("dirname", vec![s("/../x")]), s("/"));
        assert_eq!(ok("dirname", vec![s("../../x")]), s("../.."));
    }
}
