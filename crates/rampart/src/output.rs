//! Where output goes: standard output, standard error, or a file replaced atomically (a crash
//! or a full disk never leaves a half-written SARIF file for CI to upload). Every byte that
//! leaves the process passes through [`clean`] here: secrets the scan found, and credentials of
//! well-known shapes, are masked, and escape sequences from scanned files are neutralised.
//! Commands never print with `println!`/`eprintln!` directly. Rendering belongs to
//! `rampart_report`; this module never formats report data itself.

use anyhow::Context;
use rampart_model::{Finding, Inventory};
use rampart_report::{FeedSettings, Format, OutputKind, Redactor, Report};
use std::collections::BTreeSet;
use std::fmt::Display;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// The secrets of this run, learned once the inputs are loaded; until then only the
/// credential shapes are masked.
static REDACTOR: RwLock<Option<Arc<Redactor>>> = RwLock::new(None);

/// Remembers every secret value in `inventory` and at the `findings` of the secrets category,
/// so no later output shows one (together with those learned before).
pub fn learn_secrets(inventory: &Inventory, findings: &[Finding]) {
    learn_secret_values(rampart_rules::views::secret_values::secret_values(
        inventory, findings,
    ));
}

/// Remembers `known` secret values (collected from several inventories, see
/// [`rampart_rules::views::secret_values::secret_values`]), together with those learned before.
pub fn learn_secret_values(mut known: BTreeSet<String>) {
    let Ok(mut slot) = REDACTOR.write() else {
        return;
    };
    if let Some(previous) = slot.as_ref() {
        known.extend(previous.secrets().iter().cloned());
    }
    *slot = Some(Arc::new(Redactor::new(known)));
}

fn redactor() -> Arc<Redactor> {
    REDACTOR
        .read()
        .ok()
        .and_then(|slot| slot.clone())
        .unwrap_or_default()
}

/// `text` as it may leave the process, written as `kind`.
pub fn clean(text: &str, kind: OutputKind) -> String {
    redactor().clean(text, kind)
}

/// How a report in `format` is written (a coloured text report sanitises its own pieces).
pub fn kind_of(format: Format, color: bool) -> OutputKind {
    match format {
        Format::Text if color => OutputKind::PaintedText,
        Format::Text => OutputKind::Text,
        Format::Json | Format::Sarif | Format::Asff | Format::Ocsf | Format::OcsfJsonLines => {
            OutputKind::Json
        }
        Format::Junit => OutputKind::Markup,
    }
}

/// Writes `bytes` (UTF-8 output of `kind`) to standard output, cleaned.
pub fn stdout(bytes: &[u8], kind: OutputKind) {
    let text = clean(&String::from_utf8_lossy(bytes), kind);
    let mut stdout = std::io::stdout().lock();
    // a closed pipe (`rampart scan | head`) is not an error worth reporting
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// One line for a person on standard error, cleaned.
pub fn note(line: impl Display) {
    eprintln!("{}", clean(&line.to_string(), OutputKind::Text));
}

/// Text on standard error without a line break (a prompt), cleaned.
pub fn prompt(text: impl Display) {
    eprint!("{}", clean(&text.to_string(), OutputKind::Text));
    let _ = std::io::stderr().flush();
}

/// Writes `bytes` (UTF-8 output of `kind`) to `path` atomically, cleaned.
pub fn write_report(path: &Path, bytes: &[u8], kind: OutputKind) -> anyhow::Result<()> {
    let text = clean(&String::from_utf8_lossy(bytes), kind);
    write_atomically(path, text.as_bytes())
}

/// [`write_report`] of a report the caller is done with: the rendered bytes are freed as soon
/// as the cleaned text exists, so a large report is held twice only while it is cleaned.
pub fn write_report_owned(path: &Path, bytes: Vec<u8>, kind: OutputKind) -> anyhow::Result<()> {
    let text = clean(&String::from_utf8_lossy(&bytes), kind);
    drop(bytes);
    write_atomically(path, text.as_bytes())?;
    // about to exit: freeing a large text only costs time
    std::mem::forget(text);
    Ok(())
}

/// [`stdout`] of a report the caller is done with (see [`write_report_owned`]).
pub fn stdout_owned(bytes: Vec<u8>, kind: OutputKind) {
    let text = clean(&String::from_utf8_lossy(&bytes), kind);
    drop(bytes);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    std::mem::forget(text);
}

/// Renders `report` in `format` straight to `path` (atomically: a temporary file renamed once
/// the whole report is written and cleaned) or to standard output, cleaned piece by piece, so
/// a large JSON or SARIF report is never held in memory (see [`rampart_report::CleanWriter`]).
/// A rendering failure leaves no file behind.
pub fn render_to(
    destination: Option<&Path>,
    format: Format,
    report: &Report<'_>,
    feed: &FeedSettings,
    kind: OutputKind,
) -> anyhow::Result<()> {
    let redactor = redactor();
    let render = |out: &mut dyn Write| rampart_report::render_feed(format, report, feed, out);
    match destination {
        Some(path) => replace_atomically(path, |file| {
            let buffered = std::io::BufWriter::with_capacity(1 << 16, file);
            let mut writer = rampart_report::CleanWriter::new(&redactor, kind, buffered);
            render(&mut writer)
                .and_then(|()| writer.finish())
                .and_then(|mut b| b.flush())
        })?,
        None => {
            let stdout = std::io::stdout().lock();
            let buffered = std::io::BufWriter::with_capacity(1 << 16, stdout);
            let mut writer = rampart_report::CleanWriter::new(&redactor, kind, buffered);
            match render(&mut writer).and_then(|()| writer.finish()) {
                Ok(mut b) => {
                    let _ = b.flush();
                }
                // a closed pipe (`rampart scan | head`) is not an error worth reporting
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => return Err(e).context("cannot render the report"),
            }
        }
    }
    Ok(())
}

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
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    replace_atomically(path, |file| {
        file.write_all(bytes).and_then(|()| file.flush())
    })
}

/// Replaces `path` with what `write` writes, through a temporary file in the same folder and a
/// rename: a failed or interrupted write leaves the old file (or none) and no partial one.
fn replace_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut file = temporary_beside(path)?;
    keep_permissions(path, file.as_file());
    write(file.as_file_mut()).with_context(|| format!("cannot write `{}`", path.display()))?;
    file.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// A temporary file in `path`'s folder, to be renamed over `path`.
fn temporary_beside(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    tempfile::NamedTempFile::new_in(dir).with_context(|| {
        format!(
            "cannot write `{}`: folder `{}` is not writable or does not exist",
            path.display(),
            dir.display()
        )
    })
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
/// report behind. `feed` gives the finding feeds (ASFF, OCSF) what code does not say.
pub fn render(format: Format, report: &Report<'_>, feed: &FeedSettings) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    rampart_report::render_feed(format, report, feed, &mut out)
        .context("cannot render the report")?;
    Ok(out)
}
