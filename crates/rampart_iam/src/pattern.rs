//! Wildcard text as IAM reads it: `*` (any run of characters) and `?` (one character) in
//! actions, resources and `...Like` condition values, and policy variables (`${aws:username}`,
//! `${aws:username, 'none'}`, and the escapes `${*}`, `${?}`, `${$}`) in resources and
//! condition values. A variable's value is always literal text, never a wildcard.

use crate::context::Context;

/// One unit of a resolved pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Literal(char),
    /// `*`: any run of characters, also empty.
    Star,
    /// `?`: exactly one character.
    One,
}

/// Text from a policy, possibly holding policy variables, resolved per request.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq)]
enum Part {
    /// Policy text: `*` and `?` in it are wildcards (for operators that read wildcards).
    Text(String),
    /// A character written as `${*}`, `${?}` or `${$}`: always literal.
    Escaped(char),
    Variable {
        key: String,
        default: Option<String>,
    },
}

impl Template {
    /// Reads policy text; `variables` is false for documents without `"Version": "2012-10-17"`,
    /// where AWS reads `${...}` as plain characters.
    pub fn parse(text: &str, variables: bool) -> Template {
        if !variables {
            return Template {
                parts: vec![Part::Text(text.to_string())],
            };
        }
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            let Some(len) = rest[start..].find('}') else {
                break;
            };
            if start > 0 {
                parts.push(Part::Text(rest[..start].to_string()));
            }
            let inner = &rest[start + 2..start + len];
            parts.push(variable_part(inner));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        Template { parts }
    }

    /// The pieces of this text for `context`, or None when a variable has no value and no
    /// default (AWS then treats the element as not matching). A multi-valued key has no single
    /// value to substitute, so it counts as missing.
    pub fn resolve(&self, context: &Context) -> Option<Vec<Piece>> {
        let mut pieces = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => pieces.extend(text.chars().map(|c| match c {
                    '*' => Piece::Star,
                    '?' => Piece::One,
                    c => Piece::Literal(c),
                })),
                Part::Escaped(c) => pieces.push(Piece::Literal(*c)),
                Part::Variable { key, default } => {
                    let value = match context.get(key) {
                        Some([single]) => single.clone(),
                        _ => default.clone()?,
                    };
                    pieces.extend(value.chars().map(Piece::Literal));
                }
            }
        }
        Some(pieces)
    }

    /// The text for operators that read no wildcards (`StringEquals`): every piece literal.
    pub fn resolve_literal(&self, context: &Context) -> Option<String> {
        self.resolve(context).map(|pieces| {
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Literal(c) => *c,
                    Piece::Star => '*',
                    Piece::One => '?',
                })
                .collect()
        })
    }

    /// True when the template has no variables and is exactly `*`.
    pub fn is_star(&self) -> bool {
        matches!(self.parts.as_slice(), [Part::Text(t)] if t == "*")
    }

    /// The policy text when it holds no variables (for judgements on fixed values).
    pub fn fixed_text(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Text(t)] => Some(t),
            [] => Some(""),
            _ => None,
        }
    }
}

fn variable_part(inner: &str) -> Part {
    match inner {
        "*" => return Part::Escaped('*'),
        "?" => return Part::Escaped('?'),
        "$" => return Part::Escaped('$'),
        _ => {}
    }
    match inner.split_once(',') {
        Some((key, default)) => {
            let default = default.trim();
            let default = default
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .unwrap_or(default);
            Part::Variable {
                key: key.trim().to_string(),
                default: Some(default.to_string()),
            }
        }
        None => Part::Variable {
            key: inner.trim().to_string(),
            default: None,
        },
    }
}

/// Pieces of fixed text with `*` and `?` as wildcards (actions, which take no variables).
pub fn wildcard_pieces(text: &str) -> Vec<Piece> {
    text.chars()
        .map(|c| match c {
            '*' => Piece::Star,
            '?' => Piece::One,
            c => Piece::Literal(c),
        })
        .collect()
}

/// Whether `text` matches `pattern`; `fold_case` compares letters case-insensitively.
/// Linear-space backtracking over the last star, so a hostile pattern costs O(n·m), not more.
pub fn matches(pattern: &[Piece], text: &str, fold_case: bool) -> bool {
    let text: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| a == b || (fold_case && a.to_lowercase().eq(b.to_lowercase()));
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Piece::Star) => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(Piece::One) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(Piece::Literal(c)) if text.get(t).is_some_and(|&x| same(*c, x)) => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                p = sp + 1;
                t = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    pattern[p.min(pattern.len())..]
        .iter()
        .all(|piece| *piece == Piece::Star)
}

/// ARN matching as AWS documents it for `Resource` and the `Arn*` operators: the six
/// colon-separated parts are compared one by one, case-sensitively, each with its own
/// wildcards (the last part, the resource, may itself hold colons). A pattern of fewer parts
/// (`*`, `arn:aws:s3:*`) compares its last part with the rest of the ARN, colons included.
pub fn arn_matches(pattern: &[Piece], arn: &str) -> bool {
    let pattern_parts = split_pieces(pattern);
    let arn_parts: Vec<&str> = arn.splitn(pattern_parts.len(), ':').collect();
    arn_parts.len() == pattern_parts.len()
        && pattern_parts
            .iter()
            .zip(arn_parts.iter())
            .all(|(p, a)| matches(p, a, false))
}

/// Splits pieces at their first five literal colons.
fn split_pieces(pattern: &[Piece]) -> Vec<&[Piece]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, piece) in pattern.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if *piece == Piece::Literal(':') {
            parts.push(&pattern[start..i]);
            start = i + 1;
        }
    }
    parts.push(&pattern[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&str, &str)]) -> Context {
        let mut c = Context::default();
        for (k, v) in pairs {
            c.insert(k, vec![v.to_string()]);
        }
        c
    }

    #[test]
    fn stars_and_question_marks() {
        assert!(matches(&wildcard_pieces("s3:Get*"), "s3:GetObject", false));
        assert!(matches(&wildcard_pieces("s3:get*"), "S3:GetObject", true));
        assert!(!matches(&wildcard_pieces("s3:get*"), "S3:GetObject", false));
        assert!(matches(&wildcard_pieces("a?c"), "abc", false));
        assert!(!matches(&wildcard_pieces("a?c"), "ac", false));
        assert!(matches(&wildcard_pieces("*a*b*"), "xxaxxbxx", false));
        assert!(!matches(&wildcard_pieces("*a*b"), "xxaxxbxxc", false));
        assert!(matches(&wildcard_pieces(""), "", false));
    }

    #[test]
    fn arn_parts_do_not_bleed() {
        let p = wildcard_pieces("arn:aws:s3:::bucket*");
        assert!(arn_matches(&p, "arn:aws:s3:::bucket-1/key"));
        let p = wildcard_pieces("arn:aws:iam::*:role/admin");
        assert!(arn_matches(&p, "arn:aws:iam::111122223333:role/admin"));
        // the star of the account part cannot swallow the colon before the resource
        let p = wildcard_pieces("arn:aws:iam::1*3:role/x");
        assert!(!arn_matches(&p, "arn:aws:iam::1:3:role/x"));
        let p = wildcard_pieces("arn:aws:logs:*:*:log-group:app:*");
        assert!(arn_matches(
            &p,
            "arn:aws:logs:eu-west-1:111122223333:log-group:app:log-stream:s"
        ));
        assert!(!arn_matches(
            &wildcard_pieces("arn:aws:s3:::B*"),
            "arn:aws:s3:::b1"
        ));
        assert!(arn_matches(&wildcard_pieces("*"), "not-an-arn"));
        assert!(arn_matches(
            &wildcard_pieces("arn:aws:s3:*"),
            "arn:aws:s3:::b/k"
        ));
        assert!(!arn_matches(
            &wildcard_pieces("arn:aws:sns:us-east-*:T"),
            "arn:aws:sns:us-east-2:1:T"
        ));
    }

    #[test]
    fn variables_are_literal_and_fall_back_to_defaults() {
        let t = Template::parse("arn:aws:s3:::home/${aws:username}/*", true);
        let pieces = t
            .resolve(&ctx(&[("aws:username", "a*")]))
            .unwrap_or_default();
        assert!(arn_matches(&pieces, "arn:aws:s3:::home/a*/x"));
        assert!(!arn_matches(&pieces, "arn:aws:s3:::home/ab/x"));
        assert_eq!(t.resolve(&ctx(&[])), None);
        let d = Template::parse("${aws:username, 'nobody'}", true);
        assert_eq!(d.resolve_literal(&ctx(&[])), Some("nobody".to_string()));
        let e = Template::parse("a${*}b${?}${$}", true);
        assert_eq!(
            e.resolve(&ctx(&[])).map(|p| p.contains(&Piece::Star)),
            Some(false)
        );
        assert_eq!(e.resolve_literal(&ctx(&[])), Some("a*b?$".to_string()));
        let old = Template::parse("${aws:username}", false);
        assert_eq!(
            old.resolve_literal(&ctx(&[])),
            Some("${aws:username}".into())
        );
    }
}
