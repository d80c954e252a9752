//! Reads and parses one Terraform file (`.tf`, `.tf.json`, `.tfvars`, `.tfvars.json`), keeping
//! its text and a line index for spans. JSON files are translated to HCL text first (see
//! [`super::json`]); their spans are then approximate (found by searching the original text),
//! never wrong-file or out of range.
//!
//! Must never panic on any input: a file that cannot be read or parsed is one `LoadError`.

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
}

pub fn parse_path(path: &Path) -> Result<ParsedFile, LoadError> {
    let (name, text) = read_path(path)?;
    parse_text(&name, &text)
}

/// The file's name (as spans show it) and text, for [`parse_text`] now or later.
pub fn read_path(path: &Path) -> Result<(String, String), LoadError> {
    let name = path.display().to_string();
    let text = crate::read::read_capped_text(path, crate::read::MAX_SOURCE_BYTES).map_err(|e| {
        LoadError::error(
            &name,
            0,
            0,
            format!("cannot read file: {e}; check that it exists and is UTF-8 text"),
        )
    })?;
    Ok((name, text))
}

/// Parses `text`; a name ending in `.json` is read as Terraform JSON syntax.
pub fn parse_text(name: &str, text: &str) -> Result<ParsedFile, LoadError> {
    if name.ends_with(".json") {
        return parse_json(name, text);
    }
    let body = parse_hcl(name, text)?;
    Ok(ParsedFile {
        path: Arc::from(name),
        text: Arc::from(text),
        lines: LineIndex::new(text),
        body,
        from_json: false,
    })
}

fn parse_hcl(name: &str, text: &str) -> Result<Body, LoadError> {
    hcl_edit::parser::parse_body(text).map_err(|e| {
        let loc = e.location();
        let msg = e
            .message()
            .lines()
            .next()
            .unwrap_or("syntax error")
            .trim()
            .to_string();
        LoadError::error(
            name,
            loc.line() as u32,
            loc.column() as u32,
            format!("invalid HCL: {msg}; fix the syntax so Terraform can read it"),
        )
    })
}

fn parse_json(name: &str, text: &str) -> Result<ParsedFile, LoadError> {
    let json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        LoadError::error(
            name,
            e.line() as u32,
            e.column() as u32,
            format!("invalid JSON: {e}"),
        )
    })?;
    let tfvars = name.ends_with(".tfvars.json");
    let hcl = if tfvars {
        super::json::tfvars_to_hcl(&json)
    } else {
        super::json::config_to_hcl(&json)
    }
    .map_err(|msg| LoadError::error(name, 1, 1, msg))?;
    let body = parse_hcl(name, &hcl).map_err(|mut e| {
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
    })
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
