//! Splits a multi-document YAML stream at its `---` / `...` markers so each document parses on
//! its own: one broken document is reported and the others still load.
//!
//! Must never: split inside a document. A marker counts only at column 0 followed by a blank or
//! the end of the line, which YAML forbids inside any scalar.

use std::ops::Range;

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
}

/// Byte ranges of the documents of `text` from `start`; each begins at its `---` line (kept so
/// the parser sees `--- !tag` or `--- {a: 1}` content) and ends before the next marker.
pub fn documents(text: &str, start: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut doc_start = start;
    let mut offset = start;
    let body = text.get(start..).unwrap_or("");
    for line in body.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        if is_marker(bare, "---") {
            if offset > doc_start {
                out.push(doc_start..offset);
            }
            doc_start = offset;
        } else if is_marker(bare, "...") {
            out.push(doc_start..offset);
            doc_start = offset + line.len();
        }
        offset += line.len();
    }
    if offset > doc_start {
        out.push(doc_start..offset);
    }
    out.retain(|r| {
        text.get(r.clone())
            .is_some_and(|t| t.lines().any(has_content))
    });
    out
}

/// A line that is more than a marker, a blank, a comment or a directive.
fn has_content(line: &str) -> bool {
    let t = line.trim();
    !(t.is_empty() || t.starts_with('#') || t.starts_with('%') || t == "---" || t == "...")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_markers_only_at_column_zero() {
        let text =
            "# Source: a.yaml\na: 1\n---\n# Source: b\nb: |\n  ---\n  x\n...\n---\n\n--- {c: 1}\n";
        let docs: Vec<&str> = documents(text, 0).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            docs,
            vec![
                "# Source: a.yaml\na: 1\n",
                "---\n# Source: b\nb: |\n  ---\n  x\n",
                "--- {c: 1}\n"
            ]
        );
    }
}
