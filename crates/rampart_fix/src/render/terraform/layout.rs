//! Line arithmetic on the original text: where a line starts and ends, what indents it, which
//! comment lines sit directly above a structure. Everything works on byte offsets and returns
//! offsets; nothing here changes text or can panic on any offset (out-of-range clamps).

/// Offset of the first byte of the line holding `at`.
pub fn line_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.get(..at)
        .and_then(|before| before.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// Offset of the `\n` ending the line holding `at` (or the end of the text).
pub fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.get(at..)
        .and_then(|after| after.find('\n'))
        .map(|i| at + i)
        .unwrap_or(text.len())
}

/// Offset just past the line holding `at`, newline included.
pub fn next_line_start(text: &str, at: usize) -> usize {
    (line_end(text, at) + 1).min(text.len())
}

/// Leading whitespace of the line holding `at`.
pub fn indent_of_line(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let line = text.get(start..line_end(text, at)).unwrap_or("");
    let trimmed = line.trim_start_matches([' ', '\t']);
    line.get(..line.len() - trimmed.len()).unwrap_or("")
}

/// True when only spaces and tabs are between `from` and `to`.
pub fn blank_between(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|s| s.chars().all(|c| c == ' ' || c == '\t'))
}

/// True when the rest of the line after `at` is blank or a line comment (which then belongs
/// to the structure ending at `at`).
pub fn rest_of_line_is_trivia(text: &str, at: usize) -> bool {
    let rest = text.get(at..line_end(text, at)).unwrap_or("").trim();
    rest.is_empty()
        || rest.starts_with('#')
        || rest.starts_with("//")
        || rest == ","
        || rest.starts_with(", #")
        || rest.starts_with(",#")
        || rest.starts_with(", //")
}

fn is_comment_line(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('#') || t.starts_with("//") || (t.starts_with("/*") && t.ends_with("*/"))
}

fn is_blank_line(line: &str) -> bool {
    line.trim().is_empty()
}

/// Start of the comment lines directly above the line starting at `line_at` (no blank line in
/// between): a structure's own comments, removed with it.
pub fn own_comments_start(text: &str, line_at: usize) -> usize {
    let mut start = line_at;
    while start > 0 {
        let prev = line_start(text, start - 1);
        let line = text.get(prev..start - 1).unwrap_or("");
        if is_comment_line(line) {
            start = prev;
        } else {
            break;
        }
    }
    start
}

/// The byte range of whole lines to delete so a structure spanning `start..end` disappears
/// with its own comments, and without leaving two blank lines where there was one.
pub fn removal_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    if !blank_between(text, line_start(text, start), start) || !rest_of_line_is_trivia(text, end) {
        return (start, end);
    }
    let from = own_comments_start(text, line_start(text, start));
    let mut to = next_line_start(text, end);
    if to == text.len() && !text.ends_with('\n') {
        to = text.len();
    }
    // a blank line on both sides: keep one of them
    let blank_before = from > 0 && {
        let prev = line_start(text, from - 1);
        is_blank_line(text.get(prev..from - 1).unwrap_or("x"))
    };
    let next_line = text.get(to..line_end(text, to)).unwrap_or("x");
    let at_end = to >= text.len();
    let closes_block = next_line.trim_start().starts_with('}');
    if blank_before {
        if closes_block || at_end {
            // the structure was the last in its block or file: drop the blank line above
            return (line_start(text, from - 1), to);
        }
        if is_blank_line(next_line) {
            to = next_line_start(text, to);
        }
    }
    (from, to)
}

/// The indentation unit the file uses: the leading whitespace of its first indented line,
/// two spaces when nothing is indented.
pub fn indent_unit(text: &str) -> String {
    for line in text.lines() {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let ws = &line[..line.len() - trimmed.len()];
        if !ws.is_empty() && !trimmed.is_empty() {
            return if ws.starts_with('\t') {
                "\t".into()
            } else {
                ws.to_string()
            };
        }
    }
    "  ".into()
}

/// The indentation unit near `at`: found in the top-level block holding `at` (files may mix
/// styles between blocks), else in the whole file.
pub fn indent_unit_near(text: &str, at: usize) -> String {
    let mut start = line_start(text, at);
    while start > 0
        && text
            .get(start..)
            .is_some_and(|l| l.starts_with([' ', '\t']))
    {
        start = line_start(text, start - 1);
    }
    let block = text.get(start..).unwrap_or("");
    let mut lines = block.lines();
    lines.next();
    for line in lines {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() {
            continue;
        }
        let ws = line.get(..line.len() - trimmed.len()).unwrap_or("");
        if ws.is_empty() {
            break;
        }
        return if ws.starts_with('\t') {
            "\t".into()
        } else {
            ws.to_string()
        };
    }
    indent_unit(text)
}

/// The line ending the file uses.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_indents() {
        let t = "a {\n  b = 1 # c\n}\n";
        assert_eq!(line_start(t, 6), 4);
        assert_eq!(line_end(t, 6), 15);
        assert_eq!(indent_of_line(t, 8), "  ");
        assert!(rest_of_line_is_trivia(t, 11));
        assert!(!rest_of_line_is_trivia(t, 9));
        assert_eq!(indent_unit(t), "  ");
        assert_eq!(indent_unit("x {\n\ty = 1\n}"), "\t");
    }

    #[test]
    fn removal_takes_own_comments_and_one_blank_line() {
        let t = "r {\n  a = 1\n\n  # about b\n  # more\n  b = 2 # trailing\n\n  c = 3\n}\n";
        let b = t.find("b = 2").unwrap();
        let (from, to) = removal_range(t, b, b + 5);
        let mut out = t.to_string();
        out.replace_range(from..to, "");
        assert_eq!(out, "r {\n  a = 1\n\n  c = 3\n}\n");
        let c = out.find("c = 3").unwrap();
        let (from, to) = removal_range(&out, c, c + 5);
        out.replace_range(from..to, "");
        assert_eq!(out, "r {\n  a = 1\n}\n");
    }
}
