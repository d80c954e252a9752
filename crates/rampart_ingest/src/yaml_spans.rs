//! Byte ranges of saphyr nodes in the file they came from. saphyr's markers count characters
//! from the start of the text it was given, which may be a slice of the file (one document of
//! a manifest, a template after its byte order mark); spans need file bytes. Shared by the
//! Kubernetes, CloudFormation and ARM loaders.
//!
//! Also the words for what saphyr or serde_json could not read ([`syntax_problem`],
//! [`json_problem`]), shared by the same loaders.
//!
//! Must never: index text by a position it did not check, or treat a node with saphyr's default
//! (line 0) span as located.

use saphyr::{MarkedYaml, ScanError};
use std::ops::Range;

/// What is wrong, in words for the user, with the text saphyr could not load: saphyr's own
/// description, except that a duplicate key is named (`duplicate key `B``), quoted as JSON when
/// the text is JSON.
pub fn syntax_problem(error: &ScanError, parsed: &str) -> String {
    match error.info() {
        "duplicated key in mapping" => {}
        // saphyr counts nested flow collections in a byte
        "recursion limit exceeded" => return "`[` and `{` nested deeper than 255 levels".into(),
        other => return other.to_string(),
    }
    let at = error.marker().index();
    let key = parsed
        .char_indices()
        .nth(at)
        .and_then(|(byte, _)| parsed.get(byte..))
        .and_then(key_at);
    match key {
        Some(key) => format!("duplicate key `{key}`"),
        None => "duplicate key".to_string(),
    }
}

/// The 1-based line and column of a serde_json error. serde_json says column 0 when the
/// error is at a line's start (a raw newline inside a string, the end of the input); that is
/// column 1 of the same line for us, as every position we report is 1-based.
pub fn json_position(error: &serde_json::Error) -> (u32, u32) {
    (error.line().max(1) as u32, error.column().max(1) as u32)
}

/// What serde_json could not read, without its own ` at line L column C` (positions are
/// reported apart) and in words for nesting past its limit.
pub fn json_problem(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    if message == "recursion limit exceeded" {
        return "nested deeper than 128 levels".into();
    }
    message.to_string()
}

/// The key written at the start of `text`: a JSON string, or YAML up to its `:`.
fn key_at(text: &str) -> Option<String> {
    if text.starts_with('"') {
        return serde_json::Deserializer::from_str(text)
            .into_iter::<String>()
            .next()
            .and_then(Result::ok);
    }
    let line = text.lines().next()?;
    let key = line
        .split(": ")
        .next()
        .unwrap_or(line)
        .trim_end_matches(':');
    let key = key.trim().trim_matches(['\'', '"']);
    (!key.is_empty()).then(|| key.to_string())
}

/// The slice of a file given to saphyr, and how its character indices map to file bytes.
pub struct ParsedSlice<'a> {
    /// The whole file.
    text: &'a str,
    /// Byte offset of the slice in the file.
    base: usize,
    /// Byte just past the slice.
    end: usize,
    /// Byte offset (in the file) of every character, only when the slice is not pure ASCII.
    char_bytes: Option<Vec<usize>>,
}

impl<'a> ParsedSlice<'a> {
    /// The part `range` of the file `text`; an out-of-bounds range is read as empty.
    pub fn new(text: &'a str, range: Range<usize>) -> Self {
        let slice = text.get(range.clone()).unwrap_or("");
        let char_bytes = (!slice.is_ascii())
            .then(|| slice.char_indices().map(|(i, _)| i + range.start).collect());
        ParsedSlice {
            text,
            base: range.start,
            end: range.end,
            char_bytes,
        }
    }

    /// File byte offset of saphyr's character index within the slice.
    pub fn byte(&self, char_index: usize) -> usize {
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

    /// Block nodes end where the next token starts; pull the end back over trailing blanks and
    /// whole comment lines so a node never covers the comment above its next sibling (a
    /// `# rampart:ignore` meant for the next document must not land on this one).
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        let text = self.text;
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

#[cfg(test)]
mod tests {
    use super::*;
    use saphyr::LoadableYamlNode;

    fn first_value_range(text: &str, range: Range<usize>) -> Option<Range<usize>> {
        let slice = ParsedSlice::new(text, range.clone());
        let docs = MarkedYaml::load_from_str(text.get(range)?).ok()?;
        let doc = docs.first()?;
        match &doc.data {
            saphyr::YamlData::Mapping(m) => m.iter().next().and_then(|(_, v)| slice.range(v)),
            _ => None,
        }
    }

    #[test]
    fn character_indices_become_file_bytes_past_the_slice_start() {
        // "é" is two bytes: a character count would land one byte early
        let text = "# é\nkey: value\n";
        let base = text.find("key").unwrap_or_default();
        let r = first_value_range(text, base..text.len()).unwrap_or_default();
        assert_eq!(text.get(r), Some("value"));
        let text = "key: é-value\n";
        let r = first_value_range(text, 0..text.len()).unwrap_or_default();
        assert_eq!(text.get(r), Some("é-value"));
    }

    fn problem(text: &str) -> String {
        match MarkedYaml::load_from_str(text) {
            Ok(_) => String::new(),
            Err(e) => syntax_problem(&e, text),
        }
    }

    #[test]
    fn a_duplicate_key_is_named() {
        assert_eq!(
            problem("{\"A\": 1, \"B\": 2, \"B\": 3}"),
            "duplicate key `B`"
        );
        assert_eq!(problem("{\"é\": 1,\n \"é\": 2}"), "duplicate key `é`");
        assert_eq!(
            problem("a: 1\nbucket: 2\nbucket: 3\n"),
            "duplicate key `bucket`"
        );
    }

    #[test]
    fn a_block_value_does_not_swallow_the_comment_after_it() {
        let text = "a:\n  b: 1\n# rampart:ignore:X\n";
        let r = first_value_range(text, 0..text.len()).unwrap_or_default();
        assert_eq!(text.get(r), Some("b: 1"));
    }
}
