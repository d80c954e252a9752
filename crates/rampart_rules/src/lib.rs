//! The rule registry, the engine that runs rules over an inventory, and the rules themselves
//! (one file each under `src/rules/<provider>/`, fixtures under `fixtures/<RULE-ID>/`).
//! Rules are pure functions of the inventory: they never do I/O.

pub mod custom;
pub mod engine;
pub mod prelude;
pub mod registry;
pub mod rule;
pub mod util;
pub mod views;

pub use engine::{EngineOptions, RuleRun, merge_runs, run_rules, run_rules_reporting_undecided};
pub use registry::{Registry, builtin_rules};
pub use rule::{Checker, FixFn, FixSafety, FixSupport, Hit, Provider, Rule};
