//! Rampart remediation: renders the model changes rules propose into edits of the original
//! source (format-preserving byte-range replacements), proves each fix with the verification
//! loop (apply to a copy, re-load, re-run every rule), and builds the remediation block shown
//! to users (Terraform diff, CLI commands, console steps, auto-apply safety verdict).
//!
//! Must never: write a file (only `rampart fix` does, after verification), re-print a whole
//! file, call a fix verified that the engine did not prove, or panic on any input.

pub mod apply;
pub mod attack;
pub mod aws_cli;
pub mod bisect;
pub mod edits;
pub mod error;
pub mod explain;
pub mod overlay;
pub mod plan;
pub mod redact;
pub mod remediation;
pub mod render;
pub mod safety;
pub mod scoped;
pub mod snippets;
pub mod stale;
pub mod verify;
pub mod writer;

pub use apply::apply_to_inventory;
pub use error::FixError;
pub use plan::{Decision, FixPlan, FixSelection, Planned, plan_fixes};
pub use remediation::{
    FileTarget, Remediation, Targets, TerraformTarget, fix_of, remediate, remediate_all,
};
pub use render::{RenderContext, Renderer, render_changes, renderer_for};
pub use safety::{SafetyFact, SafetyVerdict};
pub use verify::{
    Verification, Workspace, WorkspaceSource, verify_changes_in_inventory, verify_edits,
};
