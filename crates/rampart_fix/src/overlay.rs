//! Loads the scanned paths as they would be with some files' text replaced, through the real
//! loader: the scanned trees are mirrored into a temporary folder (the files a scan reads, and
//! `.terraform/modules`), the replaced files are written there, `load_paths` runs on the mirror
//! and every path in the result is mapped back to the original name.
//!
//! Never writes outside its temporary folder and never touches the originals. A module
//! sourced from outside the scanned paths is not mirrored; the verification loop notices the
//! resources that then go missing and refuses to call the fix verified.

use crate::error::FixError;
use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use rampart_model::{Inventory, Resource, Span, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads `roots` with `overrides` (file name as used in spans → new text).
pub fn load_with_overrides(
    roots: &[PathBuf],
    options: &LoadOptions,
    overrides: &BTreeMap<String, String>,
) -> Result<LoadOutput, FixError> {
    let tmp = tempfile::Builder::new()
        .prefix("rampart-verify-")
        .tempdir()
        .map_err(|e| io_error(Path::new("temporary folder"), e))?;
    // (mirror prefix, original prefix) pairs, longest mirror first when mapping back
    let mut mapping: Vec<(String, String)> = Vec::new();
    let mut mirror_roots = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        let base = tmp.path().join(format!("r{i}"));
        let mirror = match root.file_name() {
            Some(name) if root.is_file() => base.join(name),
            _ => base.join("d"),
        };
        let files = files_under(root, &options.exclude);
        for file in &files {
            let relative = file.strip_prefix(root).unwrap_or(Path::new(""));
            let target = if relative.as_os_str().is_empty() {
                mirror.clone()
            } else {
                mirror.join(relative)
            };
            let text = match overrides.get(&file.display().to_string()) {
                Some(t) => t.clone().into_bytes(),
                None => std::fs::read(file).map_err(|e| io_error(file, e))?,
            };
            write(&target, &text)?;
        }
        mapping.push((mirror.display().to_string(), root.display().to_string()));
        mirror_roots.push(mirror);
    }
    let mut mirrored = options.clone();
    for (i, var_file) in options.var_files.iter().enumerate() {
        if let Some(text) = overrides.get(&var_file.display().to_string()) {
            let name = var_file
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("vars.tfvars"));
            let target = tmp.path().join(format!("v{i}")).join(name);
            write(&target, text.as_bytes())?;
            mapping.push((target.display().to_string(), var_file.display().to_string()));
            if let Some(slot) = mirrored.var_files.get_mut(i) {
                *slot = target;
            }
        }
    }
    mapping.sort_by_key(|(m, _)| std::cmp::Reverse(m.len()));
    let out = load_paths(&mirror_roots, &mirrored);
    Ok(map_back(out, &mapping))
}

/// Every file under `root` a scan could read: what discovery finds, plus downloaded modules.
fn files_under(root: &Path, exclude: &[String]) -> Vec<PathBuf> {
    if root.is_file() {
        return vec![root.to_path_buf()];
    }
    let found = rampart_ingest::discover::discover(&[root.to_path_buf()], exclude);
    let mut files: Vec<PathBuf> = found
        .terraform_dirs
        .iter()
        .flat_map(|d| d.files.iter().chain(&d.tfvars).cloned())
        .chain(found.documents)
        .collect();
    let modules = root.join(".terraform").join("modules");
    if modules.is_dir() {
        let walker = ignore::WalkBuilder::new(&modules)
            .standard_filters(false)
            .build();
        for entry in walker.flatten() {
            let p = entry.path();
            let wanted = p
                .extension()
                .is_some_and(|e| e == "tf" || e == "json" || e == "tfvars");
            if wanted && entry.file_type().is_some_and(|t| t.is_file()) {
                files.push(p.to_path_buf());
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

fn write(target: &Path, bytes: &[u8]) -> Result<(), FixError> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    std::fs::write(target, bytes).map_err(|e| io_error(target, e))
}

fn io_error(path: &Path, e: std::io::Error) -> FixError {
    FixError::Io {
        path: path.to_path_buf(),
        message: format!("cannot prepare the verification copy: {e}"),
    }
}

/// The original name of a mirrored path.
fn original(name: &str, mapping: &[(String, String)]) -> String {
    for (mirror, orig) in mapping {
        if let Some(rest) = name.strip_prefix(mirror.as_str()) {
            if rest.is_empty() {
                return orig.clone();
            }
            if let Some(rel) = rest.strip_prefix(std::path::MAIN_SEPARATOR) {
                return Path::new(orig).join(rel).display().to_string();
            }
        }
    }
    name.to_string()
}

/// `name` with a mirrored path at its start replaced by the original, when it has one.
fn mapped_prefix(name: &str, mapping: &[(String, String)]) -> Option<String> {
    mapping.iter().find_map(|(mirror, orig)| {
        let rest = name.strip_prefix(mirror.as_str())?;
        let rel = rest.strip_prefix(std::path::MAIN_SEPARATOR)?;
        Some(Path::new(orig).join(rel).display().to_string())
    })
}

fn map_references(value: &mut Value, mapping: &[(String, String)]) {
    match value {
        Value::Unknown(u) => {
            if let Some(target) = u
                .refers_to
                .as_deref()
                .and_then(|t| mapped_prefix(t, mapping))
            {
                u.refers_to = Some(Arc::from(target));
            }
        }
        Value::List(items) => items.iter_mut().for_each(|v| map_references(v, mapping)),
        Value::Map(map) => map.values_mut().for_each(|v| map_references(v, mapping)),
        _ => {}
    }
}

fn map_back(mut out: LoadOutput, mapping: &[(String, String)]) -> LoadOutput {
    let map_span = |s: &mut Span| s.file = Arc::from(original(&s.file, mapping));
    let resources: Vec<Resource> = std::mem::take(&mut out.inventory)
        .into_resources()
        .into_iter()
        .map(|mut r| {
            if let rampart_model::Origin::Code { span } = &mut r.origin {
                map_span(span);
            }
            r.attribute_spans.values_mut().for_each(map_span);
            r.value_origins.values_mut().for_each(map_span);
            // templates or manifests sharing an id are loaded with addresses qualified by
            // their file (`stacks/a.yaml:Bucket`), and so are references between them
            if let Some(address) = mapped_prefix(&r.address, mapping) {
                r.address = address;
                r.attributes
                    .values_mut()
                    .for_each(|v| map_references(v, mapping));
            }
            r
        })
        .collect();
    out.inventory = Inventory::new(resources);
    for e in &mut out.errors {
        e.file = original(&e.file, mapping);
        e.message = mapping
            .iter()
            .fold(std::mem::take(&mut e.message), |m, (mirror, orig)| {
                m.replace(mirror.as_str(), orig)
            });
    }
    out.sources = std::mem::take(&mut out.sources)
        .into_iter()
        .map(|(k, v)| (Arc::from(original(&k, mapping)), v))
        .collect();
    out
}
