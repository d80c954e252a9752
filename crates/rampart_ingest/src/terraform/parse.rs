//! Reads and parses one Terraform file, keeping its text and a line index for spans.

use hcl_edit::structure::Body;
use rampart_model::LoadError;
use rampart_model::span::LineIndex;
use std::path::Path;
use std::sync::Arc;

pub struct ParsedFile {
    pub path: Arc<str>,
    pub text: Arc<str>,
    pub lines: LineIndex,
    pub body: Body,
}

pub fn parse_path(path: &Path) -> Result<ParsedFile, LoadError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| LoadError::error(&name, 0, 0, format!("cannot read file: {e}")))?;
    parse_text(&name, &text)
}

pub fn parse_text(name: &str, text: &str) -> Result<ParsedFile, LoadError> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
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
            format!("invalid HCL: {msg}"),
        )
    })?;
    Ok(ParsedFile {
        path: Arc::from(name),
        text: Arc::from(text),
        lines: LineIndex::new(text),
        body,
    })
}

impl ParsedFile {
    pub fn span(&self, range: Option<std::ops::Range<usize>>) -> Option<rampart_model::Span> {
        range.map(|r| self.lines.span(&self.path, &self.text, r.start, r.end))
    }
}
