//! Writes fixed files: only files under the scanned paths, only when they still hold the text
//! that was scanned, each atomically (a temporary file in the same folder, then a rename) with
//! its permissions kept. Every file is checked before the first one is written.
//!
//! Never writes a file the plan did not verify, and never leaves a half-written file behind.

use crate::error::FixError;
use crate::plan::{FixPlan, inside_scanned_paths};
use crate::verify::Workspace;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes the plan's new texts; returns the files written.
pub fn write_plan(ws: &Workspace, plan: &FixPlan) -> Result<Vec<PathBuf>, FixError> {
    if let crate::verify::Verification::Unverified { reason } = &plan.combined {
        return Err(FixError::Io {
            path: PathBuf::from("."),
            message: format!("nothing written: {reason}"),
        });
    }
    for file in plan.new_texts.keys() {
        let path = PathBuf::from(file);
        if !inside_scanned_paths(ws, file) {
            return Err(FixError::OutsideScannedPaths { path });
        }
        let on_disk = std::fs::read_to_string(&path).map_err(|e| FixError::Io {
            path: path.clone(),
            message: format!("cannot read: {e}"),
        })?;
        let scanned = ws.sources.get(file.as_str()).map(|t| &**t);
        if scanned != Some(on_disk.as_str()) {
            return Err(FixError::Io {
                path,
                message: "changed since it was scanned; run `rampart fix` again".into(),
            });
        }
    }
    let mut written = Vec::new();
    for (file, text) in &plan.new_texts {
        write_atomically(Path::new(file), text)?;
        written.push(PathBuf::from(file));
    }
    Ok(written)
}

/// Replaces `path`'s content with `text` atomically, keeping its permissions.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), FixError> {
    write_atomically_with(path, text, |_| Ok(()))
}

/// [`write_atomically`] with a step run just before the rename (tests inject failures here).
pub fn write_atomically_with(
    path: &Path,
    text: &str,
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
    let permissions = std::fs::metadata(path).map_err(io)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".rampart-fix-")
        .tempfile_in(&folder)
        .map_err(io)?;
    tmp.write_all(text.as_bytes()).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    std::fs::set_permissions(tmp.path(), permissions).map_err(io)?;
    // on error the temporary file is deleted when `tmp` drops; the original is untouched
    before_rename(tmp.path()).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
