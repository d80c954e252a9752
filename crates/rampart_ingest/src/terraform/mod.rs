//! The Terraform loader: parses every `.tf`/`.tf.json` file with hcl-edit (keeping spans),
//! groups each folder into one module, finds the root modules (folders no other scanned folder
//! calls as a local module), and evaluates each root as Terraform would — variables and tfvars,
//! locals, references, functions, `count`/`for_each`, `dynamic` blocks, local modules — into
//! resources with real addresses (`module.site.aws_s3_bucket.b["logs"]`).
//!
//! Files are read in parallel and roots evaluated in parallel, on a pool with large stacks
//! so deep (but bounded) recursion is safe. Only the files that may call modules are parsed
//! before the roots are known; a folder's other files are parsed when it is first needed, and
//! its syntax trees freed after the last root that may reach it (see [`scanned`],
//! [`release`]), so the trees of a whole scan are never all held at once.
//!
//! Must never: panic on any input, stop loading other files because one is bad, or invent a
//! value it cannot know (that is `Value::Unknown`).

pub mod builtin;
mod duplicates;
pub mod eval;
pub mod fileset;
pub mod functions;
pub mod instance;
pub mod json;
pub mod json_holes;
pub mod loader;
pub mod module;
pub mod parse;
pub mod paths;
pub mod policy;
pub mod release;
pub mod scanned;
pub mod session;
pub mod vars;

use crate::LoadOptions;
use crate::discover::TerraformDir;
use instance::Instance;
use loader::ModuleCache;
use module::{ModuleSource, is_local_source};
use parse::ParsedFile;
use rampart_model::{LoadError, Resource};
use rayon::prelude::*;
use release::TreeRelease;
use scanned::{FileState, PendingFolder, ScannedFile};
use session::Session;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

pub struct TerraformOutput {
    pub resources: Vec<Resource>,
    pub errors: Vec<LoadError>,
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    /// Files read (configuration, tfvars, var files, modules reached through calls).
    pub files: usize,
}

/// Evaluation recurses (bounded by [`eval::MAX_DEPTH`]); give it room.
const STACK_BYTES: usize = 64 << 20;

fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(STACK_BYTES)
            .thread_name(|i| format!("rampart-terraform-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

fn on_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(p) => p.install(f),
        None => f(),
    }
}

/// Loads the scanned folders: every root module with the modules it calls.
pub fn load_dirs(dirs: &[TerraformDir], options: &LoadOptions) -> TerraformOutput {
    let roots: Vec<PathBuf> = dirs
        .iter()
        .filter_map(|d| std::fs::canonicalize(&d.dir).ok())
        .collect();
    load_dirs_within(dirs, &roots, options)
}

/// [`load_dirs`] for a scan of `roots` (canonical paths, see
/// [`crate::discover::Discovered::roots`]): symbolic links in module folders read from disk
/// may lead only there.
pub fn load_dirs_within(
    dirs: &[TerraformDir],
    roots: &[PathBuf],
    options: &LoadOptions,
) -> TerraformOutput {
    on_pool(|| load_dirs_on_pool(dirs, roots, options))
}

/// The scope of a root's resources: its folder (or the single file given), as the user wrote it.
fn module_key_display(d: &TerraformDir) -> String {
    match (d.single_file, d.files.first()) {
        (true, Some(f)) => f.display().to_string(),
        _ => d.dir.display().to_string(),
    }
}

/// The key a scanned folder is cached under: its normalized folder, or for a single file given
/// on the command line, the file's own path (so it never stands for the folder).
fn module_key(d: &TerraformDir) -> PathBuf {
    match (d.single_file, d.files.first()) {
        (true, Some(f)) => paths::normalize(f),
        _ => paths::normalize(&d.dir),
    }
}

fn load_dirs_on_pool(
    dirs: &[TerraformDir],
    scanned_paths: &[PathBuf],
    options: &LoadOptions,
) -> TerraformOutput {
    let jobs: Vec<(usize, bool, &PathBuf)> = dirs
        .iter()
        .enumerate()
        .flat_map(|(i, d)| {
            d.files
                .iter()
                .map(move |p| (i, false, p))
                .chain(d.tfvars.iter().map(move |p| (i, true, p)))
        })
        .collect();
    let mut files_read = jobs.len() + options.var_files.len();
    let keys: Vec<PathBuf> = dirs.iter().map(module_key).collect();
    // two folders under one key: the cache keeps the last, the root its own; build them all
    // up front as they are, rather than reason about which one a deferred build is
    let defer = keys.iter().collect::<HashSet<_>>().len() == keys.len();
    // 1. read every file in parallel; parse the tfvars and the files that may call modules
    // now, the rest when their folder is needed (see `scanned`)
    let read: Vec<(usize, bool, Result<FileState, LoadError>)> = jobs
        .par_iter()
        .map(|&(i, is_tfvars, p)| {
            let state = parse::read_path(p, &options.overlay).and_then(|(name, text)| {
                if is_tfvars || !defer || scanned::may_call_modules(&name, &text) {
                    parse::parse_text(&name, &text).map(FileState::Parsed)
                } else {
                    Ok(FileState::Text { name, text })
                }
            });
            (i, is_tfvars, state)
        })
        .collect();
    let mut by_job: Vec<(usize, LoadError)> = Vec::new();
    let mut folders: Vec<PendingFolder> = dirs
        .iter()
        .map(|d| PendingFolder {
            dir: paths::normalize(&d.dir),
            files: Vec::new(),
        })
        .collect();
    let mut tfvars: Vec<Vec<ParsedFile>> = dirs.iter().map(|_| Vec::new()).collect();
    for (job, (i, is_tfvars, result)) in read.into_iter().enumerate() {
        match (result, is_tfvars) {
            (Ok(FileState::Parsed(mut f)), true) => {
                by_job.extend(std::mem::take(&mut f.notes).into_iter().map(|e| (job, e)));
                if let Some(list) = tfvars.get_mut(i) {
                    list.push(f);
                }
            }
            (Ok(state), _) => {
                if let Some(folder) = folders.get_mut(i) {
                    folder.files.push(ScannedFile { job, state });
                }
            }
            (Err(e), _) => by_job.push((job, e)),
        }
    }
    // 2. a folder called by another scanned folder is not a root
    let mut called: HashSet<PathBuf> = HashSet::new();
    let mut calls: Vec<Vec<PathBuf>> = Vec::with_capacity(folders.len());
    for (key, folder) in keys.iter().zip(&folders) {
        let mut targets = Vec::new();
        for source in folder.call_sources() {
            if is_local_source(&source) {
                let target = paths::normalize(&folder.dir.join(&source));
                if &target != key {
                    called.insert(target.clone());
                }
                targets.push(target);
            }
        }
        calls.push(targets);
    }
    let roots: Vec<usize> = (0..dirs.len())
        .filter(|&i| {
            let single = dirs.get(i).is_some_and(|d| d.single_file);
            single || keys.get(i).is_some_and(|k| !called.contains(k))
        })
        .collect();
    // 3. --var-file files, shared by every root
    let mut var_file_errors = Vec::new();
    let mut var_files = Vec::new();
    for p in &options.var_files {
        match parse::parse_path(p, &options.overlay) {
            Ok(mut f) => {
                var_file_errors.append(&mut f.notes);
                var_files.push(f);
            }
            Err(e) => var_file_errors.push(e),
        }
    }
    // 4. one module per folder: deferred (built by the cache on first use), or built now
    let cache = ModuleCache::with_roots(scanned_paths.to_vec(), options.overlay.clone());
    let mut sources = BTreeMap::new();
    let mut held: Vec<Mutex<Option<Arc<ModuleSource>>>> = Vec::with_capacity(folders.len());
    if defer {
        for (key, folder) in keys.iter().zip(folders) {
            cache.defer(key.clone(), folder);
            held.push(Mutex::new(None));
        }
    } else {
        for (key, folder) in keys.iter().zip(folders) {
            let (dir, files) = folder.parse_rest(&mut by_job);
            let module = Arc::new(ModuleSource::new(dir, files));
            cache.insert(key.clone(), module.clone());
            held.push(Mutex::new(Some(module)));
        }
        for m in cache.modules() {
            for f in &m.files {
                sources.insert(f.path.clone(), f.text.clone());
            }
        }
    }
    // 5. evaluate the roots in parallel, freeing each module's trees after the last root that
    // may reach it
    let release = TreeRelease::new(&keys, &calls, &roots);
    let results: Vec<(Vec<Resource>, Vec<LoadError>)> = roots
        .par_iter()
        .enumerate()
        .filter_map(|(position, &i)| {
            let own = held
                .get(i)?
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            let module = match own {
                Some(m) => m,
                None => cache.get(keys.get(i)?)?,
            };
            let own_tfvars: Vec<&ParsedFile> = match dirs.get(i) {
                Some(d) if !d.single_file => tfvars
                    .get(i)
                    .map(|v| v.iter().collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            let scope: Arc<str> = Arc::from(module_key_display(dirs.get(i)?));
            let (mut resources, errors) =
                evaluate_root(&cache, options, module, &own_tfvars, &var_files);
            for r in &mut resources {
                r.scope = scope.clone();
            }
            for m in release.finished(position) {
                if let (Some(key), Some(slot)) = (keys.get(m), held.get(m)) {
                    cache.remove(key);
                    let freed = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                    drop(freed);
                }
            }
            Some((resources, errors))
        })
        .collect();
    cache.build_unreached();
    let (scanned_errors, scanned_sources) = cache.take_scanned();
    by_job.extend(scanned_errors);
    by_job.sort_by_key(|(job, _)| *job);
    let mut errors: Vec<LoadError> = by_job.into_iter().map(|(_, e)| e).collect();
    errors.extend(var_file_errors);
    let mut resources = Vec::new();
    for (r, e) in results {
        resources.extend(r);
        errors.extend(e);
    }
    let (module_errors, module_files) = cache.take_errors();
    errors.extend(module_errors);
    files_read += module_files;
    // 6. sources: every file read (modules read from disk while evaluating are still cached)
    sources.extend(scanned_sources);
    for m in cache.modules() {
        for f in &m.files {
            sources.insert(f.path.clone(), f.text.clone());
        }
    }
    for f in tfvars.iter().flatten().chain(&var_files) {
        sources.insert(f.path.clone(), f.text.clone());
    }
    // the syntax trees are many small allocations: free them on all threads
    drop(cache);
    held.into_par_iter().for_each(drop);
    TerraformOutput {
        resources,
        errors: dedup_warnings(errors),
        sources,
        files: files_read,
    }
}

fn evaluate_root(
    cache: &ModuleCache,
    options: &LoadOptions,
    module: Arc<ModuleSource>,
    tfvars: &[&ParsedFile],
    var_files: &[ParsedFile],
) -> (Vec<Resource>, Vec<LoadError>) {
    let session = Session::new(cache, options, module.dir.clone());
    let vars = vars::root_variables(&session, &module, tfvars, var_files, &options.vars);
    let root = Instance::new(module, String::new(), vars, ".".into(), 0, Vec::new());
    root.force(&session);
    let mut out = Vec::new();
    root.collect(&mut out);
    drop(root);
    (out, session.into_warnings())
}

/// At most one warning per (file, line) across roots sharing a module.
fn dedup_warnings(errors: Vec<LoadError>) -> Vec<LoadError> {
    let mut seen: HashSet<(String, u32)> = HashSet::new();
    errors
        .into_iter()
        .filter(|e| e.is_error() || seen.insert((e.file.clone(), e.line)))
        .collect()
}

/// Loads one file's text as a root module of its own (its folder is the module folder for
/// `file()` and local module sources).
pub fn load_single_text(file_name: &str, text: &str) -> TerraformOutput {
    on_pool(|| {
        let parsed = match parse::parse_text(file_name, text) {
            Ok(f) => f,
            Err(e) => {
                return TerraformOutput {
                    resources: Vec::new(),
                    errors: vec![e],
                    sources: BTreeMap::from([(Arc::from(file_name), Arc::from(text))]),
                    files: 1,
                };
            }
        };
        let dir = Path::new(file_name)
            .parent()
            .map(paths::normalize)
            .unwrap_or_else(|| PathBuf::from("."));
        // the file functions may read the file's own folder, as a scan of it would
        let options = LoadOptions {
            allow_read: vec![dir.clone()],
            ..LoadOptions::default()
        };
        let cache = ModuleCache::default();
        let mut files = vec![parsed];
        let problems = parse::take_problems(&mut files);
        let module = Arc::new(ModuleSource::new(dir, files));
        cache.insert(paths::normalize(Path::new(file_name)), module.clone());
        let (resources, mut errors) = evaluate_root(&cache, &options, module, &[], &[]);
        let (module_errors, module_files) = cache.take_errors();
        errors.extend(module_errors);
        errors.extend(problems.into_iter().map(|(_, e)| e));
        let mut sources = BTreeMap::new();
        for m in cache.modules() {
            for f in &m.files {
                sources.insert(f.path.clone(), f.text.clone());
            }
        }
        TerraformOutput {
            resources,
            errors: dedup_warnings(errors),
            sources,
            files: 1 + module_files,
        }
    })
}
