//! The module cache: every module folder is parsed once per scan, whether it was scanned or
//! only reached through a `source = "../modules/x"` call, and shared by every root that uses it.
//!
//! Must never: parse a folder twice, or block forever (each folder is loaded under its own
//! once-cell, never while holding the map lock).

use super::module::ModuleSource;
use super::parse::{self, ParsedFile};
use super::scanned::PendingFolder;
use crate::discover::is_terraform;
use crate::read::SourceOverlay;
use rampart_model::LoadError;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

type Entry = Arc<OnceLock<Option<Arc<ModuleSource>>>>;

/// A file's path and text, for the sources map.
pub type FileText = (Arc<str>, Arc<str>);

#[derive(Default)]
pub struct ModuleCache {
    entries: Mutex<HashMap<PathBuf, Entry>>,
    errors: Mutex<Vec<LoadError>>,
    files_read: AtomicUsize,
    /// Scanned folders not built yet, by key: built on first `get` (see [`super::scanned`]).
    pending: Mutex<HashMap<PathBuf, PendingFolder>>,
    /// Parse errors of scanned folders built here, with each file's position in the scan.
    scanned_errors: Mutex<Vec<(usize, LoadError)>>,
    /// Path and text of every file of the scanned folders built here.
    scanned_sources: Mutex<Vec<FileText>>,
    /// The scanned paths, canonical: where a symbolic link in a module folder read from disk
    /// may lead (besides that folder itself).
    roots: Vec<PathBuf>,
    /// Texts read in place of module files on disk.
    overlay: SourceOverlay,
}

impl ModuleCache {
    /// A cache for a scan of `roots` (canonical paths).
    pub fn with_roots(roots: Vec<PathBuf>, overlay: SourceOverlay) -> Self {
        ModuleCache {
            roots,
            overlay,
            ..Default::default()
        }
    }

    /// Registers an already parsed module under `key` (its folder, or a single file's path).
    pub fn insert(&self, key: PathBuf, module: Arc<ModuleSource>) {
        let cell: Entry = Arc::new(OnceLock::new());
        let _ = cell.set(Some(module));
        self.lock_entries().insert(key, cell);
    }

    /// Registers a scanned folder under `key`, to be parsed and built on first use.
    pub fn defer(&self, key: PathBuf, folder: PendingFolder) {
        lock(&self.pending).insert(key, folder);
    }

    /// The module in folder `dir` (normalized): a scanned folder is built on first use, any
    /// other folder parsed from disk on first use.
    pub fn get(&self, dir: &Path) -> Option<Arc<ModuleSource>> {
        let cell = self
            .lock_entries()
            .entry(dir.to_path_buf())
            .or_default()
            .clone();
        cell.get_or_init(|| {
            let pending = lock(&self.pending).remove(dir);
            match pending {
                Some(folder) => Some(self.build(folder)),
                None => self.load_from_disk(dir),
            }
        })
        .clone()
    }

    fn build(&self, folder: PendingFolder) -> Arc<ModuleSource> {
        let mut errors = Vec::new();
        let (dir, files) = folder.parse_rest(&mut errors);
        lock(&self.scanned_errors).extend(errors);
        lock(&self.scanned_sources).extend(files.iter().map(|f| (f.path.clone(), f.text.clone())));
        Arc::new(ModuleSource::new(dir, files))
    }

    /// Parses the scanned folders no root reached (a cycle of calls, or released unused), for
    /// their errors and sources; their trees are dropped right away.
    pub fn build_unreached(&self) {
        let left: Vec<PendingFolder> = lock(&self.pending).drain().map(|(_, f)| f).collect();
        left.into_par_iter()
            .for_each(|folder| drop(self.build(folder)));
    }

    /// Parse errors (with each file's position in the scan) and sources of the scanned folders
    /// built here.
    pub fn take_scanned(&self) -> (Vec<(usize, LoadError)>, Vec<FileText>) {
        (
            std::mem::take(&mut *lock(&self.scanned_errors)),
            std::mem::take(&mut *lock(&self.scanned_sources)),
        )
    }

    /// Forgets the module under `key` (its trees are freed once no evaluation holds it); only
    /// for a module no root still to be evaluated can reach (see [`super::release`]).
    pub fn remove(&self, key: &Path) {
        let removed = self.lock_entries().remove(key);
        drop(removed);
    }

    fn lock_entries(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn load_from_disk(&self, dir: &Path) -> Option<Arc<ModuleSource>> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file() && is_terraform(p))
            .filter(|p| self.link_allowed(dir, p))
            .collect();
        if paths.is_empty() {
            return None;
        }
        paths.sort();
        let mut files: Vec<ParsedFile> = Vec::new();
        for p in &paths {
            self.files_read.fetch_add(1, Ordering::Relaxed);
            match parse::parse_path(p, &self.overlay) {
                Ok(f) => files.push(f),
                Err(e) => self
                    .errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(e),
            }
        }
        let problems = parse::take_problems(&mut files);
        lock(&self.errors).extend(problems.into_iter().map(|(_, e)| e));
        Some(Arc::new(ModuleSource::new(dir.to_path_buf(), files)))
    }

    /// Whether file `path` of module folder `dir` may be read: a symbolic link only when it
    /// leads inside the scanned paths or `dir` itself (else an error, and it is never read).
    fn link_allowed(&self, dir: &Path, path: &Path) -> bool {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return true;
        }
        let mut allowed = self.roots.clone();
        allowed.extend(std::fs::canonicalize(dir).ok());
        match crate::discover::link_target_within(path, &allowed) {
            Ok(_) => true,
            Err(message) => {
                let name = path.display().to_string();
                lock(&self.errors).push(LoadError::error(name, 0, 0, message));
                false
            }
        }
    }

    /// Every module loaded, for the sources map.
    pub fn modules(&self) -> Vec<Arc<ModuleSource>> {
        let entries: Vec<Entry> = self.lock_entries().values().cloned().collect();
        entries
            .iter()
            .filter_map(|c| c.get().cloned().flatten())
            .collect()
    }

    /// Parse errors of modules read from disk (not scanned), and how many files that took.
    pub fn take_errors(&self) -> (Vec<LoadError>, usize) {
        let errors = std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()));
        (errors, self.files_read.load(Ordering::Relaxed))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
