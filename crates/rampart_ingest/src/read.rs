//! Reading files from a user's tree or configuration with a size cap, and the read sandbox.
//!
//! Every file Rampart reads because a repository or a config names it (`file()`,
//! `templatefile()`, file hashes, var files, the baseline, `.rampart.toml`, the source files
//! themselves) goes through [`read_capped`]: only regular files are read, and never more than
//! the cap. Metadata cannot be trusted for the size (it is 0 for `/dev/zero` and for pipes),
//! so the read itself stops at cap + 1 bytes. A FIFO is refused before it is opened, because
//! opening one for reading blocks until a writer appears.
//!
//! [`ReadRoots`] is the sandbox of the Terraform file functions: a pull request must not be
//! able to publish `/proc/self/environ` or `../../secrets` through `file()`, so only files
//! under the scanned paths and the folders allowed with `--allow-read` are read.
//!
//! [`SourceOverlay`] lets a caller hold some files' text in memory in place of what is on disk
//! (the verification loop of `rampart fix` re-loads edited copies this way, without writing
//! them anywhere): the source readers ask it first.
//!
//! Must never: block on a device or pipe, allocate more than the cap, or follow a symlink out
//! of the allowed folders.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest source file, var file, config file or baseline read.
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;
/// Largest file the Terraform file functions (`file`, `templatefile`, …) read.
pub const MAX_FUNCTION_FILE_BYTES: u64 = 16 << 20;

#[derive(Debug)]
pub enum ReadError {
    /// A device, pipe, socket or folder: what it is.
    NotRegular(&'static str),
    TooLarge(u64),
    NotUtf8,
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => {
                write!(
                    f,
                    "it is {kind}, not a regular file; Rampart reads only regular files"
                )
            }
            ReadError::TooLarge(cap) => write!(
                f,
                "it is larger than {} MiB, the most Rampart reads",
                cap >> 20
            ),
            ReadError::NotUtf8 => write!(f, "it is not UTF-8 text"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

fn kind_of(file_type: std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The bytes of the regular file at `path` (symlinks followed), at most `cap` of them.
pub fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    // checked before opening: opening a FIFO blocks until someone writes to it
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = kind_of(meta.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    // the handle's own metadata: the path may have been replaced since it was checked
    let opened = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = kind_of(opened.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(cap) as usize);
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// [`read_capped`] as UTF-8 text.
pub fn read_capped_text(path: &Path, cap: u64) -> Result<String, ReadError> {
    String::from_utf8(read_capped(path, cap)?).map_err(|_| ReadError::NotUtf8)
}

/// Texts that stand in for source files on disk, keyed by the file's name as spans show it
/// (`path.display()` of the path discovery found). Only files that exist are read through it:
/// it replaces what a file holds, never adds a file to the scan. Cheap to clone.
#[derive(Clone, Debug, Default)]
pub struct SourceOverlay(Option<Arc<BTreeMap<String, Arc<str>>>>);

impl SourceOverlay {
    pub fn new(texts: BTreeMap<String, Arc<str>>) -> Self {
        if texts.is_empty() {
            SourceOverlay(None)
        } else {
            SourceOverlay(Some(Arc::new(texts)))
        }
    }

    /// The text standing in for `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&Arc<str>> {
        self.0.as_ref()?.get(&path.display().to_string())
    }

    /// [`read_capped`] of `path`, from the overlay when it holds the file (the cap still holds).
    pub fn read_capped(&self, path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
        match self.get(path) {
            Some(text) if text.len() as u64 > cap => Err(ReadError::TooLarge(cap)),
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => read_capped(path, cap),
        }
    }
}

/// The folders whose files the Terraform file functions may read: the scanned paths and the
/// `--allow-read` folders, resolved (symlinks followed) once.
#[derive(Clone, Debug, Default)]
pub struct ReadRoots {
    roots: Vec<PathBuf>,
}

impl ReadRoots {
    /// `paths` may be files (their folder is allowed) or folders; those that do not exist are
    /// left out.
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p PathBuf>) -> ReadRoots {
        let mut roots: Vec<PathBuf> = paths
            .into_iter()
            .filter_map(|p| {
                let folder = if p.is_file() {
                    p.parent().map(Path::to_path_buf).unwrap_or_default()
                } else {
                    p.clone()
                };
                let folder = if folder.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    folder
                };
                std::fs::canonicalize(folder).ok()
            })
            .collect();
        roots.sort();
        roots.dedup();
        ReadRoots { roots }
    }

    /// True when `path` exists and, symlinks followed, lies under one of the roots.
    pub fn allows(&self, path: &Path) -> bool {
        match std::fs::canonicalize(path) {
            Ok(real) => self.roots.iter().any(|root| real.starts_with(root)),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_pipes_are_refused_and_the_cap_is_enforced() {
        let err = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(err.to_string().contains("character device"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 11]).unwrap();
        assert!(matches!(
            read_capped(&big, 10),
            Err(ReadError::TooLarge(10))
        ));
        assert_eq!(read_capped(&big, 11).unwrap().len(), 11);
        assert!(matches!(
            read_capped(dir.path(), 10),
            Err(ReadError::NotRegular("a folder"))
        ));
    }

    #[test]
    fn the_overlay_stands_in_for_a_file_and_keeps_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("main.tf");
        std::fs::write(&file, "on disk").unwrap();
        let other = dir.path().join("other.tf");
        std::fs::write(&other, "other").unwrap();
        let overlay = SourceOverlay::new(BTreeMap::from([(
            file.display().to_string(),
            Arc::from("in memory"),
        )]));
        assert_eq!(overlay.read_capped(&file, 100).unwrap(), b"in memory");
        assert_eq!(overlay.read_capped(&other, 100).unwrap(), b"other");
        assert!(matches!(
            overlay.read_capped(&file, 3),
            Err(ReadError::TooLarge(3))
        ));
        assert_eq!(
            SourceOverlay::default().read_capped(&file, 100).unwrap(),
            b"on disk"
        );
    }

    #[test]
    fn roots_contain_their_files_and_nothing_through_a_symlink_out() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(&repo).unwrap();
        std::fs::write(repo.join("in.txt"), "x").unwrap();
        std::fs::write(dir.path().join("out.txt"), "x").unwrap();
        let roots = ReadRoots::new([&repo]);
        assert!(roots.allows(&repo.join("in.txt")));
        assert!(!roots.allows(&repo.join("../out.txt")));
        assert!(!roots.allows(Path::new("/etc/passwd")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("out.txt"), repo.join("link")).unwrap();
            assert!(!roots.allows(&repo.join("link")));
        }
    }
}
