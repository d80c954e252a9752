//! State shared by one root module's evaluation: the module cache, the warnings (at most one
//! per file and line), the error counter that `try`/`can` read, and the nesting guard.
//!
//! Must never: report the same (file, line) twice, or let a recursion go past its limit.

use super::eval::MAX_DEPTH;
use super::loader::ModuleCache;
use super::parse::ParsedFile;
use crate::LoadOptions;
use crate::read::ReadRoots;
use rampart_model::LoadError;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

pub struct Session<'s> {
    pub cache: &'s ModuleCache,
    pub options: &'s LoadOptions,
    /// The root module's folder: relative `file()` paths are read from there, as Terraform
    /// runs in it.
    pub root_dir: PathBuf,
    /// Where the file functions may read (the scanned paths and `--allow-read` folders).
    pub read_roots: ReadRoots,
    warnings: RefCell<Vec<LoadError>>,
    warned: RefCell<HashSet<(Arc<str>, u32)>>,
    errors: Cell<u64>,
    quiet: Cell<u32>,
    depth: Cell<u32>,
}

/// Leaves a nesting level when dropped.
pub struct DepthGuard<'g>(&'g Cell<u32>);
impl Drop for DepthGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

impl<'s> Session<'s> {
    pub fn new(cache: &'s ModuleCache, options: &'s LoadOptions, root_dir: PathBuf) -> Self {
        Session {
            cache,
            options,
            root_dir,
            read_roots: ReadRoots::new(&options.allow_read),
            warnings: RefCell::new(Vec::new()),
            warned: RefCell::new(HashSet::new()),
            errors: Cell::new(0),
            quiet: Cell::new(0),
            depth: Cell::new(0),
        }
    }

    /// Enters one nesting level, or `None` past [`MAX_DEPTH`].
    pub fn enter(&self) -> Option<DepthGuard<'_>> {
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            self.errors.set(self.errors.get() + 1);
            return None;
        }
        self.depth.set(d + 1);
        Some(DepthGuard(&self.depth))
    }

    /// Silences warnings while the guard lives (inside `try`, `can`, untaken branches).
    pub fn quiet(&self) -> QuietGuard<'_> {
        self.quiet.set(self.quiet.get() + 1);
        QuietGuard(&self.quiet)
    }

    pub fn errors(&self) -> u64 {
        self.errors.get()
    }

    /// Forgets errors counted since `count` (speculative evaluation of an untaken branch).
    pub fn restore_errors(&self, count: u64) {
        self.errors.set(count);
    }

    pub fn fail(&self) {
        self.errors.set(self.errors.get() + 1);
    }

    pub fn warn(&self, file: &ParsedFile, range: Option<Range<usize>>, message: String) {
        self.fail();
        if self.quiet.get() > 0 {
            return;
        }
        let (line, column) = file.line_col(range);
        self.warn_at(&file.path, line, column, message);
    }

    /// A warning at a known place, kept only if nothing was reported on that line yet.
    pub fn warn_at(&self, file: &Arc<str>, line: u32, column: u32, message: String) {
        if !self.warned.borrow_mut().insert((file.clone(), line)) {
            return;
        }
        self.warnings
            .borrow_mut()
            .push(LoadError::warning(&**file, line, column, message));
    }

    pub fn into_warnings(self) -> Vec<LoadError> {
        self.warnings.into_inner()
    }
}

pub struct QuietGuard<'g>(&'g Cell<u32>);
impl Drop for QuietGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}
