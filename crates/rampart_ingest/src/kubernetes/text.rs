//! Positions for manifests: a file is split into YAML documents that are parsed one by one, so
//! saphyr's markers count characters from the start of one document's slice. This turns them
//! into byte ranges (through `yaml_spans::ParsedSlice`) and [`Span`]s of the whole file.
//!
//! Must never: index text by a position it did not check, or treat a node with saphyr's default
//! (line 0) span as located.

use crate::yaml_spans::ParsedSlice;
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
    slice: ParsedSlice<'a>,
}

impl<'f, 'a> DocText<'f, 'a> {
    pub fn new(file: &'f FileText<'a>, range: Range<usize>) -> Self {
        DocText {
            file,
            base: range.start,
            end: range.end,
            slice: ParsedSlice::new(file.text, range),
        }
    }

    /// Byte range of a node in the file, or `None` when saphyr gave it no position.
    pub fn range(&self, node: &MarkedYaml<'_>) -> Option<Range<usize>> {
        self.slice.range(node)
    }

    /// From the start of `key` to the end of `value`: an entry as written.
    pub fn entry_range(
        &self,
        key: &MarkedYaml<'_>,
        value: &MarkedYaml<'_>,
    ) -> Option<Range<usize>> {
        self.slice.entry_range(key, value)
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
}
