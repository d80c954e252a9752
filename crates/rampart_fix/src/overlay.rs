//! Loads the scanned paths as they would be with some files' text replaced, through the real
//! loader: the replaced texts are handed to it as a [`SourceOverlay`], which its source readers
//! consult before the disk, so nothing is copied or written and every path in the result is the
//! original one.
//!
//! Never writes a file. A module sourced from outside the scanned paths is read from disk as a
//! scan reads it; the verification loop still compares the resources of the re-load with the
//! scan's and refuses a fix that loses one.

use crate::error::FixError;
use rampart_ingest::read::SourceOverlay;
use rampart_ingest::{LoadOptions, LoadOutput, load_paths};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Loads `roots` with `overrides` (file name as used in spans → new text).
pub fn load_with_overrides(
    roots: &[PathBuf],
    options: &LoadOptions,
    overrides: &BTreeMap<String, String>,
) -> Result<LoadOutput, FixError> {
    let mut options = options.clone();
    options.overlay = SourceOverlay::new(
        overrides
            .iter()
            .map(|(file, text)| (file.clone(), Arc::from(text.as_str())))
            .collect(),
    );
    Ok(load_paths(roots, &options))
}
