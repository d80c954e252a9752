//! Pure path-string functions: `basename` and `dirname`, with Go's `filepath` rules for
//! Unix paths (Terraform's behaviour on Linux). Functions that touch the disk or the user's
//! environment (`file`, `abspath`, `pathexpand`) are not here.
//!
//! Must never: read the file system.

use super::{Function, string_arg};
use rampart_model::Value;

pub(super) const FUNCTIONS: &[Function] = &[
    Function::strict("basename", 1, 1, basename),
    Function::strict("dirname", 1, 1, dirname),
];

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
