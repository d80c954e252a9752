//! Cycle detection for the template evaluators that follow names: CloudFormation parameter
//! defaults and conditions, ARM parameters and variables. A template is hostile input, and a
//! name whose value refers back to itself would otherwise recurse until the stack overflows.
//!
//! Must never: report one cycle twice (it is entered from each of its members and from every
//! place that uses it), or keep a name on the stack after its evaluation ended.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt::Display;

/// The names being evaluated, innermost last, and the cycles already reported.
pub struct CycleGuard<L> {
    stack: RefCell<Vec<L>>,
    reported: RefCell<BTreeSet<BTreeSet<L>>>,
}

impl<L> Default for CycleGuard<L> {
    fn default() -> Self {
        CycleGuard {
            stack: RefCell::new(Vec::new()),
            reported: RefCell::new(BTreeSet::new()),
        }
    }
}

/// Why [`CycleGuard::enter`] refused a name.
pub enum Cycle {
    /// A cycle seen for the first time: the names after the one re-entered, ending with it
    /// (`parameter `Q` → parameter `P`` for P → Q → P).
    New(String),
    /// A cycle already reported.
    Known,
}

impl<L: Clone + Ord + Display> CycleGuard<L> {
    /// Starts evaluating `link`, or says why not. Every `Ok` is followed by [`Self::leave`].
    pub fn enter(&self, link: L) -> Result<(), Cycle> {
        let mut stack = self.stack.borrow_mut();
        let Some(pos) = stack.iter().position(|l| *l == link) else {
            stack.push(link);
            return Ok(());
        };
        let cycle = stack.get(pos..).unwrap_or(&[]);
        let members: BTreeSet<L> = cycle.iter().cloned().collect();
        if !self.reported.borrow_mut().insert(members) {
            return Err(Cycle::Known);
        }
        let via: Vec<String> = cycle
            .iter()
            .skip(1)
            .chain(std::iter::once(&link))
            .map(ToString::to_string)
            .collect();
        Err(Cycle::New(via.join(" → ")))
    }

    pub fn leave(&self) {
        self.stack.borrow_mut().pop();
    }

    /// How many names are being evaluated.
    pub fn depth(&self) -> usize {
        self.stack.borrow().len()
    }
}
