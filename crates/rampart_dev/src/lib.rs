//! Developer tools for Rampart's own repository, behind the `rampart-dev` binary: the rule
//! reference under `docs/rules/` generated from the rule registry and the compliance mappings
//! (never written by hand), and the scaffold of a new rule with its fixtures.
//!
//! Must never: be a dependency of the product crates, write outside the folder it is given,
//! overwrite an existing rule or fixture, or produce output that depends on the machine (time,
//! absolute paths, hash order): the committed docs are compared byte for byte in tests.

pub mod defaults_page;
pub mod docs;
pub mod fixtures;
pub mod metadata;
pub mod pages;
pub mod scaffold;

use std::path::PathBuf;

/// The repository root this crate was built from (`crates/rampart_dev/../..`).
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(|crates| crates.parent())
        .map(PathBuf::from)
        .unwrap_or(manifest)
}

/// The command that regenerates the committed rule docs.
pub const REGENERATE: &str = "cargo run -p rampart_dev -- docs";
