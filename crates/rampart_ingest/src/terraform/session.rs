//! State shared by one root module's evaluation: the module cache, the warnings (at most one
//! per file and line), the error counter that `try`/`can` read, the nesting guard, and the
//! evaluation budget ([`EvalLimits`]): how large one value may grow, how many instances
//! `count`/`for_each` may make, and how much work the whole root may take.
//!
//! Must never: report the same (file, line) twice, let a recursion go past its limit, or let a
//! hostile configuration take memory or time without bound (past a budget the value at hand is
//! Unknown and an error names the expression's file:line).

use super::eval::MAX_DEPTH;
use super::loader::ModuleCache;
use super::parse::ParsedFile;
use crate::LoadOptions;
use crate::read::ReadRoots;
use rampart_model::{LoadError, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// What one root module's evaluation may use. The defaults are far above real configurations
/// (see docs/limits.md) and stop the exponential ones (strings doubling through locals, nested
/// `for` over large ranges, `count` multiplied through modules) in well under a second of
/// work and a few hundred MiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalLimits {
    /// Bytes of string in one value (all its strings together).
    pub value_bytes: usize,
    /// Elements of one value: list items and map entries, nested ones included.
    pub value_items: usize,
    /// Instances one `count` or `for_each` may make.
    pub instances_per_block: usize,
    /// Resource and module instances of a root module with all its modules.
    pub instances_total: usize,
    /// Work units of a root module's evaluation: one per expression evaluated; a value built
    /// or copied costs one per element and one per 4 bytes of text ([`Size::copy_cost`]); a value
    /// kept (a local, an attribute, a module input or output) costs 8 per element and one per
    /// 4 bytes ([`Size::keep_cost`]), so the memory a root holds is bounded too (about 600 MiB
    /// at most with the default). A step count rather than a clock, so that the result never
    /// depends on machine load.
    pub steps: u64,
}

impl Default for EvalLimits {
    fn default() -> Self {
        EvalLimits {
            value_bytes: 16 << 20,
            value_items: 1_000_000,
            instances_per_block: 10_000,
            instances_total: 50_000,
            steps: 100_000_000,
        }
    }
}

/// The size of a value, counted until it passes the limits (so measuring is cheap too).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    pub bytes: usize,
    pub items: usize,
}

impl Size {
    /// Measures `value`, stopping once it is larger than `limits` allow.
    pub fn of(value: &Value, limits: &EvalLimits) -> Size {
        // most values measured are scalars: no walk, no allocation
        match value {
            Value::String(s) => {
                return Size {
                    bytes: s.len(),
                    items: 0,
                };
            }
            Value::List(_) | Value::Map(_) => {}
            _ => return Size::default(),
        }
        let mut size = Size::default();
        let mut pending = vec![value];
        while let Some(v) = pending.pop() {
            match v {
                Value::String(s) => size.bytes += s.len(),
                Value::List(items) => {
                    size.items += items.len();
                    pending.extend(items);
                }
                Value::Map(map) => {
                    size.items += map.len();
                    size.bytes += map.keys().map(String::len).sum::<usize>();
                    pending.extend(map.values());
                }
                _ => {}
            }
            if size.exceeds(limits) {
                break;
            }
        }
        size
    }

    pub fn exceeds(&self, limits: &EvalLimits) -> bool {
        self.bytes > limits.value_bytes || self.items > limits.value_items
    }

    /// Work units of building or copying a value of this size (mostly short-lived).
    pub fn copy_cost(&self) -> u64 {
        // text costs as much copied as kept: a 16 MiB string passed 1,000 times as arguments
        // would be 16 GiB before anything keeps it
        (self.items as u64).saturating_add(self.bytes as u64 / 4)
    }

    /// Work units of keeping a value of this size until the root is evaluated: an element
    /// takes tens of bytes.
    pub fn keep_cost(&self) -> u64 {
        (self.items as u64)
            .saturating_mul(8)
            .saturating_add(self.bytes as u64 / 4)
    }
}

/// Why an evaluation could not start.
pub enum Refused {
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The root's step budget is spent; `first` is true only the first time.
    OutOfSteps { first: bool },
}

pub struct Session<'s> {
    pub cache: &'s ModuleCache,
    pub options: &'s LoadOptions,
    /// The root module's folder: relative `file()` paths are read from there, as Terraform
    /// runs in it.
    pub root_dir: PathBuf,
    /// Where the file functions may read (the scanned paths and `--allow-read` folders).
    pub read_roots: ReadRoots,
    pub limits: EvalLimits,
    warnings: RefCell<Vec<LoadError>>,
    warned: RefCell<HashSet<(Arc<str>, u32)>>,
    /// Budget errors reported, by place and message (one place may exceed two budgets).
    budget_reported: RefCell<HashSet<(Arc<str>, u32, String)>>,
    errors: Cell<u64>,
    quiet: Cell<u32>,
    depth: Cell<u32>,
    steps: Cell<u64>,
    out_of_steps: Cell<bool>,
    instances: Cell<usize>,
    budget_hits: Cell<u64>,
    /// Bumped whenever a value computed from a file's contents is produced or read.
    file_reads: Cell<u64>,
    /// While above 0, everything evaluated counts as computed from a file's contents (the
    /// `for_each` of the instances being built read one).
    tainting: Cell<u32>,
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
            limits: options.limits,
            warnings: RefCell::new(Vec::new()),
            warned: RefCell::new(HashSet::new()),
            budget_reported: RefCell::new(HashSet::new()),
            errors: Cell::new(0),
            quiet: Cell::new(0),
            depth: Cell::new(0),
            steps: Cell::new(0),
            out_of_steps: Cell::new(false),
            instances: Cell::new(0),
            budget_hits: Cell::new(0),
            file_reads: Cell::new(0),
            tainting: Cell::new(0),
        }
    }

    /// Enters one nesting level and spends one step, or refuses past [`MAX_DEPTH`] or once
    /// the step budget is spent.
    pub fn enter(&self) -> Result<DepthGuard<'_>, Refused> {
        if self.out_of_steps.get() {
            // counted as a budget hit too, so `can()` answers Unknown rather than false
            self.fail();
            self.budget_hits.set(self.budget_hits.get() + 1);
            return Err(Refused::OutOfSteps { first: false });
        }
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > self.limits.steps {
            self.out_of_steps.set(true);
            self.fail();
            return Err(Refused::OutOfSteps { first: true });
        }
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            self.fail();
            return Err(Refused::TooDeep);
        }
        self.depth.set(d + 1);
        Ok(DepthGuard(&self.depth))
    }

    /// Spends the work of building or copying a value of `size`.
    pub fn charge(&self, size: Size) {
        self.steps
            .set(self.steps.get().saturating_add(size.copy_cost()));
    }

    /// Spends the budget of keeping `value` (a local, an attribute, a module input or output).
    pub fn charge_kept(&self, value: &Value) {
        let size = Size::of(value, &self.limits);
        self.steps
            .set(self.steps.get().saturating_add(size.keep_cost()));
    }

    /// Counts `n` more instances of resources or modules; false when that would pass the
    /// root's total (nothing is counted then).
    pub fn add_instances(&self, n: usize) -> bool {
        let total = self.instances.get().saturating_add(n);
        if total > self.limits.instances_total {
            return false;
        }
        self.instances.set(total);
        true
    }

    /// How many budget errors were reported so far: `try` and `can` must not turn a value cut
    /// off by a budget into a fallback that looks known.
    pub fn budget_hits(&self) -> u64 {
        self.budget_hits.get()
    }

    /// Records that a value computed from a file's contents was produced or read.
    pub fn file_value_read(&self) {
        self.file_reads.set(self.file_reads.get() + 1);
    }

    /// A mark for [`Session::read_file_since`].
    pub fn file_mark(&self) -> u64 {
        self.file_reads.get()
    }

    /// True when what was evaluated since `mark` depends on a file's contents.
    pub fn read_file_since(&self, mark: u64) -> bool {
        self.tainting.get() > 0 || self.file_reads.get() != mark
    }

    /// Counts everything evaluated while the guard lives as computed from a file's contents.
    pub fn all_from_file(&self) -> TaintGuard<'_> {
        self.tainting.set(self.tainting.get() + 1);
        TaintGuard(&self.tainting)
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

    /// A budget was exceeded at `range` of `file`: an error (the scan is incomplete), shown
    /// even inside `try`/`can`, once per place and message.
    pub fn budget_error(&self, file: &ParsedFile, range: Option<Range<usize>>, message: String) {
        self.fail();
        self.budget_hits.set(self.budget_hits.get() + 1);
        let (line, column) = file.line_col(range);
        if !self
            .budget_reported
            .borrow_mut()
            .insert((file.path.clone(), line, message.clone()))
        {
            return;
        }
        self.warnings
            .borrow_mut()
            .push(LoadError::error(&*file.path, line, column, message));
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

pub struct TaintGuard<'g>(&'g Cell<u32>);
impl Drop for TaintGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}

pub struct QuietGuard<'g>(&'g Cell<u32>);
impl Drop for QuietGuard<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get().saturating_sub(1));
    }
}
