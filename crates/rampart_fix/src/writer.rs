//! Writes fixed files: only files under the scanned paths, each under an advisory lock and
//! only when it still holds the text that was scanned, atomically (a temporary file in the
//! same folder, then a rename) with its owner, group and mode kept. A file that cannot be
//! written that way (changed since the scan, read-only, owner that cannot be kept) is refused
//! with the reason, and the other files are still written.
//!
//! Never writes a file the plan did not verify, never leaves a half-written file behind, and
//! never writes a file whose mode bits say read-only (root ignores them; we do not).

use crate::error::FixError;
use crate::plan::{FixPlan, inside_scanned_paths};
use crate::stale;
use crate::verify::Workspace;
use rayon::prelude::*;
use std::fs::File;
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

/// What writing a plan did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<PathBuf>,
    /// Files left as they are, with why.
    pub refused: Vec<Refused>,
    /// Temporary files of an interrupted earlier run that were deleted.
    pub stale_removed: Vec<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub path: PathBuf,
    pub reason: String,
}

/// How often a file is re-opened when it is replaced between opening and locking it (another
/// run renamed its fixed copy over it); each retry sees the newer file.
const LOCK_ATTEMPTS: usize = 8;

/// Files written at once: syncing is waiting on the disk, not work for the cores.
const WRITERS: usize = 16;

/// Writes the plan's new texts, file by file.
pub fn write_plan(ws: &Workspace, plan: &FixPlan) -> Result<WriteReport, FixError> {
    if let crate::verify::Verification::Unverified { reason } = &plan.combined {
        return Err(FixError::Io {
            path: PathBuf::from("."),
            message: format!("nothing written: {reason}"),
        });
    }
    // checked for every file before the first is written: a plan reaching outside the scanned
    // paths is a bug, not a per-file condition
    if let Some(file) = plan.new_texts.keys().find(|f| !inside_scanned_paths(ws, f)) {
        return Err(FixError::OutsideScannedPaths {
            path: PathBuf::from(file),
        });
    }
    let mut report = WriteReport {
        stale_removed: stale::remove_stale_temporaries(
            plan.new_texts.keys().map(Path::new),
            ws.started,
        ),
        ..WriteReport::default()
    };
    let write = |(file, text): (&String, &String)| {
        let path = PathBuf::from(file);
        let scanned = ws.sources.get(file.as_str()).map(|t| &**t);
        let outcome = write_if_unchanged(&path, scanned, text);
        (path, outcome)
    };
    let files: Vec<(&String, &String)> = plan.new_texts.iter().collect();
    // each file is locked on its own, so files are written in parallel: the time is the
    // disk's, waiting for each copy to be synced before its rename
    let outcomes: Vec<(PathBuf, Result<(), String>)> =
        match rayon::ThreadPoolBuilder::new().num_threads(WRITERS).build() {
            Ok(pool) => pool.install(|| files.into_par_iter().map(write).collect()),
            Err(_) => files.into_iter().map(write).collect(),
        };
    for (path, outcome) in outcomes {
        match outcome {
            Ok(()) => report.written.push(path),
            Err(reason) => report.refused.push(Refused { path, reason }),
        }
    }
    Ok(report)
}

/// Replaces `path`'s content with `text` if it still holds `scanned`, under its lock.
fn write_if_unchanged(path: &Path, scanned: Option<&str>, text: &str) -> Result<(), String> {
    let mut locked = lock_current(path)?;
    let meta = locked
        .metadata()
        .map_err(|e| format!("cannot be read: {e}"))?;
    let mode = meta.permissions().mode();
    if mode & 0o222 == 0 {
        return Err(format!(
            "is read-only (mode {:o}); make it writable to let `rampart fix` change it",
            mode & 0o7777
        ));
    }
    let mut on_disk = String::new();
    locked
        .read_to_string(&mut on_disk)
        .map_err(|e| format!("cannot be read: {e}"))?;
    if scanned != Some(on_disk.as_str()) {
        return Err(
            "changed since it was scanned (by another `rampart fix` or an editor); run `rampart fix` again"
                .into(),
        );
    }
    // the lock is held until the fixed copy has replaced the file
    replace(path, text, &meta, |_| Ok(())).map_err(|e| format!("could not be written: {e}"))
}

/// Opens and locks the file `path` names now: when another run renamed a new file over it
/// between our open and our lock, the lock is on the old file, so open again.
fn lock_current(path: &Path) -> Result<File, String> {
    for _ in 0..LOCK_ATTEMPTS {
        let file = File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
        file.lock().map_err(|e| format!("cannot be locked: {e}"))?;
        let locked = file
            .metadata()
            .map_err(|e| format!("cannot be read: {e}"))?;
        let named = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
        if (locked.dev(), locked.ino()) == (named.dev(), named.ino()) {
            return Ok(file);
        }
    }
    Err("keeps being replaced while it is being fixed; run `rampart fix` again".into())
}

/// Replaces `path`'s content with `text` atomically, keeping its owner, group and mode.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), FixError> {
    write_atomically_with(path, text, |_| Ok(()))
}

/// [`write_atomically`] with a step run just before the rename (tests inject failures here).
pub fn write_atomically_with(
    path: &Path,
    text: &str,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), FixError> {
    let meta = std::fs::metadata(path).map_err(|e| FixError::Io {
        path: path.to_path_buf(),
        message: format!("cannot write: {e}"),
    })?;
    replace(path, text, &meta, before_rename)
}

fn replace(
    path: &Path,
    text: &str,
    original: &std::fs::Metadata,
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), FixError> {
    let io = |e: std::io::Error| FixError::Io {
        path: path.to_path_buf(),
        message: format!("cannot write: {e}"),
    };
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(stale::TEMPORARY_PREFIX)
        .tempfile_in(&folder)
        .map_err(io)?;
    // locked while it lives, so a concurrent run never takes it for a stale one
    tmp.as_file().lock().map_err(io)?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    let made = tmp.as_file().metadata().map_err(io)?;
    if (made.uid(), made.gid()) != (original.uid(), original.gid()) {
        // run as root on someone else's file, the new copy would be root's
        std::os::unix::fs::fchown(tmp.as_file(), Some(original.uid()), Some(original.gid()))
            .map_err(|e| FixError::Io {
                path: path.to_path_buf(),
                message: format!(
                    "cannot keep its owner {}:{} ({e}); left unchanged",
                    original.uid(),
                    original.gid()
                ),
            })?;
    }
    // after chown, which may clear set-id bits
    std::fs::set_permissions(tmp.path(), original.permissions()).map_err(io)?;
    // on error the temporary file is deleted when `tmp` drops; the original is untouched
    before_rename(tmp.path()).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
