//! Reads and parses one Terraform file (`.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`), keeping
//! its text and a line index for spans. JSON files are translated to HCL text first (see
//! [`super::json`]); their spans are then approximate (found by searching the original text),
//! never wrong-file or out of range.
//!
//! Must never panic on any input: a file that cannot be read or parsed is one `LoadError`.

use crate::read::SourceOverlay;
use hcl_edit::structure::Body;
use rampart_model::LoadError;
use rampart_model::span::LineIndex;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

pub struct ParsedFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub body: Body,
    /// True when `body` was parsed from HCL generated from JSON: its byte ranges do not point
    /// into `text`.
    pub from_json: bool,
    /// Warnings found while parsing (a number too large to represent), for the loader to
    /// report with the module's other problems (see [`take_problems`]).
    pub notes: Vec<LoadError>,
}

pub fn parse_path(path: &Path, overlay: &SourceOverlay) -> Result<ParsedFile, LoadError> {
    let (name, text) = read_path(path, overlay)?;
    parse_text(&name, &text)
}

/// The file's name (as spans show it) and text, for [`parse_text`] now or later.
pub fn read_path(path: &Path, overlay: &SourceOverlay) -> Result<(String, String), LoadError> {
    let name = path.display().to_string();
    let bytes = overlay
        .read_capped(path, crate::read::MAX_SOURCE_BYTES)
        .map_err(|e| {
            LoadError::error(
                &name,
                0,
                0,
                format!("cannot read file: {e}; check that it exists and is readable"),
            )
        })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, text)),
        Err(e) => {
            let (line, column, byte) = crate::utf8::first_bad_byte(e.as_bytes(), &e.utf8_error());
            Err(LoadError::error(
                &name,
                line,
                column,
                crate::utf8::message(e.as_bytes(), byte),
            ))
        }
    }
}

/// Parses `text`; a name ending in `.json` is read as Terraform JSON syntax.
pub fn parse_text(name: &str, text: &str) -> Result<ParsedFile, LoadError> {
    if name.ends_with(".json") {
        return parse_json(name, text);
    }
    let (body, numbers) = parse_hcl(name, text)?;
    let lines = LineIndex::new(text);
    let path: Arc<str> = Arc::from(name);
    let notes = numbers
        .into_iter()
        .map(|range| {
            let span = lines.span(&path, text, range.start, range.end);
            let literal = text.get(range).unwrap_or("");
            LoadError::warning(
                name,
                span.start.line,
                span.start.column,
                big_number_message(literal),
            )
        })
        .collect();
    Ok(ParsedFile {
        path,
        text: Arc::from(text),
        lines,
        body,
        from_json: false,
        notes,
    })
}

/// The problems of a module's files that only show once they are parsed together or were
/// noted while parsing: declarations made twice, numbers too large. Each comes with the index
/// of its file in `files`.
pub fn take_problems(files: &mut [ParsedFile]) -> Vec<(usize, LoadError)> {
    let mut problems: Vec<(usize, LoadError)> = Vec::new();
    for (index, file) in files.iter_mut().enumerate() {
        problems.extend(
            std::mem::take(&mut file.notes)
                .into_iter()
                .map(|e| (index, e)),
        );
    }
    let all: Vec<&ParsedFile> = files.iter().collect();
    problems.extend(super::duplicates::duplicate_declarations(&all));
    problems
}

/// At most this many out-of-range numbers are read in one file; past it the file is an error
/// (each one costs a parse of the file).
const MAX_BIG_NUMBERS: usize = 64;

/// Parses HCL text. hcl-edit keeps numbers as `f64` and refuses a literal beyond its range
/// (`1e400`, 400 digits), which Terraform, with arbitrary precision, accepts: such a literal is
/// replaced by an identifier of the same length that is bound to nothing, so it evaluates to
/// Unknown and every span stays right. Returns the body and the ranges of those literals.
fn parse_hcl(name: &str, text: &str) -> Result<(Body, Vec<Range<usize>>), LoadError> {
    let mut patched: Option<String> = None;
    let mut numbers: Vec<Range<usize>> = Vec::new();
    loop {
        let current = patched.as_deref().unwrap_or(text);
        let e = match hcl_edit::parser::parse_body(current) {
            Ok(body) => return Ok((body, numbers)),
            Err(e) => e,
        };
        let big = (numbers.len() < MAX_BIG_NUMBERS)
            .then(|| out_of_range_number(current, e.location().offset()))
            .flatten();
        if let Some(range) = big {
            let mut next = current.to_string();
            // an identifier: `_` starts one, and digits and `_` continue it
            let placeholder = format!("_{}", "_".repeat(range.len().saturating_sub(1)));
            next.replace_range(range.clone(), &placeholder);
            numbers.push(range);
            patched = Some(next);
            continue;
        }
        let loc = e.location();
        let msg = e
            .message()
            .lines()
            .next()
            .unwrap_or("syntax error")
            .trim()
            .to_string();
        return Err(LoadError::error(
            name,
            loc.line() as u32,
            loc.column() as u32,
            format!("invalid HCL: {msg}; fix the syntax so Terraform can read it"),
        ));
    }
}

/// The byte range of a number literal `f64` cannot hold where hcl-edit stopped: at or just
/// before `offset` (`1e400` stops after `1`), or later on that line outside strings (a literal
/// of 400 digits fails the whole attribute, which is reported at its start).
fn out_of_range_number(text: &str, offset: usize) -> Option<Range<usize>> {
    if let Some(range) = out_of_range_number_at(text, offset) {
        return Some(range);
    }
    let bytes = text.as_bytes();
    let mut i = offset;
    let mut in_string = false;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => return None,
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'0'..=b'9' if !in_string => {
                if let Some(range) = out_of_range_number_at(text, i) {
                    return Some(range);
                }
                // skip the rest of this literal or word
                while bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.')
                {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn out_of_range_number_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let in_literal = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-');
    let mut start = offset.min(bytes.len());
    while start > 0 && bytes.get(start - 1).copied().is_some_and(in_literal) {
        start -= 1;
    }
    while start < offset && !bytes.get(start).is_some_and(u8::is_ascii_digit) {
        start += 1;
    }
    // a digit inside an identifier (`a1e400`) is not a literal
    let before = start.checked_sub(1).and_then(|i| bytes.get(i)).copied();
    if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let end = literal_end(bytes, start)?;
    if !(start..=end).contains(&offset) {
        return None;
    }
    let value: f64 = text.get(start..end)?.parse().ok()?;
    value.is_infinite().then_some(start..end)
}

/// End of HCL's number grammar from `start`: digits, an optional fraction, an optional
/// exponent.
fn literal_end(bytes: &[u8], start: usize) -> Option<usize> {
    let digits = |from: usize| {
        let mut i = from;
        while bytes.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let mut end = digits(start);
    if end == start {
        return None;
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
        let exponent = digits(end + 1 + sign);
        if exponent > end + 1 + sign {
            end = exponent;
        }
    }
    Some(end)
}

fn big_number_message(literal: &str) -> String {
    format!(
        "number `{}` is too large for Rampart to represent (Terraform would keep it); its value is unknown",
        abbreviate(literal)
    )
}

/// A literal as shown in a message: 400 digits are not read by anyone.
fn abbreviate(literal: &str) -> String {
    match (literal.get(..12), literal.len() > 24) {
        (Some(head), true) => format!("{head}…({} characters)", literal.len()),
        _ => literal.to_string(),
    }
}

fn parse_json(name: &str, text: &str) -> Result<ParsedFile, LoadError> {
    let tfvars = name.ends_with(".tfvars.json");
    let mut patched: Option<String> = None;
    let mut notes = Vec::new();
    let json: serde_json::Value = loop {
        let current = patched.as_deref().unwrap_or(text);
        let e = match serde_json::from_str(current) {
            Ok(json) => break json,
            Err(e) => e,
        };
        // as in HCL, a number beyond f64 is unknown, not an error: in configuration JSON a
        // string is a template, and `"${_}"` refers to nothing
        let big = (!tfvars && notes.len() < MAX_BIG_NUMBERS)
            .then(|| json_out_of_range_number(current, &e))
            .flatten();
        if let Some(range) = big {
            let literal = current.get(range.clone()).unwrap_or("").to_string();
            let (line, column) = crate::yaml_spans::json_position(&e);
            notes.push(LoadError::warning(
                name,
                line,
                column,
                big_number_message(&literal),
            ));
            let mut next = current.to_string();
            next.replace_range(range, "\"${_}\"");
            patched = Some(next);
            continue;
        }
        let (line, column) = crate::yaml_spans::json_position(&e);
        return Err(LoadError::error(
            name,
            line,
            column,
            format!(
                "invalid JSON: {}; fix the syntax so Terraform can read it",
                crate::yaml_spans::json_problem(&e)
            ),
        ));
    };
    let hcl = if tfvars {
        super::json::tfvars_to_hcl(&json)
    } else {
        super::json::config_to_hcl(&json)
    }
    .map_err(|msg| LoadError::error(name, 1, 1, msg))?;
    let (body, _) = parse_hcl(name, &hcl).map_err(|mut e| {
        e.line = 1;
        e.column = 1;
        e.message = format!("cannot read Terraform JSON: {}", e.message);
        e
    })?;
    Ok(ParsedFile {
        path: Arc::from(name),
        text: Arc::from(text),
        lines: LineIndex::new(text),
        body,
        from_json: true,
        notes,
    })
}

/// The literal serde_json stopped at when it is a number `f64` cannot hold (serde_json
/// reports it just past its end).
fn json_out_of_range_number(text: &str, e: &serde_json::Error) -> Option<Range<usize>> {
    if !e.to_string().starts_with("number out of range") {
        return None;
    }
    let line_start = if e.line() <= 1 {
        0
    } else {
        text.match_indices('\n').nth(e.line() - 2)?.0 + 1
    };
    let line = text.get(line_start..)?;
    let column_byte = line
        .char_indices()
        .nth(e.column().saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let bytes = text.as_bytes();
    let in_literal = |b: &u8| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-');
    let mut end = line_start + column_byte;
    while bytes.get(end).is_some_and(in_literal) {
        end += 1;
    }
    let mut start = end;
    while start > 0 && bytes.get(start - 1).is_some_and(in_literal) {
        start -= 1;
    }
    let value: f64 = text.get(start..end)?.parse().ok()?;
    value.is_infinite().then_some(start..end)
}

impl ParsedFile {
    /// The span of a parsed range; `None` for JSON files, whose ranges are not in `text`.
    pub fn span(&self, range: Option<Range<usize>>) -> Option<rampart_model::Span> {
        if self.from_json {
            return None;
        }
        let r = range?;
        if r.start > r.end || r.end > self.text.len() {
            return None;
        }
        Some(self.lines.span(&self.path, &self.text, r.start, r.end))
    }

    /// Line and column of a parsed range start (1:1 for JSON files or unknown ranges).
    pub fn line_col(&self, range: Option<Range<usize>>) -> (u32, u32) {
        match self.span(range) {
            Some(s) => (s.start.line, s.start.column),
            None => (1, 1),
        }
    }

    /// The span of a block: its parsed range, or for JSON the object under the `labels` keys
    /// found by searching the text, or else the whole file.
    pub fn block_span(&self, range: Option<Range<usize>>, labels: &[&str]) -> rampart_model::Span {
        if let Some(s) = self.span(range) {
            return s;
        }
        let (start, end) =
            super::json::find_object(&self.text, labels).unwrap_or((0, self.text.len()));
        self.lines.span(&self.path, &self.text, start, end)
    }
}
