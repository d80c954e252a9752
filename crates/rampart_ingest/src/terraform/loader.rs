//! The module cache: every module folder is parsed once per scan, whether it was scanned or
//! only reached through a `source = "../modules/x"` call, and shared by every root that uses it.
//!
//! Must never: parse a folder twice, or block forever (each folder is loaded under its own
//! once-cell, never while holding the map lock).

use super::module::ModuleSource;
use super::parse::{self, ParsedFile};
use crate::discover::is_terraform;
use rampart_model::LoadError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

type Entry = Arc<OnceLock<Option<Arc<ModuleSource>>>>;

#[derive(Default)]
pub struct ModuleCache {
    entries: Mutex<HashMap<PathBuf, Entry>>,
    errors: Mutex<Vec<LoadError>>,
    files_read: AtomicUsize,
}

impl ModuleCache {
    /// Registers an already parsed module under `key` (its folder, or a single file's path).
    pub fn insert(&self, key: PathBuf, module: Arc<ModuleSource>) {
        let cell: Entry = Arc::new(OnceLock::new());
        let _ = cell.set(Some(module));
        self.lock_entries().insert(key, cell);
    }

    /// The module in folder `dir` (normalized), parsed from disk on first use.
    pub fn get(&self, dir: &Path) -> Option<Arc<ModuleSource>> {
        let cell = self
            .lock_entries()
            .entry(dir.to_path_buf())
            .or_default()
            .clone();
        cell.get_or_init(|| self.load_from_disk(dir)).clone()
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
            .collect();
        if paths.is_empty() {
            return None;
        }
        paths.sort();
        let mut files: Vec<ParsedFile> = Vec::new();
        for p in &paths {
            self.files_read.fetch_add(1, Ordering::Relaxed);
            match parse::parse_path(p) {
                Ok(f) => files.push(f),
                Err(e) => self
                    .errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(e),
            }
        }
        Some(Arc::new(ModuleSource::new(dir.to_path_buf(), files)))
    }

    /// Every module loaded, for the sources map.
    pub fn modules(&self) -> Vec<Arc<ModuleSource>> {
        let entries: Vec<Entry> = self.lock_entries().values().cloned().collect();
        entries
            .iter()
            .filter_map(|c| c.get().cloned().flatten())
            .collect()
    }

    /// Parse errors of modules read from disk, and how many files that took.
    pub fn take_errors(&self) -> (Vec<LoadError>, usize) {
        let errors = std::mem::take(&mut *self.errors.lock().unwrap_or_else(|e| e.into_inner()));
        (errors, self.files_read.load(Ordering::Relaxed))
    }
}
