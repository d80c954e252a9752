//! When each scanned module's syntax trees may be freed: a module is needed by every root that
//! can reach it through local module calls, and its trees are dropped as soon as the last of
//! those roots is evaluated, instead of holding every tree of the scan until all roots are done.
//!
//! The reach is computed from the literal `source` of every call, a superset of what evaluation
//! fetches from the module cache. A root whose reach leaves the scanned folders (a module read
//! from disk, which may call back into a scanned one) may reach anything: every module waits
//! for it.
//!
//! Must never: let a module be released while a root that may still be evaluated can reach it
//! (it would be parsed again, or missed).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Per scanned module, how many roots not yet evaluated may still need it.
pub struct TreeRelease {
    /// Per scanned module (its index among the scanned folders).
    waiting: Vec<AtomicUsize>,
    /// Per root (its position in the roots list): the modules it may need.
    needs: Vec<Vec<usize>>,
}

impl TreeRelease {
    /// `keys`: the cache key of each scanned module; `calls`: per scanned module, the normalized
    /// folders its local calls point to; `roots`: the scanned modules that are roots.
    pub fn new(keys: &[PathBuf], calls: &[Vec<PathBuf>], roots: &[usize]) -> TreeRelease {
        let mut index: HashMap<&PathBuf, usize> = HashMap::new();
        let mut duplicate_keys = false;
        for (i, k) in keys.iter().enumerate() {
            duplicate_keys |= index.insert(k, i).is_some();
        }
        let everything: Vec<usize> = (0..keys.len()).collect();
        let needs: Vec<Vec<usize>> = roots
            .iter()
            .map(|&root| match reach(root, &index, calls) {
                // two folders under one key: the cache holds only one of them; keep it simple
                Some(r) if !duplicate_keys => r,
                _ => everything.clone(),
            })
            .collect();
        let waiting: Vec<AtomicUsize> = keys.iter().map(|_| AtomicUsize::new(0)).collect();
        for set in &needs {
            for &m in set {
                if let Some(w) = waiting.get(m) {
                    w.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
        TreeRelease { waiting, needs }
    }

    /// Marks the root at `position` evaluated; returns the modules no remaining root needs.
    pub fn finished(&self, position: usize) -> Vec<usize> {
        let Some(set) = self.needs.get(position) else {
            return Vec::new();
        };
        set.iter()
            .copied()
            .filter(|&m| {
                self.waiting
                    .get(m)
                    .is_some_and(|w| w.fetch_sub(1, Ordering::AcqRel) == 1)
            })
            .collect()
    }
}

/// The scanned modules `root` may reach (itself included), or `None` when a call leads outside
/// the scanned modules.
fn reach(
    root: usize,
    index: &HashMap<&PathBuf, usize>,
    calls: &[Vec<PathBuf>],
) -> Option<Vec<usize>> {
    let mut seen = vec![root];
    let mut stack = vec![root];
    while let Some(m) = stack.pop() {
        for target in calls.get(m).map(Vec::as_slice).unwrap_or_default() {
            let &t = index.get(target)?;
            if !seen.contains(&t) {
                seen.push(t);
                stack.push(t);
            }
        }
    }
    Some(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn a_module_is_released_after_the_last_root_that_reaches_it() {
        // a and b are roots; both call shared; a also calls own
        let keys = [p("a"), p("b"), p("shared"), p("own")];
        let calls = vec![
            vec![p("shared"), p("own")],
            vec![p("shared")],
            vec![],
            vec![],
        ];
        let release = TreeRelease::new(&keys, &calls, &[0, 1]);
        let mut first = release.finished(0);
        first.sort();
        assert_eq!(first, vec![0, 3]);
        let mut second = release.finished(1);
        second.sort();
        assert_eq!(second, vec![1, 2]);
    }

    #[test]
    fn a_root_calling_outside_the_scan_holds_every_module_until_it_is_done() {
        let keys = [p("a"), p("b"), p("m")];
        let calls = vec![vec![p("elsewhere")], vec![p("m")], vec![]];
        let release = TreeRelease::new(&keys, &calls, &[0, 1]);
        // b's own folder too: the module read from disk may call back into it
        assert!(release.finished(1).is_empty());
        let mut rest = release.finished(0);
        rest.sort();
        assert_eq!(rest, vec![0, 1, 2]);
    }

    #[test]
    fn duplicate_keys_hold_every_module_until_every_root_is_done() {
        let keys = [p("a"), p("a"), p("b")];
        let calls = vec![vec![], vec![], vec![]];
        let release = TreeRelease::new(&keys, &calls, &[0, 2]);
        assert!(release.finished(0).is_empty());
        assert_eq!(release.finished(1).len(), 3);
    }
}
