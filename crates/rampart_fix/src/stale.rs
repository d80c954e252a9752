//! Temporary files of fixed copies left behind by a run that was killed between writing the
//! copy and renaming it (`kill -9`, a power cut). The next run deletes them in the folders it
//! writes to: files named like ours, older than the run, that no live run holds locked (a
//! run locks its temporary file for as long as it exists).
//!
//! Never deletes anything but a regular file with our prefix, and never one in use.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How fixed copies are named before the rename.
pub const TEMPORARY_PREFIX: &str = ".rampart-fix-";

/// Deletes stale temporary files in the folders of `files`; returns what was deleted.
pub fn remove_stale_temporaries<'a>(
    files: impl Iterator<Item = &'a Path>,
    run_started: SystemTime,
) -> Vec<PathBuf> {
    let folders: BTreeSet<PathBuf> = files
        .map(|f| match f.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .collect();
    let mut removed = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let ours = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMPORARY_PREFIX));
            if ours
                && is_stale(&entry.path(), run_started)
                && std::fs::remove_file(entry.path()).is_ok()
            {
                removed.push(entry.path());
            }
        }
    }
    removed
}

fn is_stale(path: &Path, run_started: SystemTime) -> bool {
    // not following links: a planted link is not ours to judge
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.modified().map_or(true, |m| m >= run_started) {
        return false;
    }
    // a live run holds its temporary file locked
    File::open(path).is_ok_and(|f| f.try_lock().is_ok())
}
