//! Where reports go: standard output, or a file replaced atomically (a crash or a full disk
//! never leaves a half-written SARIF file for CI to upload). Rendering belongs to
//! `rampart_report`; this module never formats report data itself.

use anyhow::Context;
use rampart_report::{Format, Report};
use std::io::Write;
use std::path::Path;

/// Fails early, before a long scan, when `path` cannot be written because its folder is
/// missing or `path` is a folder.
pub fn check_destination(path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write `{}`: folder `{}` does not exist",
            path.display(),
            dir.display()
        );
    }
    if path.is_dir() {
        anyhow::bail!("cannot write `{}`: it is a folder", path.display());
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir).with_context(|| {
        format!(
            "cannot write `{}`: folder `{}` is not writable or does not exist",
            path.display(),
            dir.display()
        )
    })?;
    keep_permissions(path, file.as_file());
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// Temporary files are private (0600); a report or baseline should be as readable as an
/// ordinary file, or keep the permissions of the file it replaces.
#[cfg(unix)]
fn keep_permissions(path: &Path, file: &std::fs::File) {
    use std::os::unix::fs::PermissionsExt;
    let permissions = std::fs::metadata(path)
        .map(|m| m.permissions())
        .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o644));
    // best effort: a file we cannot chmod is still a correct report
    let _ = file.set_permissions(permissions);
}

#[cfg(not(unix))]
fn keep_permissions(_path: &Path, _file: &std::fs::File) {}

/// Renders the report in `format` into memory, so a rendering failure never leaves a partial
/// report behind.
pub fn render(format: Format, report: &Report<'_>) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    rampart_report::render(format, report, &mut out).context("cannot render the report")?;
    Ok(out)
}
