//! Streams CloudTrail events out of files: CloudTrail's log file format
//! (`{"Records":[...]}`), a bare JSON array of events, and JSON Lines (one event a line, as
//! CloudTrail Lake and EventBridge exports write them), each plain or gzip-compressed (found by
//! its magic bytes, not its name). A directory is walked recursively in name order.
//!
//! One record is in memory at a time, whatever the size of the file: records are cut out of the
//! stream one by one and handed to the caller. A record is capped at [`MAX_RECORD_BYTES`]. A
//! malformed record is reported with its file and index (or line) and skipped; a file that
//! stops being JSON is reported where it broke and the reader goes on with the next file.
//! Nothing here panics, whatever the bytes.

use crate::event::Event;
use flate2::read::MultiGzDecoder;
use serde::Serialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The largest record read (CloudTrail's own events stay far below it: 256 KB is the service
/// limit for an event).
pub const MAX_RECORD_BYTES: u64 = 8 * 1024 * 1024;

/// At most this many problems are kept with their text; the rest are only counted.
pub const MAX_PROBLEMS_KEPT: usize = 1_000;

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// The whole file (it cannot be opened, or it is not in a known format).
    File,
    /// The record at this index (from 0) of a `Records` array or a bare array.
    Record(u64),
    /// This line (from 1) of a JSON Lines file.
    Line(u64),
}

/// A file or record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadProblem {
    pub file: PathBuf,
    pub location: Location,
    pub message: String,
}

impl fmt::Display for ReadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Location::File => write!(f, "{}: {}", self.file.display(), self.message),
            Location::Record(i) => {
                write!(f, "{}: record {i}: {}", self.file.display(), self.message)
            }
            Location::Line(n) => write!(f, "{}: line {n}: {}", self.file.display(), self.message),
        }
    }
}

/// What a read went through.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReadSummary {
    pub files: u64,
    /// Records handed to the caller.
    pub records: u64,
    /// Records or files that could not be read, the first [`MAX_PROBLEMS_KEPT`] of them.
    pub problems: Vec<ReadProblem>,
    /// Every problem, kept or not.
    pub problem_count: u64,
}

impl ReadSummary {
    fn problem(&mut self, file: &Path, location: Location, message: impl Into<String>) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS_KEPT {
            self.problems.push(ReadProblem {
                file: file.to_path_buf(),
                location,
                message: message.into(),
            });
        }
    }
}

/// Whether a directory entry is read: `.json`, `.jsonl`, `.ndjson`, each optionally `.gz`.
pub fn is_trail_file_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".json") || name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// Reads every event under `path` (a file, or a directory walked recursively) and hands each
/// to `sink`, in file name order and record order.
pub fn read_trail(path: &Path, sink: &mut dyn FnMut(&Event<'_>)) -> ReadSummary {
    let mut summary = ReadSummary::default();
    let mut files = Vec::new();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => collect_files(path, &mut files, &mut summary),
        Ok(_) => files.push(path.to_path_buf()),
        Err(e) => summary.problem(path, Location::File, format!("cannot read: {e}")),
    }
    for file in files {
        summary.files += 1;
        read_file(&file, sink, &mut summary);
    }
    summary
}

/// Every trail file under `dir`, sorted. Symbolic links to directories are not followed, so a
/// link cycle cannot make the walk endless.
fn collect_files(dir: &Path, files: &mut Vec<PathBuf>, summary: &mut ReadSummary) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return summary.problem(dir, Location::File, format!("cannot list: {e}")),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => collect_files(&path, files, summary),
            Ok(meta) if meta.file_type().is_symlink() && path.is_dir() => {}
            Ok(_) => {
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if is_trail_file_name(name) {
                    files.push(path);
                }
            }
            Err(e) => summary.problem(&path, Location::File, format!("cannot read: {e}")),
        }
    }
}

/// Reads one file, whatever its name, into `sink`.
pub fn read_file(path: &Path, sink: &mut dyn FnMut(&Event<'_>), summary: &mut ReadSummary) {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => return summary.problem(path, Location::File, format!("cannot open: {e}")),
    };
    read_input(path, file, sink, summary);
}

/// Reads events from any byte source, plain or gzip (told apart by the magic bytes); `path`
/// names it in problems.
pub fn read_input<R: Read>(
    path: &Path,
    input: R,
    sink: &mut dyn FnMut(&Event<'_>),
    summary: &mut ReadSummary,
) {
    let mut raw = BufReader::with_capacity(64 * 1024, input);
    let gzip = match raw.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => return summary.problem(path, Location::File, format!("cannot read: {e}")),
    };
    if gzip {
        let inflated = BufReader::with_capacity(64 * 1024, MultiGzDecoder::new(raw));
        read_stream(path, inflated, sink, summary);
    } else {
        read_stream(path, raw, sink, summary);
    }
}

/// Reads events from an already opened stream (plain JSON text); `path` names it in problems.
pub fn read_stream<R: BufRead>(
    path: &Path,
    mut input: R,
    sink: &mut dyn FnMut(&Event<'_>),
    summary: &mut ReadSummary,
) {
    let format = match sniff(&mut input) {
        Ok(format) => format,
        Err(e) => return summary.problem(path, Location::File, format!("cannot read: {e}")),
    };
    match format {
        Format::Empty => {}
        Format::Records | Format::Array => read_document(path, input, sink, summary),
        Format::Lines => read_lines(path, input, sink, summary),
    }
}

enum Format {
    Empty,
    /// `{"Records": [...]}`
    Records,
    /// `[...]`
    Array,
    /// One JSON object a line.
    Lines,
}

/// Tells the formats apart from the first bytes: a CloudTrail log file's first key is
/// `Records`; an array opens with `[`; anything else is read as JSON Lines.
fn sniff<R: BufRead>(input: &mut R) -> io::Result<Format> {
    let head = input.fill_buf()?;
    let head = head
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(head);
    let mut rest = head.iter().skip_while(|b| b.is_ascii_whitespace());
    Ok(match rest.next() {
        None => Format::Empty,
        Some(b'[') => Format::Array,
        Some(b'{') => {
            let after: Vec<u8> = rest
                .skip_while(|b| b.is_ascii_whitespace())
                .take(9)
                .copied()
                .collect();
            if after == b"\"Records\"" {
                Format::Records
            } else {
                Format::Lines
            }
        }
        Some(_) => Format::Lines,
    })
}

/// A reader that fails once more than `limit` bytes were read since the counter was last reset,
/// so one record can never take more than that.
struct Budgeted<R> {
    inner: R,
    used: Rc<Cell<u64>>,
    limit: u64,
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let used = self.used.get().saturating_add(n as u64);
        self.used.set(used);
        if used > self.limit {
            return Err(io::Error::other(format!(
                "a record is larger than {} MiB",
                self.limit / (1024 * 1024)
            )));
        }
        Ok(n)
    }
}

/// Where the document's records go, with the state a parse error needs to be placed.
struct Records<'s> {
    path: &'s Path,
    sink: &'s mut dyn FnMut(&Event<'_>),
    summary: &'s mut ReadSummary,
    used: Rc<Cell<u64>>,
    /// The index of the next record.
    next: u64,
}

fn read_document<R: BufRead>(
    path: &Path,
    input: R,
    sink: &mut dyn FnMut(&Event<'_>),
    summary: &mut ReadSummary,
) {
    let used = Rc::new(Cell::new(0));
    let budgeted = Budgeted {
        inner: input,
        used: Rc::clone(&used),
        limit: MAX_RECORD_BYTES,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(budgeted);
    let mut records = Records {
        path,
        sink,
        summary,
        used,
        next: 0,
    };
    let outcome = DocumentSeed(&mut records)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Err(e) = outcome {
        let at = records.next;
        records.summary.problem(
            path,
            Location::Record(at),
            format!(
                "the file stops being CloudTrail JSON here ({e}); the rest of the file is skipped"
            ),
        );
    }
}

impl Records<'_> {
    fn record(&mut self, text: &str) {
        let index = self.next;
        self.next += 1;
        self.used.set(0);
        match Event::parse(text) {
            Ok(event) => {
                self.summary.records += 1;
                (self.sink)(&event);
            }
            Err(e) => self.summary.problem(
                self.path,
                Location::Record(index),
                format!("not a CloudTrail event: {e}"),
            ),
        }
    }
}

/// The whole document: `{"Records": [...]}` (other keys are skipped) or `[...]`.
struct DocumentSeed<'r, 's>(&'r mut Records<'s>);

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudTrail log file ({\"Records\": [...]}) or an array of events")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut found = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'_, str>>()? {
            if key == "Records" && !found {
                found = true;
                map.next_value_seed(RecordsSeed(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if found {
            Ok(())
        } else {
            Err(de::Error::custom("no `Records` array"))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        RecordsSeed(self.0).visit_seq(seq)
    }
}

/// The `Records` array, record by record.
struct RecordsSeed<'r, 's>(&'r mut Records<'s>);

impl<'de> DeserializeSeed<'de> for RecordsSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RecordsSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of CloudTrail events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // each record is cut out whole, then read on its own: a record of the wrong shape is
        // reported without losing the records after it
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            self.0.record(raw.get());
        }
        Ok(())
    }
}

/// JSON Lines: one event a line; blank lines are skipped, lines over the record cap are
/// reported and skipped without being held.
fn read_lines<R: BufRead>(
    path: &Path,
    mut input: R,
    sink: &mut dyn FnMut(&Event<'_>),
    summary: &mut ReadSummary,
) {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        number += 1;
        let (ended, overlong) = match read_capped_line(&mut input, &mut line) {
            Ok(outcome) => outcome,
            Err(e) => {
                summary.problem(
                    path,
                    Location::Line(number),
                    format!("cannot read: {e}; the rest of the file is skipped"),
                );
                return;
            }
        };
        if overlong {
            summary.problem(
                path,
                Location::Line(number),
                format!("longer than {} MiB", MAX_RECORD_BYTES / (1024 * 1024)),
            );
        } else {
            let text = line.trim_ascii();
            if !text.is_empty() {
                match std::str::from_utf8(text)
                    .map_err(|e| format!("not UTF-8: {e}"))
                    .and_then(Event::parse)
                {
                    Ok(event) => {
                        summary.records += 1;
                        sink(&event);
                    }
                    Err(e) => summary.problem(
                        path,
                        Location::Line(number),
                        format!("not a CloudTrail event: {e}"),
                    ),
                }
            }
        }
        if ended {
            return;
        }
    }
}

/// Appends the next line (without its `\n`) to `line`, keeping at most [`MAX_RECORD_BYTES`].
/// Returns (end of input reached, line was over the cap).
fn read_capped_line<R: BufRead>(input: &mut R, line: &mut Vec<u8>) -> io::Result<(bool, bool)> {
    let mut overlong = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            return Ok((true, overlong));
        }
        let (piece, found) = match buffer.iter().position(|b| *b == b'\n') {
            Some(at) => (buffer.get(..at).unwrap_or_default(), Some(at)),
            None => (buffer, None),
        };
        if !overlong {
            if (line.len() + piece.len()) as u64 > MAX_RECORD_BYTES {
                overlong = true;
                line.clear();
            } else {
                line.extend_from_slice(piece);
            }
        }
        let consumed = found.map_or(buffer.len(), |at| at + 1);
        input.consume(consumed);
        if found.is_some() {
            return Ok((false, overlong));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<String>, ReadSummary) {
        let mut names = Vec::new();
        let mut summary = ReadSummary::default();
        read_stream(
            Path::new("t.json"),
            text.as_bytes(),
            &mut |e| names.push(e.event_name.to_string()),
            &mut summary,
        );
        (names, summary)
    }

    const A: &str = r#"{"eventSource":"s3.amazonaws.com","eventName":"A"}"#;
    const B: &str = r#"{"eventSource":"s3.amazonaws.com","eventName":"B"}"#;

    #[test]
    fn records_files_arrays_and_lines_are_read() {
        let (names, summary) = read(&format!(r#"{{"Records":[{A},{B}]}}"#));
        assert_eq!(names, ["A", "B"]);
        assert!(summary.problems.is_empty());
        let (names, _) = read(&format!("[{A},{B}]"));
        assert_eq!(names, ["A", "B"]);
        let (names, summary) = read(&format!("{A}\n\n{B}\n"));
        assert_eq!(names, ["A", "B"]);
        assert!(summary.problems.is_empty());
    }

    #[test]
    fn a_bad_record_is_reported_and_the_next_one_read() {
        let (names, summary) = read(&format!(r#"{{"Records":[{A},{{"eventName":3}},{B}]}}"#));
        assert_eq!(names, ["A", "B"]);
        assert_eq!(summary.problems.len(), 1);
        assert_eq!(summary.problems[0].location, Location::Record(1));
        let (names, summary) = read(&format!("{A}\nnot json\n{B}"));
        assert_eq!(names, ["A", "B"]);
        assert_eq!(summary.problems[0].location, Location::Line(2));
    }

    #[test]
    fn a_broken_file_keeps_the_records_before_the_break() {
        let (names, summary) = read(&format!(r#"{{"Records":[{A},{B},{{"eventSou"#));
        assert_eq!(names, ["A", "B"]);
        assert_eq!(summary.problems.len(), 1);
        assert_eq!(summary.problems[0].location, Location::Record(2));
        let (_, summary) = read(r#"{"Records":{}}"#);
        assert_eq!(summary.problem_count, 1);
    }

    #[test]
    fn an_overlong_line_is_skipped_without_losing_the_next() {
        let long = format!(
            "{{\"x\":\"{}\"}}",
            "a".repeat(MAX_RECORD_BYTES as usize + 10)
        );
        let (names, summary) = read(&format!("{long}\n{B}\n"));
        assert_eq!(names, ["B"]);
        assert!(summary.problems[0].message.contains("longer than"));
    }

    #[test]
    fn trail_file_names() {
        assert!(is_trail_file_name("x_CloudTrail_us-east-1_2026.json.gz"));
        assert!(is_trail_file_name("export.jsonl"));
        assert!(!is_trail_file_name("digest.txt"));
        assert!(!is_trail_file_name("x.gz"));
    }
}
