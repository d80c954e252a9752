//! Finds the real comments of a file in its own syntax, so that a suppression directive counts
//! only where the author of the file wrote a comment: HCL `#`, `//` and `/* */` outside strings,
//! templates and heredocs; YAML `#` outside quoted and block scalars; nothing in JSON. Text
//! inside a string value (a tag, user data, an annotation) is data, and data written by a
//! stranger must never switch a check off.
//!
//! The lexers are line-based and err on the side of "not a comment": a construct they cannot
//! place (an unterminated string) swallows the rest of the file rather than exposing it.

/// The comment syntax of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    Hcl,
    Yaml,
    Json,
}

impl Syntax {
    /// A CloudFormation template or a Kubernetes manifest: JSON when its name says so, else
    /// YAML (JSON text read as YAML still yields no comments).
    pub fn yaml_or_json(path: &str) -> Syntax {
        if path.to_ascii_lowercase().ends_with(".json") {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// The text of one comment on one line (a block comment gives one per line it spans).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// 1-based line.
    pub line: u32,
    /// From the comment marker to the end of the comment on this line.
    pub text: String,
    /// Nothing but whitespace precedes the comment on its line.
    pub own_line: bool,
}

pub fn comments(text: &str, syntax: Syntax) -> Vec<Comment> {
    match syntax {
        Syntax::Hcl => hcl_comments(text),
        Syntax::Yaml => yaml_comments(text),
        Syntax::Json => Vec::new(),
    }
}

/// Where the HCL lexer is: code (with the depth of `{` opened inside a template
/// interpolation), a quoted string, or a heredoc waiting for its end marker.
#[derive(Clone, Debug)]
enum Hcl {
    Code { braces: u32 },
    Str,
    Heredoc { marker: String },
    BlockComment,
}

fn hcl_comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    // the innermost context is last; interpolations nest strings inside code inside strings
    let mut stack: Vec<Hcl> = vec![Hcl::Code { braces: 0 }];
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        if let Some(Hcl::Heredoc { marker }) = stack.last() {
            if line.trim() == marker {
                stack.pop();
            }
            continue;
        }
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        let mut block_started_at: Option<usize> = match stack.last() {
            Some(Hcl::BlockComment) => Some(0),
            _ => None,
        };
        let mut pending_heredoc: Option<String> = None;
        while let Some(&(at, c)) = chars.get(i) {
            let next = chars.get(i + 1).map(|&(_, n)| n);
            match stack.last_mut() {
                Some(Hcl::BlockComment) => {
                    if c == '*' && next == Some('/') {
                        let start = block_started_at.take().unwrap_or(0);
                        let end = chars.get(i + 2).map_or(line.len(), |&(e, _)| e);
                        push_comment(&mut out, number, line, start, end);
                        stack.pop();
                        i += 2;
                        continue;
                    }
                }
                Some(Hcl::Str) => match c {
                    '\\' => i += 1,
                    '"' => {
                        stack.pop();
                    }
                    '$' | '%' if next == Some('{') => {
                        // `$${` and `%%{` are escapes for a literal `${` / `%{`
                        let escaped = i > 0 && chars.get(i - 1).map(|&(_, p)| p) == Some(c);
                        if !escaped {
                            stack.push(Hcl::Code { braces: 0 });
                            i += 1;
                        }
                    }
                    _ => {}
                },
                Some(Hcl::Code { braces }) => match c {
                    '"' => stack.push(Hcl::Str),
                    '{' => *braces += 1,
                    '}' => {
                        if *braces == 0 {
                            // the end of an interpolation: back into its string
                            if stack.len() > 1 {
                                stack.pop();
                            }
                        } else {
                            *braces -= 1;
                        }
                    }
                    '#' => {
                        push_comment(&mut out, number, line, at, line.len());
                        break;
                    }
                    '/' if next == Some('/') => {
                        push_comment(&mut out, number, line, at, line.len());
                        break;
                    }
                    '/' if next == Some('*') => {
                        stack.push(Hcl::BlockComment);
                        block_started_at = Some(at);
                        i += 2;
                        continue;
                    }
                    '<' if next == Some('<') => {
                        if let Some(marker) = heredoc_marker(line.get(at + 2..).unwrap_or("")) {
                            pending_heredoc = Some(marker);
                        }
                    }
                    _ => {}
                },
                Some(Hcl::Heredoc { .. }) | None => break,
            }
            i += 1;
        }
        if let Some(start) = block_started_at {
            push_comment(&mut out, number, line, start, line.len());
        }
        // a quoted string ends on its line in HCL: an unterminated one is a syntax error the
        // parser reports; the next line is lexed as code again
        if stack.iter().any(|s| matches!(s, Hcl::Str)) {
            stack.truncate(1);
        }
        if let Some(marker) = pending_heredoc {
            stack.push(Hcl::Heredoc { marker });
        }
    }
    out
}

/// The end marker of a heredoc opened by `<<EOF` or `<<-EOF` (the text after `<<`).
fn heredoc_marker(after: &str) -> Option<String> {
    let after = after.strip_prefix('-').unwrap_or(after);
    let marker: String = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let starts_ok = marker.chars().next().is_some_and(|c| !c.is_ascii_digit());
    (starts_ok
        && after
            .get(marker.len()..)
            .is_some_and(|r| r.trim().is_empty()))
    .then_some(marker)
}

fn push_comment(out: &mut Vec<Comment>, line_number: u32, line: &str, start: usize, end: usize) {
    let own_line = line.get(..start).is_some_and(|b| b.trim().is_empty());
    let mut text = line.get(start..end).unwrap_or("").to_string();
    // a continuation line of a block comment reads as a block comment of its own
    if !(text.starts_with('#') || text.starts_with("//") || text.starts_with("/*")) {
        text = format!("/* {text}");
    }
    out.push(Comment {
        line: line_number,
        text,
        own_line,
    });
}

/// Where the YAML lexer is: plain content, a quoted scalar (which may span lines), or the
/// lines of a block scalar (`|`, `>`) indented deeper than the line that opened it.
#[derive(Clone, Copy, Debug)]
enum Yaml {
    Plain,
    Quoted(char),
    Block { parent_indent: usize },
}

fn yaml_comments(text: &str) -> Vec<Comment> {
    let mut out = Vec::new();
    let mut state = Yaml::Plain;
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Yaml::Block { parent_indent } = state {
            if line.trim().is_empty() || indent > parent_indent {
                continue;
            }
            state = Yaml::Plain;
        }
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        let mut i = 0;
        // the last character that is not a space, outside quotes, on this line
        let mut previous: Option<char> = None;
        // the first character of the last token, to see a tag (`!Sub`) or an anchor (`&a`)
        // that a quoted scalar may follow
        let mut token_start: Option<char> = None;
        let mut comment_at: Option<usize> = None;
        while let Some(&(at, c)) = chars.get(i) {
            match state {
                Yaml::Quoted(quote) => {
                    if quote == '"' && c == '\\' {
                        i += 1;
                    } else if c == quote {
                        // `''` inside a single-quoted scalar is an escaped quote
                        if quote == '\'' && chars.get(i + 1).map(|&(_, n)| n) == Some('\'') {
                            i += 1;
                        } else {
                            state = Yaml::Plain;
                            previous = Some(c);
                        }
                    }
                }
                _ => {
                    let after_space = i == 0
                        || chars
                            .get(i - 1)
                            .is_some_and(|&(_, p)| p == ' ' || p == '\t');
                    if c == '#' && after_space {
                        comment_at = Some(at);
                        break;
                    }
                    let after_property =
                        after_space && token_start.is_some_and(|t| t == '!' || t == '&');
                    let starts_scalar = after_property
                        || previous.is_none_or(|p| matches!(p, ':' | '-' | '[' | '{' | ',' | '?'));
                    if (c == '"' || c == '\'') && starts_scalar {
                        state = Yaml::Quoted(c);
                    } else if c != ' ' && c != '\t' {
                        if after_space {
                            token_start = Some(c);
                        }
                        previous = Some(c);
                    }
                }
            }
            i += 1;
        }
        let code = line.get(..comment_at.unwrap_or(line.len())).unwrap_or("");
        if let Some(at) = comment_at {
            out.push(Comment {
                line: number,
                text: line.get(at..).unwrap_or("").to_string(),
                own_line: code.trim().is_empty(),
            });
        }
        if matches!(state, Yaml::Plain) && opens_block_scalar(code) {
            state = Yaml::Block {
                parent_indent: indent,
            };
        }
    }
    out
}

/// A line whose value is a block scalar indicator: `key: |`, `- >-`, `key: |2+`.
fn opens_block_scalar(code: &str) -> bool {
    let last = code.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
    let mut chars = last.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let mut before = code.trim_end().strip_suffix(last).unwrap_or("").trim_end();
    // a tag or an anchor may stand between the key and the indicator: `Value: !Sub |`
    loop {
        let token = before.rsplit([' ', '\t']).next().unwrap_or("");
        if token.is_empty() || !(token.starts_with('!') || token.starts_with('&')) {
            break;
        }
        before = before.strip_suffix(token).unwrap_or("").trim_end();
    }
    (first == '|' || first == '>')
        && chars.all(|c| c == '-' || c == '+' || c.is_ascii_digit())
        && (before.is_empty()
            || before.ends_with(':')
            || before.ends_with('-')
            || before.ends_with("---"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, syntax: Syntax) -> Vec<(u32, String)> {
        comments(text, syntax)
            .into_iter()
            .map(|c| (c.line, c.text))
            .collect()
    }

    #[test]
    fn hcl_comments_outside_strings_heredocs_and_templates() {
        let text = r##"# top
resource "x" "y" { // trailing
  a = "# not a comment" # real
  b = "${lookup({k = "#no"}, "k")}" /* block
  still */ c = 1
  d = <<-EOT
    # inside a heredoc
  EOT
  e = "$${not} # no"
}
"##;
        assert_eq!(
            lines(text, Syntax::Hcl),
            vec![
                (1, "# top".to_string()),
                (2, "// trailing".to_string()),
                (3, "# real".to_string()),
                (4, "/* block".to_string()),
                (5, "/*   still */".to_string()),
            ]
        );
    }

    #[test]
    fn yaml_comments_outside_quoted_and_block_scalars() {
        let text = "# top\na: '# no' # yes\nb: \"x # no\\\" # still no\"\nc: it's # yes\nd: |\n  # block scalar\n  text\ne: x#no\nf: \"multi\n  # no\n  line\"\n";
        assert_eq!(
            lines(text, Syntax::Yaml),
            vec![
                (1, "# top".to_string()),
                (2, "# yes".to_string()),
                (4, "# yes".to_string()),
            ]
        );
    }

    #[test]
    fn yaml_tags_and_anchors_before_scalars_are_not_comments() {
        let text = "a: !Sub \" # no ${X}\"\nb: &anchor ' # no'\nc: !Sub |\n  # no\nd: !!str >-\n  # no\ne: !Ref x # yes\n";
        assert_eq!(lines(text, Syntax::Yaml), vec![(7, "# yes".to_string())]);
    }

    #[test]
    fn json_has_no_comments() {
        assert!(comments("{\"a\": \"# rampart:ignore:*\"}", Syntax::Json).is_empty());
    }
}
