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
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

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

/// Whether a directory entry is read: `.json`, `.jsonl`, `.ndjson`, each optionally `.gz`,
/// except CloudTrail's digest files (`…_CloudTrail-Digest_…`), which list log files and hold
/// no events.
pub fn is_trail_file_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.contains("_cloudtrail-digest_") {
        return false;
    }
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

/// Reads a `{"Records": [...]}` document or a bare array: the array's elements are cut out of
/// the stream one by one (by bracket depth, strings and escapes respected) and each is read on
/// its own, so a record of the wrong shape costs only itself, and a record can be capped
/// without holding it. Keys after `Records` are not read.
fn read_document<R: BufRead>(
    path: &Path,
    mut input: R,
    sink: &mut dyn FnMut(&Event<'_>),
    summary: &mut ReadSummary,
) {
    let problem = |summary: &mut ReadSummary, at: u64, message: String| {
        summary.problem(path, Location::Record(at), message);
    };
    if let Err(message) = open_array(&mut input) {
        return summary.problem(path, Location::File, message);
    }
    let mut record = Vec::with_capacity(8 * 1024);
    let mut index = 0u64;
    loop {
        let next = match skip_separators(&mut input) {
            Ok(next) => next,
            Err(e) => return problem(summary, index, format!("cannot read: {e}")),
        };
        match next {
            None => {
                return problem(
                    summary,
                    index,
                    "the file ends inside the records array (cut off?)".into(),
                );
            }
            Some(b']') => return,
            Some(_) => {}
        }
        record.clear();
        let cut = match cut_value(&mut input, &mut record) {
            Ok(cut) => cut,
            Err(e) => return problem(summary, index, format!("cannot read: {e}")),
        };
        match cut {
            Cut::Whole => match serde_json::from_slice::<Event<'_>>(&record) {
                Ok(event) => {
                    summary.records += 1;
                    sink(&event);
                }
                Err(e) => problem(summary, index, format!("not a CloudTrail event: {e}")),
            },
            Cut::Overlong => problem(
                summary,
                index,
                format!("larger than {} MiB", MAX_RECORD_BYTES / (1024 * 1024)),
            ),
            Cut::Truncated => {
                return problem(
                    summary,
                    index,
                    "the file ends inside this record (cut off?)".into(),
                );
            }
        }
        index += 1;
    }
}

/// Consumes `{"Records":[` or `[` (the sniffer has seen which), up to the first element.
fn open_array<R: BufRead>(input: &mut R) -> Result<(), String> {
    let expect = |input: &mut R, wanted: &[u8]| -> Result<(), String> {
        for want in wanted {
            match next_non_space(input).map_err(|e| format!("cannot read: {e}"))? {
                Some(got) if got == *want => {}
                _ => {
                    return Err(
                        "not a CloudTrail log file: `Records` is not an array of events".into(),
                    );
                }
            }
        }
        Ok(())
    };
    // a byte order mark is allowed before the document
    if input
        .fill_buf()
        .map_err(|e| e.to_string())?
        .starts_with(b"\xef\xbb\xbf")
    {
        input.consume(3);
    }
    let first = peek_non_space(input).map_err(|e| format!("cannot read: {e}"))?;
    if first == Some(b'[') {
        return expect(input, b"[");
    }
    // the sniffer saw `{` then `"Records"` with only white space between
    expect(input, b"{")?;
    let head = input.fill_buf().map_err(|e| e.to_string())?;
    let spaces = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
    input.consume(spaces);
    let key = b"\"Records\"";
    let head = input.fill_buf().map_err(|e| e.to_string())?;
    if !head.starts_with(key) {
        return Err("not a CloudTrail log file: no `Records` key".into());
    }
    input.consume(key.len());
    expect(input, b":[")
}

fn peek_non_space<R: BufRead>(input: &mut R) -> io::Result<Option<u8>> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(None);
        }
        match buffer.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(at) => {
                let byte = buffer.get(at).copied();
                input.consume(at);
                return Ok(byte);
            }
            None => {
                let n = buffer.len();
                input.consume(n);
            }
        }
    }
}

fn next_non_space<R: BufRead>(input: &mut R) -> io::Result<Option<u8>> {
    let byte = peek_non_space(input)?;
    if byte.is_some() {
        input.consume(1);
    }
    Ok(byte)
}

/// Skips white space and commas between elements; returns the next byte, consuming it only
/// when it is the closing `]`.
fn skip_separators<R: BufRead>(input: &mut R) -> io::Result<Option<u8>> {
    loop {
        match peek_non_space(input)? {
            Some(b',') => input.consume(1),
            Some(b']') => {
                input.consume(1);
                return Ok(Some(b']'));
            }
            other => return Ok(other),
        }
    }
}

enum Cut {
    /// The value is in the buffer.
    Whole,
    /// The value was longer than the cap: it was skipped, not kept.
    Overlong,
    /// The input ended inside the value.
    Truncated,
}

/// Where a scan is inside a value.
#[derive(Default)]
struct Scan {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// A bare scalar (`12`, `null`) ends at a delimiter rather than a bracket.
    scalar: bool,
    scalar_len: usize,
    started: bool,
}

impl Scan {
    /// The length of the value's remaining bytes in `chunk`, when it ends there.
    fn end_in(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut i = 0;
        while let Some(&b) = chunk.get(i) {
            if !self.started {
                self.started = true;
                self.scalar = !matches!(b, b'{' | b'[' | b'"');
            }
            if self.scalar {
                // a scalar ends at a delimiter, but takes at least one byte, so every cut
                // moves on (a stray `}` is cut as a bad record of its own)
                if self.scalar_len > 0
                    && (b == b',' || b == b']' || b == b'}' || b.is_ascii_whitespace())
                {
                    return Some(i);
                }
                self.scalar_len += 1;
            } else if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else {
                    // jump to the next quote or backslash
                    let rest = chunk.get(i..).unwrap_or_default();
                    match rest.iter().position(|&c| c == b'"' || c == b'\\') {
                        Some(at) => {
                            i += at;
                            if chunk.get(i) == Some(&b'\\') {
                                self.escaped = true;
                            } else {
                                self.in_string = false;
                                if self.depth == 0 {
                                    return Some(i + 1);
                                }
                            }
                        }
                        None => return None,
                    }
                }
            } else {
                match b {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth = self.depth.saturating_sub(1);
                        if self.depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        None
    }
}

/// Cuts the next JSON value out of `input` into `out` (at most [`MAX_RECORD_BYTES`]).
fn cut_value<R: BufRead>(input: &mut R, out: &mut Vec<u8>) -> io::Result<Cut> {
    let mut scan = Scan::default();
    let mut overlong = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buffer.is_empty() {
            // a scalar may end with the input; anything else was cut off
            return Ok(if scan.scalar && !overlong {
                Cut::Whole
            } else {
                Cut::Truncated
            });
        }
        let end = scan.end_in(buffer);
        let piece = buffer
            .get(..end.unwrap_or(buffer.len()))
            .unwrap_or_default();
        if !overlong {
            if (out.len() + piece.len()) as u64 > MAX_RECORD_BYTES {
                overlong = true;
                out.clear();
            } else {
                out.extend_from_slice(piece);
            }
        }
        let consumed = piece.len();
        input.consume(consumed);
        if end.is_some() {
            return Ok(if overlong { Cut::Overlong } else { Cut::Whole });
        }
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
    fn records_are_cut_by_depth_with_strings_and_escapes_respected() {
        let tricky =
            r#"{"eventSource":"s3.amazonaws.com","eventName":"x]}\"{[","k":[1,{"a":"}"}]}"#;
        let (names, summary) = read(&format!(r#"{{"Records": [ {tricky} , {A}]}}"#));
        assert_eq!(names, ["x]}\"{[", "A"]);
        assert!(summary.problems.is_empty(), "{:?}", summary.problems);
        // stray scalars and closers are bad records of their own, and reading moves on
        let (names, summary) = read(&format!(r#"{{"Records":[}}, 12, "s", null, {A}]}}"#));
        assert_eq!(names, ["A"]);
        assert_eq!(summary.problem_count, 4);
        // a records array that never closes
        let (names, summary) = read(&format!(r#"{{"Records":[{A},"#));
        assert_eq!(names, ["A"]);
        assert!(
            summary.problems[0]
                .message
                .contains("ends inside the records array")
        );
    }

    #[test]
    fn an_overlong_record_is_skipped_without_losing_the_next() {
        let long = format!(
            "{{\"x\":\"{}\"}}",
            "a".repeat(MAX_RECORD_BYTES as usize + 10)
        );
        let (names, summary) = read(&format!(r#"{{"Records":[{long},{B}]}}"#));
        assert_eq!(names, ["B"]);
        assert_eq!(summary.problems[0].location, Location::Record(0));
    }

    #[test]
    fn trail_file_names() {
        assert!(is_trail_file_name("x_CloudTrail_us-east-1_2026.json.gz"));
        assert!(is_trail_file_name("export.jsonl"));
        assert!(!is_trail_file_name("digest.txt"));
        assert!(!is_trail_file_name("x.gz"));
        assert!(!is_trail_file_name(
            "111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261201T000000Z.json.gz"
        ));
    }
}
