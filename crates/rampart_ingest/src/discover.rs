//! Finds the files to load under the given paths and groups Terraform files by folder (one
//! folder = one module). Honours `.gitignore` and the user's exclude globs; skips `.terraform`.
//!
//! Symbolic links: a link to a file is loaded as a file of the folder the link is in (as
//! Terraform does) when its target is inside the scanned paths; a link that leads outside them
//! is an error naming the link, and the target is never read (a repository is hostile input:
//! `main.tf -> /etc/passwd` must not reach a report). Links to folders are not followed (their
//! content inside the scanned paths is found under its real path), so a link loop cannot hang
//! the walk; one that leads outside is a warning.

use globset::{Glob, GlobSet, GlobSetBuilder};
use rampart_model::LoadError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `.tf` / `.tf.json` / `.tfvars` files of one folder.
#[derive(Clone, Debug, Default)]
pub struct TerraformDir {
    pub dir: PathBuf,
    /// `.tf` and `.tf.json` files, sorted.
    pub files: Vec<PathBuf>,
    /// `terraform.tfvars(.json)` and `*.auto.tfvars(.json)`, in Terraform's order.
    pub tfvars: Vec<PathBuf>,
    /// A single `.tf` file given on the command line: loaded as a module of its own, without
    /// the rest of its folder or its tfvars.
    pub single_file: bool,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub terraform_dirs: Vec<TerraformDir>,
    /// YAML and JSON files that may be CloudFormation, Kubernetes, ARM or a plan.
    pub documents: Vec<PathBuf>,
    pub errors: Vec<LoadError>,
    /// The scanned paths and `--allow-read` folders, canonical: where a symbolic link may lead.
    pub roots: Vec<PathBuf>,
}

/// Where a symbolic link leads, when it may be read: its canonical target if that is inside
/// one of `roots` (canonical paths), else why not, as a message naming the link.
pub fn link_target_within(link: &Path, roots: &[PathBuf]) -> Result<PathBuf, String> {
    let target = std::fs::canonicalize(link).map_err(|e| {
        format!(
            "symbolic link `{}` cannot be followed: {e}; it is not read",
            link.display()
        )
    })?;
    if roots.iter().any(|r| target.starts_with(r)) {
        Ok(target)
    } else {
        Err(format!(
            "symbolic link `{}` leads outside the scanned folders (to `{}`); it is not read (allow its folder with `--allow-read DIR` if it should be)",
            link.display(),
            target.display()
        ))
    }
}

pub fn is_terraform(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

fn is_tfvars(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "terraform.tfvars"
        || name == "terraform.tfvars.json"
        || name.ends_with(".auto.tfvars")
        || name.ends_with(".auto.tfvars.json")
}

fn is_document(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Terraform's own state file name: skipping it would hide what it declares
    name.ends_with(".tfstate")
        || !name.ends_with(".tf.json")
            && !name.ends_with(".tfvars.json")
            && [".yaml", ".yml", ".json", ".template", ".ndjson", ".jsonl"]
                .iter()
                .any(|e| name.ends_with(e))
}

fn exclude_set(patterns: &[String]) -> (GlobSet, Vec<LoadError>) {
    let mut builder = GlobSetBuilder::new();
    let mut errors = Vec::new();
    for p in patterns {
        for pat in [
            p.clone(),
            format!("**/{p}"),
            format!("**/{}/**", p.trim_end_matches('/')),
        ] {
            match Glob::new(&pat) {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => {
                    errors.push(LoadError::error(
                        ".rampart.toml",
                        0,
                        0,
                        format!("invalid exclude pattern `{p}`: {e}"),
                    ));
                    break;
                }
            }
        }
    }
    (builder.build().unwrap_or_else(|_| GlobSet::empty()), errors)
}

pub fn discover(paths: &[PathBuf], exclude: &[String]) -> Discovered {
    discover_allowing(paths, exclude, &[])
}

/// [`discover`], where symbolic links may also lead into the `allow_read` folders (the
/// `--allow-read` folders, which the operator opened to the scan).
pub fn discover_allowing(
    paths: &[PathBuf],
    exclude: &[String],
    allow_read: &[PathBuf],
) -> Discovered {
    let (excluded, mut errors) = exclude_set(exclude);
    let roots: Vec<PathBuf> = paths
        .iter()
        .chain(allow_read)
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .map(|p| match p.is_file() {
            // a single file given: links beside it may lead into its folder
            true => p.parent().map(Path::to_path_buf).unwrap_or(p),
            false => p,
        })
        .collect();
    let mut dirs: BTreeMap<PathBuf, TerraformDir> = BTreeMap::new();
    let mut documents = Vec::new();
    let mut single_files: Vec<TerraformDir> = Vec::new();
    for root in paths {
        if root.is_file() && is_terraform(root) {
            let relative = root.file_name().map(Path::new).unwrap_or(root);
            if !(excluded.is_match(relative) || excluded.is_match(root)) {
                single_files.push(TerraformDir {
                    dir: root.parent().map(Path::to_path_buf).unwrap_or_default(),
                    files: vec![root.clone()],
                    tfvars: Vec::new(),
                    single_file: true,
                });
            }
            continue;
        }
        if !root.exists() {
            errors.push(LoadError::error(
                root.display().to_string(),
                0,
                0,
                "path does not exist",
            ));
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .git_ignore(true)
            .require_git(false)
            .filter_entry(|e| {
                let name = e.file_name().to_str().unwrap_or("");
                !(e.depth() > 0
                    && (name == ".terraform" || name == ".git" || name == "node_modules"))
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(LoadError::error(
                        root.display().to_string(),
                        0,
                        0,
                        format!("cannot read: {e}"),
                    ));
                    continue;
                }
            };
            let path = entry.path();
            let relative = path.strip_prefix(root).unwrap_or(path);
            if excluded.is_match(relative) || excluded.is_match(path) {
                continue;
            }
            if entry.path_is_symlink() {
                if let Some(error) = refused_link(path, &roots) {
                    errors.push(error);
                    continue;
                }
                // a link to a file inside the scanned paths: a file of this folder
                if !path.is_file() {
                    continue;
                }
            } else if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            if is_terraform(path) {
                let d = dirs.entry(dir.clone()).or_insert_with(|| TerraformDir {
                    dir,
                    ..Default::default()
                });
                d.files.push(path.to_path_buf());
            } else if is_tfvars(path) {
                let d = dirs.entry(dir.clone()).or_insert_with(|| TerraformDir {
                    dir,
                    ..Default::default()
                });
                d.tfvars.push(path.to_path_buf());
            } else if is_document(path) {
                documents.push(path.to_path_buf());
            }
        }
    }
    let mut terraform_dirs: Vec<TerraformDir> =
        dirs.into_values().filter(|d| !d.files.is_empty()).collect();
    for d in &mut terraform_dirs {
        d.files.sort();
        d.files.dedup();
        // terraform.tfvars first, then *.auto.tfvars in lexical order
        d.tfvars.sort_by_key(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string();
            (!name.starts_with("terraform.tfvars"), name)
        });
        d.tfvars.dedup();
    }
    terraform_dirs.extend(single_files);
    documents.sort();
    documents.dedup();
    Discovered {
        terraform_dirs,
        documents,
        errors,
        roots,
    }
}

/// Why a symbolic link met in the walk is not loaded, if it is not: an error for a link to a
/// file Rampart would read, a warning for a link to a folder; nothing for other links (a link
/// to a README leaks nothing) or a folder link inside the scanned paths.
fn refused_link(link: &Path, roots: &[PathBuf]) -> Option<LoadError> {
    let name = link.display().to_string();
    let is_dir = link.is_dir();
    let read = is_terraform(link) || is_tfvars(link) || is_document(link);
    match link_target_within(link, roots) {
        Ok(_) => None,
        Err(message) if is_dir => Some(LoadError::warning(name, 0, 0, message)),
        Err(message) if read => Some(LoadError::error(name, 0, 0, message)),
        Err(_) => None,
    }
}
