//! Why a change could not be turned into edits or written. Messages say what, where (file:line
//! when known) and what to do; they are lowercase, without a final period.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    #[error("`{address}` is not in the inventory; re-scan and try again")]
    NoResource { address: String },
    #[error("`{address}` has no source file to edit (it was not loaded from code)")]
    NotFromCode { address: String },
    #[error("{file}: the text of this file was not loaded; re-scan with the file included")]
    NoSource { file: String },
    #[error("{file}:{line}: cannot change `{path}` of `{address}`: {why}")]
    NotRenderable {
        file: String,
        line: u32,
        address: String,
        path: String,
        why: String,
    },
    #[error(
        "`{address}` comes from {format} code, which fixes cannot edit yet; apply the change by hand"
    )]
    UnsupportedFormat { address: String, format: String },
    #[error(
        "{file}: edits overlap at bytes {start}..{end}; these changes must be applied one at a time"
    )]
    Overlap {
        file: String,
        start: usize,
        end: usize,
    },
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}: is outside the scanned paths; fixes only write files that were scanned", path.display())]
    OutsideScannedPaths { path: PathBuf },
}
