//! YAML and JSON documents: detects what each one is (CloudFormation, Terraform plan or state,
//! Kubernetes, ARM, an Azure or GCP inventory export) and hands it to its loader. Files are read and parsed in parallel. A file
//! that is none of these is skipped silently; a file that looks like one of them but does not
//! parse is a [`LoadError`] with file:line:col, and the other files still load.
//!
//! Must never: panic or overflow the stack on any input (parsing runs on a thread with a large
//! stack, behind a cheap bound on nesting depth), or report an unrelated YAML file (a CI
//! workflow, a Helm template) as broken.

use crate::LoadOptions;
use crate::cloudformation::{self, source::SourceText};
use crate::plan;
use rampart_model::{LoadError, Resource, SourceFormat, Value};
use rayon::prelude::*;
use saphyr::{LoadableYamlNode, MarkedYaml};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Default)]
pub struct DocumentsOutput {
    pub resources: Vec<Resource>,
    pub errors: Vec<LoadError>,
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    /// Files that were recognised and loaded.
    pub files: usize,
}

/// What a document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    CloudFormation,
    TerraformPlan,
    TerraformState,
    Kubernetes,
    Arm,
    /// An Azure or GCP inventory export ([`crate::cloud_exports`]).
    CloudExport,
}

/// The outcome for one file.
#[derive(Default)]
struct FileOutput {
    kind: Option<DocumentKind>,
    resources: Vec<Resource>,
    errors: Vec<LoadError>,
}

/// Stack for parsing and evaluating one document; only the pages touched are committed.
const PARSE_STACK_BYTES: usize = 64 << 20;
/// Files whose YAML could nest deeper than this (see [`nesting_bound`]) are not parsed.
const MAX_NESTING_BOUND: usize = 2_000;

pub fn load_documents(paths: &[PathBuf], options: &LoadOptions) -> DocumentsOutput {
    let results: Vec<(Arc<str>, Option<Arc<str>>, FileOutput)> = paths
        .par_iter()
        .map(|path| {
            let name: Arc<str> = Arc::from(path.display().to_string());
            match options
                .overlay
                .read_capped(path, crate::read::MAX_SOURCE_BYTES)
            {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        let out = load_on_big_stack(&name, &text, options);
                        (name, Some(Arc::from(text)), out)
                    }
                    Err(e) => {
                        let out = not_utf8(&name, e.as_bytes(), e.utf8_error());
                        (name, None, out)
                    }
                },
                Err(e) => {
                    let error = LoadError::warning(&*name, 0, 0, format!("cannot read file: {e}"));
                    (
                        name,
                        None,
                        FileOutput {
                            errors: vec![error],
                            ..Default::default()
                        },
                    )
                }
            }
        })
        .collect();
    merge(results)
}

/// Loads one document given as text (tests, the verification loop).
pub fn load_document_text(file_name: &str, text: &str, options: &LoadOptions) -> DocumentsOutput {
    let name: Arc<str> = Arc::from(file_name);
    let out = load_on_big_stack(&name, text, options);
    merge(vec![(name, Some(Arc::from(text)), out)])
}

fn merge(results: Vec<(Arc<str>, Option<Arc<str>>, FileOutput)>) -> DocumentsOutput {
    let mut out = DocumentsOutput::default();
    let mut per_file = Vec::new();
    for (name, text, file) in results {
        out.errors.extend(file.errors);
        if file.kind.is_some() {
            out.files += 1;
            if let Some(text) = text {
                out.sources.insert(name.clone(), text);
            }
        }
        let mut resources = file.resources;
        for r in &mut resources {
            r.scope = name.clone();
        }
        per_file.push((name, resources));
    }
    qualify_colliding_templates(&mut per_file);
    crate::kubernetes::qualify_colliding(&mut per_file);
    out.resources = per_file.into_iter().flat_map(|(_, r)| r).collect();
    out
}

/// Runs the detection and loading of one file on a thread with a large stack.
fn load_on_big_stack(name: &Arc<str>, text: &str, options: &LoadOptions) -> FileOutput {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .stack_size(PARSE_STACK_BYTES)
            .spawn_scoped(scope, || load_text(name, text, options));
        let failed = |message: &str| FileOutput {
            errors: vec![LoadError::error(&**name, 0, 0, message)],
            ..Default::default()
        };
        match spawned.map(|handle| handle.join()) {
            Ok(Ok(out)) => out,
            // a panic is a bug of ours, not of the file: say so rather than blame the machine
            Ok(Err(_)) => failed(
                "Rampart failed while reading this file (an internal error: please report it \
                 with the file); the rest of the scan went on",
            ),
            Err(_) => failed("could not start a parser thread; retry with fewer files"),
        }
    })
}

/// A file that is not UTF-8: an error at the first bad byte when, read leniently, it is a
/// document Rampart would scan (skipping it silently would hide it from the scan); nothing
/// for any other file (a binary `.json` fixture is none of our business).
fn not_utf8(name: &Arc<str>, bytes: &[u8], error: std::str::Utf8Error) -> FileOutput {
    let text =
        crate::utf8::utf16(bytes).unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned());
    let sniff = Sniff::of(&text);
    if !sniff.must_parse() {
        return FileOutput::default();
    }
    let (line, column, byte) = crate::utf8::first_bad_byte(bytes, &error);
    FileOutput {
        kind: None,
        resources: Vec::new(),
        errors: vec![LoadError::error(
            &**name,
            line,
            column,
            crate::utf8::message(bytes, byte),
        )],
    }
}

/// Cheap text markers: files with none of them are not parsed at all.
struct Sniff {
    cloudformation: bool,
    /// A marker only a template has (`AWSTemplateFormatVersion`, a top-level `Resources:` key):
    /// a parse failure is reported only then, never for a file that merely mentions `AWS::`.
    surely_cloudformation: bool,
    terraform: bool,
    kubernetes: bool,
    /// Quoted `apiVersion`, `kind` and `metadata` keys: a JSON manifest, whose parse failure
    /// is reported like a broken template's.
    surely_kubernetes_json: bool,
    /// Top-level `apiVersion:` and `kind:` lines and no Helm template syntax: a YAML manifest,
    /// whose failure to be read at all (too deep, not UTF-8) is reported.
    surely_kubernetes_yaml: bool,
    arm: bool,
}

impl Sniff {
    fn of(text: &str) -> Sniff {
        Sniff {
            cloudformation: text.contains("AWSTemplateFormatVersion")
                || (text.contains("Resources")
                    && (text.contains("AWS::") || text.contains("Custom::"))),
            surely_cloudformation: text.contains("AWSTemplateFormatVersion")
                || (text.contains("AWS::")
                    && (text.lines().any(|l| l.starts_with("Resources:"))
                        || text.contains("\"Resources\"")
                            && text.contains("\"Type\"")
                            && text.contains("\"AWS::"))),
            terraform: (text.contains("\"format_version\"")
                && (text.contains("\"planned_values\"")
                    || text.contains("\"resource_changes\"")
                    || text.contains("\"values\"")))
                || (text.contains("\"terraform_version\"") && text.contains("\"resources\"")),
            kubernetes: text.contains("apiVersion") && text.contains("kind"),
            surely_kubernetes_json: text.contains("\"apiVersion\"")
                && text.contains("\"kind\"")
                && text.contains("\"metadata\""),
            surely_kubernetes_yaml: !text.contains("{{")
                && text.lines().any(|l| l.starts_with("apiVersion:"))
                && text.lines().any(|l| l.starts_with("kind:")),
            arm: text.contains("deploymentTemplate"),
        }
    }
    fn any(&self) -> bool {
        self.cloudformation || self.terraform || self.kubernetes || self.arm
    }
    /// Whether a parse failure should be reported (the file is one Rampart reads).
    fn must_parse(&self) -> bool {
        // `deploymentTemplate` appears in an ARM template's `$schema` and hardly anywhere else
        self.surely_cloudformation
            || self.terraform
            || self.arm
            || self.surely_kubernetes_json
            || self.surely_kubernetes_yaml
    }
}

fn load_text(name: &Arc<str>, text: &str, options: &LoadOptions) -> FileOutput {
    // an export is recognised by its shape before the template loaders look at it
    if let Some((resources, errors)) = crate::cloud_exports::load_text(name, text) {
        return FileOutput {
            kind: Some(DocumentKind::CloudExport),
            resources,
            errors,
        };
    }
    // newline-delimited JSON is read only as an export (Kubernetes audit logs are `.jsonl` too)
    if name.ends_with(".ndjson") || name.ends_with(".jsonl") {
        return FileOutput::default();
    }
    let sniff = Sniff::of(text);
    if !sniff.any() {
        return FileOutput::default();
    }
    let skipped = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = text.get(skipped..).unwrap_or("");
    if body.trim_start().starts_with(['{', '[']) {
        load_json(name, text, skipped, &sniff, options)
    } else {
        load_yaml(name, text, skipped, &sniff, options, Syntax::Yaml)
    }
}

fn load_json(
    name: &Arc<str>,
    text: &str,
    skipped: usize,
    sniff: &Sniff,
    options: &LoadOptions,
) -> FileOutput {
    let body = text.get(skipped..).unwrap_or("");
    let json: serde_json::Value = match serde_json::from_str(body) {
        Ok(j) => j,
        Err(e) => {
            if !sniff.must_parse() {
                return FileOutput::default();
            }
            let message = crate::yaml_spans::json_problem(&e);
            let (line, column) = crate::yaml_spans::json_position(&e);
            return FileOutput {
                errors: vec![LoadError::error(
                    &**name,
                    line,
                    column,
                    format!("invalid JSON: {message}; fix the syntax so the file can be scanned"),
                )],
                ..Default::default()
            };
        }
    };
    if let Some(kind) = plan::detect(&json) {
        let (resources, errors) = plan::load(kind, name, text, &json);
        let kind = match kind {
            plan::TerraformJson::Plan => DocumentKind::TerraformPlan,
            _ => DocumentKind::TerraformState,
        };
        return FileOutput {
            kind: Some(kind),
            resources,
            errors,
        };
    }
    if json_is_template(&json) {
        // parse again with positions
        return load_yaml(name, text, skipped, sniff, options, Syntax::Json);
    }
    if json.get("apiVersion").is_some() && json.get("kind").is_some() {
        return kubernetes_hook(name, text);
    }
    if json
        .get("$schema")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|s| s.contains("deploymentTemplate"))
    {
        return arm_hook(name, text);
    }
    FileOutput::default()
}

fn json_is_template(json: &serde_json::Value) -> bool {
    json.get("AWSTemplateFormatVersion").is_some()
        || json
            .get("Resources")
            .and_then(serde_json::Value::as_object)
            .is_some_and(|r| {
                r.values().any(|res| {
                    res.get("Type")
                        .and_then(serde_json::Value::as_str)
                        .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
                })
            })
}

/// What a file is written in, for messages: JSON is parsed by the YAML parser (for positions),
/// but a JSON file's errors are told in JSON terms.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Json,
}

fn load_yaml(
    name: &Arc<str>,
    text: &str,
    skipped: usize,
    sniff: &Sniff,
    options: &LoadOptions,
    syntax: Syntax,
) -> FileOutput {
    let body = text.get(skipped..).unwrap_or("");
    let src = SourceText::new(name.clone(), text, skipped);
    // manifests are bounded document by document, so one deep document hides no other
    if sniff.kubernetes && !sniff.cloudformation {
        return kubernetes_hook(name, text);
    }
    if let Some((line, message)) = too_deep(body) {
        return parse_failure(name, sniff, line, 1, message);
    }
    let docs = match MarkedYaml::load_from_str(body) {
        Ok(docs) => docs,
        Err(e) => {
            let marker = e.marker();
            let (line, column) = (marker.line() as u32, marker.col() as u32 + 1);
            return parse_failure(
                name,
                sniff,
                line,
                column,
                format!(
                    "invalid {}: {}; fix the syntax so the file can be scanned",
                    match syntax {
                        Syntax::Yaml => "YAML",
                        Syntax::Json => "JSON",
                    },
                    crate::yaml_spans::syntax_problem(&e, body)
                ),
            );
        }
    };
    let mut out = FileOutput::default();
    let mut kubernetes_loaded = false;
    for doc in &docs {
        if cloudformation::is_template(doc) {
            let (resources, errors) = cloudformation::load_template(&src, doc, options);
            out.kind = Some(DocumentKind::CloudFormation);
            out.resources.extend(resources);
            out.errors.extend(errors);
        } else if !kubernetes_loaded
            && cloudformation::source::get(doc, "apiVersion").is_some()
            && cloudformation::source::get(doc, "kind").is_some()
        {
            // the hook loads every manifest document of the file at once
            kubernetes_loaded = true;
            let hooked = kubernetes_hook(name, text);
            out.resources.extend(hooked.resources);
            out.errors.extend(hooked.errors);
            out.kind = out.kind.or(hooked.kind);
        }
    }
    out
}

fn parse_failure(
    name: &Arc<str>,
    sniff: &Sniff,
    line: u32,
    column: u32,
    message: String,
) -> FileOutput {
    if !sniff.must_parse() {
        return FileOutput::default();
    }
    FileOutput {
        errors: vec![LoadError::error(&**name, line, column, message)],
        ..Default::default()
    }
}

/// Kubernetes manifests (`apiVersion` + `kind`): every document of the file, loaded by
/// `src/kubernetes/` (which splits documents itself so one broken document hides no other).
fn kubernetes_hook(name: &Arc<str>, text: &str) -> FileOutput {
    let out = crate::kubernetes::load_text(name, text);
    FileOutput {
        kind: out.recognised.then_some(DocumentKind::Kubernetes),
        resources: out.resources,
        errors: out.errors,
    }
}

/// ARM templates (`$schema` naming `deploymentTemplate`): loaded by [`crate::arm`].
fn arm_hook(name: &Arc<str>, text: &str) -> FileOutput {
    let (resources, errors) = crate::arm::load_text(name, text);
    FileOutput {
        kind: Some(DocumentKind::Arm),
        resources,
        errors,
    }
}

/// When YAML `text` may nest too deep to be read safely: the first line past the bound and
/// the message for it.
pub(crate) fn too_deep(text: &str) -> Option<(u32, String)> {
    let (line, bound) = nesting_bound(text);
    (bound > MAX_NESTING_BOUND).then(|| {
        (
            line,
            format!(
                "block nesting this deep (past column {}) is not read; flatten the file so it can be scanned",
                MAX_NESTING_BOUND / 2
            ),
        )
    })
}

/// An upper bound on how deep block YAML can nest, and the first line that sets a bound above
/// [`MAX_NESTING_BOUND`] (or the line of the highest bound): a nested block starts further right
/// than its parent (a sequence may share its parent mapping's column, hence the factor 2), and
/// compact sequences (`- - - x`) add their own `- ` indicators. Comment lines, blank lines and
/// the content of block scalars (`|`, `>`) nest nothing, however far they are indented. Flow
/// nesting (`[[[`) is limited by saphyr itself.
fn nesting_bound(text: &str) -> (u32, usize) {
    let mut worst = (1, 0);
    // indentation of the line that opened a block scalar, while inside it
    let mut scalar_parent: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let mut rest = line.get(indent..).unwrap_or("");
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        match scalar_parent {
            Some(parent) if indent > parent => continue,
            _ => scalar_parent = None,
        }
        if opens_block_scalar(rest) {
            scalar_parent = Some(indent);
        }
        let mut chain = 0;
        while let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix("? "))
            .or_else(|| rest.strip_prefix("-\t"))
        {
            chain += 1;
            rest = after.trim_start_matches([' ', '\t']);
        }
        let bound = 2 * (indent + chain + 1);
        if bound > worst.1 {
            if worst.1 <= MAX_NESTING_BOUND {
                worst.0 = i as u32 + 1;
            }
            worst.1 = bound;
        }
    }
    worst
}

/// Whether a line ends with a block scalar header (`key: |`, `- >-`, `|2+`), possibly followed
/// by a comment: the lines after it that are indented further are text.
fn opens_block_scalar(line: &str) -> bool {
    let code = match line.find(" #") {
        Some(at) => line.get(..at).unwrap_or(line),
        None => line,
    };
    let code = code.trim_end();
    let Some(header) = code.rsplit([' ', '\t']).next() else {
        return false;
    };
    let mut chars = header.chars();
    let is_header = matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| c == '+' || c == '-' || c.is_ascii_digit());
    // only as a value (`key: |`, `- |`, `? |`, or alone): `a: b |` is a plain scalar
    let before = code
        .get(..code.len() - header.len())
        .unwrap_or("")
        .trim_end();
    is_header
        && (before.is_empty()
            || before.ends_with(':')
            || before.ends_with('-')
            || before.ends_with('?'))
}

/// Logical ids are addresses; when two templates of one scan use the same id, the resources of
/// those templates are qualified with their file (`path/t.yaml:Bucket`), and the references
/// inside them with it, so relations never join across templates.
fn qualify_colliding_templates(per_file: &mut [(Arc<str>, Vec<Resource>)]) {
    let mut owners: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for (i, (_, resources)) in per_file.iter().enumerate() {
        for r in resources
            .iter()
            .filter(|r| r.format == SourceFormat::CloudFormation)
        {
            owners.entry(r.address.as_str()).or_default().insert(i);
        }
    }
    let colliding: BTreeSet<usize> = owners
        .values()
        .filter(|files| files.len() > 1)
        .flatten()
        .copied()
        .collect();
    for i in colliding {
        let Some((file, resources)) = per_file.get_mut(i) else {
            continue;
        };
        let ids: BTreeSet<String> = resources
            .iter()
            .filter(|r| r.format == SourceFormat::CloudFormation)
            .map(|r| r.name.clone())
            .collect();
        for r in resources
            .iter_mut()
            .filter(|r| r.format == SourceFormat::CloudFormation)
        {
            r.address = format!("{file}:{}", r.address);
            for v in r.attributes.values_mut() {
                qualify_refs(v, file, &ids);
            }
        }
    }
}

fn qualify_refs(value: &mut Value, file: &str, ids: &BTreeSet<String>) {
    match value {
        Value::Unknown(u) => {
            if let Some(target) = u.refers_to.as_deref().filter(|t| ids.contains(*t)) {
                u.refers_to = Some(Arc::from(format!("{file}:{target}")));
            }
        }
        Value::List(items) => items.iter_mut().for_each(|v| qualify_refs(v, file, ids)),
        Value::Map(map) => map.values_mut().for_each(|v| qualify_refs(v, file, ids)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_bound_grows_with_indentation_and_compact_sequences() {
        assert_eq!(nesting_bound("a: 1\nb:\n  c: 2\n").1, 6);
        assert!(nesting_bound(&"- ".repeat(3000)).1 > MAX_NESTING_BOUND);
        // a long one-line JSON document is flow content, not block nesting
        let json = format!(
            "{{{}}}",
            (0..5000)
                .map(|i| format!("\"k{i}\": 1"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert!(nesting_bound(&json).1 < 10);
    }

    #[test]
    fn comments_and_block_scalar_text_nest_nothing() {
        let deep_comment = format!("a: 1\n{}# note\nb: 2\n", " ".repeat(1001));
        assert_eq!(nesting_bound(&deep_comment).1, 2);
        let script = format!("run: |\n  echo\n{}echo deep\nnext: 1\n", " ".repeat(1500));
        assert_eq!(nesting_bound(&script).1, 2);
        let folded = format!("- >-\n{}text\n", " ".repeat(1500));
        assert!(nesting_bound(&folded).1 < 10);
        // a `|` that ends a plain scalar opens nothing: what follows still counts
        let plain = format!("a: b |\n{}c: 1\n", " ".repeat(1500));
        assert!(nesting_bound(&plain).1 > MAX_NESTING_BOUND);
    }

    #[test]
    fn the_first_line_past_the_bound_is_named() {
        let text = format!("a:\n{}b: 1\n{}c: 1\n", " ".repeat(1200), " ".repeat(1800));
        assert_eq!(nesting_bound(&text), (2, 2 * 1801));
    }
}
