//! Loaders: read infrastructure code into the one [`rampart_model::Inventory`].
//!
//! Every file is read and parsed in parallel; a file that cannot be read or parsed becomes a
//! [`LoadError`] with file:line:col and the rest still loads. Nothing here panics on any input.

pub mod arm;
pub mod cloud_exports;
pub mod cloudformation;
mod cycle_guard;
pub mod discover;
pub mod documents;
pub mod kubernetes;
pub mod plan;
pub mod read;
pub mod snapshot;
pub mod suppress;
pub mod terraform;
pub mod units;
mod utf8;
pub mod vocabulary;
mod yaml_spans;

use rampart_model::{Inventory, LoadError, Resource};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
pub use terraform::session::EvalLimits;

/// What the user asked for on the command line or in `.rampart.toml`.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `--var-file`: extra tfvars files, applied after `terraform.tfvars` and `*.auto.tfvars`.
    pub var_files: Vec<PathBuf>,
    /// `--var k=v`, applied last.
    pub vars: Vec<(String, String)>,
    /// Glob patterns (relative to each scanned path) of files and folders to skip.
    pub exclude: Vec<String>,
    /// Folders whose files `file()`, `templatefile()` and the other file functions may read;
    /// [`load_paths`] adds the scanned paths. Anything else is refused (a repository is
    /// hostile input: `file("/proc/self/environ")` must not reach a report).
    pub allow_read: Vec<PathBuf>,
    /// The Terraform evaluation budget of each root module (see docs/limits.md).
    pub limits: EvalLimits,
    /// Texts read in place of some source files (the verification loop's edited copies).
    pub overlay: read::SourceOverlay,
}

#[derive(Debug, Default)]
pub struct LoadOutput {
    pub inventory: Inventory,
    /// Errors and warnings, sorted by file and line.
    pub errors: Vec<LoadError>,
    /// Number of files read.
    pub files: usize,
    /// Text of every file loaded, by the path used in spans (for snippets and fixes).
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
}

/// Loads everything Rampart understands under `paths` (files or folders).
pub fn load_paths(paths: &[PathBuf], options: &LoadOptions) -> LoadOutput {
    let mut options = options.clone();
    options.allow_read.extend(paths.iter().cloned());
    let options = &options;
    let found = discover::discover_allowing(paths, &options.exclude, &options.allow_read);
    load_found(
        &found.terraform_dirs,
        &found.documents,
        &found.roots,
        options,
        found.errors,
        true,
    )
}

/// Loads discovered files: `roots` are the canonical folders links may lead into, `errors`
/// the discovery's problems (see [`discover::Discovered`]). `terraform`: run the Terraform
/// loader even without folders (it reads the `--var-file` files and reports their errors).
pub fn load_found(
    terraform_dirs: &[discover::TerraformDir],
    documents: &[PathBuf],
    roots: &[PathBuf],
    options: &LoadOptions,
    mut errors: Vec<LoadError>,
    terraform: bool,
) -> LoadOutput {
    let mut resources: Vec<Resource> = Vec::new();
    let mut files = 0;
    let mut sources = BTreeMap::new();
    if terraform || !terraform_dirs.is_empty() {
        let tf = terraform::load_dirs_within(terraform_dirs, roots, options);
        files += tf.files;
        resources.extend(tf.resources);
        errors.extend(tf.errors);
        sources = tf.sources;
    }
    if !documents.is_empty() {
        let docs = documents::load_documents(documents, options);
        resources.extend(docs.resources);
        errors.extend(docs.errors);
        sources.extend(docs.sources);
        files += docs.files;
    }
    sort_errors(&mut errors);
    resources.sort_by(|a, b| a.address.cmp(&b.address));
    LoadOutput {
        inventory: Inventory::new(resources),
        errors,
        files,
        sources,
    }
}

/// The order errors are reported in (file, line, column, message), without repeats.
pub fn sort_errors(errors: &mut Vec<LoadError>) {
    errors.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    errors.dedup();
}

/// Loads Terraform source given as text (tests, fixtures, the verification loop).
pub fn load_terraform_text(file_name: &str, text: &str) -> LoadOutput {
    let tf = terraform::load_single_text(file_name, text);
    let mut errors = tf.errors;
    errors.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    let mut resources = tf.resources;
    resources.sort_by(|a, b| a.address.cmp(&b.address));
    LoadOutput {
        inventory: Inventory::new(resources),
        errors,
        files: tf.files,
        sources: tf.sources,
    }
}
