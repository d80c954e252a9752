//! Positions for manifests: a file is split into YAML documents that are parsed one by one, so
//! saphyr's markers count characters from the start of one document's slice. This turns them
//! into byte ranges and [`Span`]s of the whole file.
//!
//! Must never: index text by a position it did not check, or treat a node with saphyr's default
//! (line 0) span as located.

use rampart_model::Span;
use rampart_model::span::LineIndex;
use saphyr::MarkedYaml;
use std::ops::Range;
use std::sync::Arc;

/// One manifest file's text and line index, shared by its documents.
pub struct FileText<'a> {
    pub file: Arc<str>,
    pub text: &'a str,
    lines: LineIndex,
}

impl<'a> FileText<'a> {
    pub fn new(file: Arc<str>, text: &'a str) -> Self {
        FileText {
            file,
            text,
            lines: LineIndex::new(text),
        }
    }

    pub fn span(&self, range: &Range<usize>) -> Span {
        self.lines
            .span(&self.file, self.text, range.start, range.end)
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, byte: usize) -> u32 {
        self.lines.position(self.text, byte).line
    }
}

/// One document: the slice of the file given to the parser.
pub struct DocText<'f, 'a> {
    pub file: &'f FileText<'a>,
    /// Byte offset of the slice in the file.
    pub base: usize,
    /// Byte just past the slice.
    pub end: usize,
    /// Byte offset (in the file) of every character, only when the slice is not pure ASCII.
    char_bytes: Option<Vec<usize>>,
}

impl<'f, 'a> DocText<'f, 'a> {
    pub fn new(file: &'f FileText<'a>, range: Range<usize>) -> Self {
        let slice = file.text.get(range.clone()).unwrap_or("");
        let char_bytes = (!slice.is_ascii())
            .then(|| slice.char_indices().map(|(i, _)| i + range.start).collect());
        DocText {
            file,
            base: range.start,
            end: range.end,
            char_bytes,
        }
    }

    /// File byte offset of saphyr's character index within the slice.
    fn byte(&self, char_index: usize) -> usize {
        match &self.char_bytes {
            None => (self.base + char_index).min(self.end),
            Some(bytes) => bytes.get(char_index).copied().unwrap_or(self.end),
        }
    }

    /// Byte range of a node in the file, or `None` when saphyr gave it no position.
    pub fn range(&self, node: &MarkedYaml<'_>) -> Option<Range<usize>> {
        let s = node.span;
        if s.start.line() == 0 {
            return None;
        }
        let start = self.byte(s.start.index());
        let end = self.byte(s.end.index()).max(start);
        Some(start..self.trim_end(start, end))
    }

    /// From the start of `key` to the end of `value`: an entry as written.
    pub fn entry_range(
        &self,
        key: &MarkedYaml<'_>,
        value: &MarkedYaml<'_>,
    ) -> Option<Range<usize>> {
        match (self.range(key), self.range(value)) {
            (Some(k), Some(v)) => Some(k.start..v.end.max(k.end)),
            (Some(k), None) => Some(k),
            (None, v) => v,
        }
    }

    /// Line and 1-based column of a node, `(0, 0)` when unknown.
    pub fn position(&self, node: &MarkedYaml<'_>) -> (u32, u32) {
        match self.range(node) {
            Some(r) => {
                let p = self.file.span(&r).start;
                (p.line, p.column)
            }
            None => (0, 0),
        }
    }

    /// Block nodes end where the next token starts; pull the end back over trailing blanks and
    /// whole comment lines so a node never covers the comment above its next sibling (a
    /// `# rampart:ignore` meant for the next document must not land on this one).
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        let text = self.file.text;
        let bytes = text.as_bytes();
        loop {
            while end > start && bytes.get(end - 1).is_some_and(u8::is_ascii_whitespace) {
                end -= 1;
            }
            let line_start = text
                .get(..end)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |i| i + 1);
            let is_comment_line = line_start > start
                && text
                    .get(line_start..end)
                    .is_some_and(|l| l.trim_start().starts_with('#'));
            if !is_comment_line {
                return end;
            }
            end = line_start;
        }
    }
}
