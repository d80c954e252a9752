//! Declarations made twice in one module (`resource "aws_s3_bucket" "b"` in `a.tf` and again in
//! `b.tf`): Terraform refuses such a module, so each second declaration is an error naming both
//! places. The first declaration is still scanned (the module index keeps the first one, see
//! [`super::module`]): the resource exists under that address whichever block is meant, and its
//! findings stay visible while the error makes the scan exit 2.
//!
//! Must never: report the blocks of override files (`override.tf`, `*_override.tf`), which
//! exist to re-declare blocks and are merged by Terraform, or stop at the first duplicate.

use super::parse::ParsedFile;
use hcl_edit::Span;
use hcl_edit::structure::Structure;
use rampart_model::LoadError;
use std::collections::HashMap;

/// One error per declaration that repeats an earlier one, in file order; `files` are the
/// module's files in the order Terraform reads them. Each error comes with the index of the
/// file it is in.
pub fn duplicate_declarations(files: &[&ParsedFile]) -> Vec<(usize, LoadError)> {
    // what was declared → where first (file:line:col as shown)
    let mut first: HashMap<String, String> = HashMap::new();
    let mut errors = Vec::new();
    for (index, file) in files.iter().enumerate() {
        if is_override_file(&file.path) {
            continue;
        }
        for s in file.body.iter() {
            let Structure::Block(b) = s else { continue };
            let ident = b.ident.value().as_str();
            let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
            let mut declared: Vec<(String, Vec<&str>)> = Vec::new();
            match (ident, labels.as_slice()) {
                ("resource" | "data", [kind, name, ..]) => declared.push((
                    format!("{ident} \"{kind}\" \"{name}\""),
                    vec![ident, kind, name],
                )),
                ("variable" | "output" | "module", [name, ..]) => {
                    declared.push((format!("{ident} \"{name}\""), vec![ident, name]));
                }
                ("locals", _) => {
                    for a in b.body.iter().filter_map(Structure::as_attribute) {
                        let key = a.key.value().as_str();
                        let place = place(file, a.span(), &["locals", key]);
                        if let Some(e) = check(&mut first, format!("local value `{key}`"), place) {
                            errors.push((index, e));
                        }
                    }
                }
                _ => {}
            }
            for (what, path) in declared {
                let place = place(file, b.span(), &path);
                if let Some(e) = check(&mut first, what, place) {
                    errors.push((index, e));
                }
            }
        }
    }
    errors
}

/// Where a declaration is: (file, line, column).
type Place = (String, u32, u32);

fn place(file: &ParsedFile, range: Option<std::ops::Range<usize>>, labels: &[&str]) -> Place {
    let span = file.block_span(range, labels);
    (file.path.to_string(), span.start.line, span.start.column)
}

fn check(first: &mut HashMap<String, String>, what: String, here: Place) -> Option<LoadError> {
    let (file, line, column) = here;
    match first.get(&what) {
        Some(earlier) => Some(LoadError::error(
            file,
            line,
            column,
            format!(
                "duplicate {what}: already declared at {earlier}; Terraform rejects the module, and only the first declaration is scanned"
            ),
        )),
        None => {
            first.insert(what, format!("{file}:{line}"));
            None
        }
    }
}

/// `override.tf`, `override.tf.json`, `*_override.tf`, `*_override.tf.json`.
fn is_override_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
        .unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
}
