//! Suppression comments, read from raw text so every format shares them:
//! `# rampart:ignore:AWS-S3-001 reason`, `#checkov:skip=CKV_AWS_20:reason`,
//! `#tfsec:ignore:aws-s3-enable-versioning`, `#trivy:ignore:AVD-AWS-0086`.
//! A directive applies to the resource whose block contains its line, or that starts on the
//! first code line below it.
//!
//! A directive counts only inside a real comment of the file's syntax ([`comments`]): the same
//! words inside a string value (a tag, user data, an annotation) are data a stranger may have
//! written, and must never suppress anything.

mod comments;

pub use comments::Syntax;
use rampart_model::{Resource, Suppression};
use std::sync::OnceLock;

fn directive_regex() -> Option<&'static regex::Regex> {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(
            r"(?:#|//|/\*)\s*(?:rampart:ignore[:=]\s*(?P<r>[A-Za-z0-9_.*\-]+)(?P<rr>[^\n]*)|checkov:skip=(?P<c>[A-Za-z0-9_\-]+)(?::(?P<cr>[^\n]*))?|(?:tfsec|trivy):ignore:(?P<t>[A-Za-z0-9_\-]+)(?P<tr>[^\n]*))",
        )
        .ok()
    })
    .as_ref()
}

/// A directive found in a file, with its 1-based line.
#[derive(Clone, Debug, PartialEq)]
pub struct Directive {
    pub line: u32,
    pub rule: String,
    pub reason: Option<String>,
    /// True when the comment is the only thing on its line (then it applies downwards).
    pub own_line: bool,
}

/// The directives in the comments of `text`, read as `syntax`.
pub fn directives(text: &str, syntax: Syntax) -> Vec<Directive> {
    if !text.contains("ignore") && !text.contains("skip=") {
        return Vec::new();
    }
    let Some(re) = directive_regex() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for comment in comments::comments(text, syntax) {
        let Some(c) = re.captures(&comment.text) else {
            continue;
        };
        let (rule, reason) = if let Some(r) = c.name("r") {
            (r.as_str(), c.name("rr").map(|m| m.as_str()))
        } else if let Some(r) = c.name("c") {
            (r.as_str(), c.name("cr").map(|m| m.as_str()))
        } else if let Some(r) = c.name("t") {
            (r.as_str(), c.name("tr").map(|m| m.as_str()))
        } else {
            continue;
        };
        let reason = reason
            .map(|s| {
                s.trim()
                    .trim_start_matches(':')
                    .trim()
                    .trim_end_matches("*/")
                    .trim()
                    .to_string()
            })
            .filter(|s| !s.is_empty());
        out.push(Directive {
            line: comment.line,
            rule: rule.to_string(),
            reason,
            own_line: comment.own_line,
        });
    }
    out
}

/// Attaches the directives in the comments of one file (read as `syntax`) to the resources
/// defined in it.
pub fn attach(text: &str, syntax: Syntax, resources: &mut [&mut Resource]) {
    let found = directives(text, syntax);
    if found.is_empty() {
        return;
    }
    let lines: Vec<&str> = text.lines().collect();
    for d in found {
        // the line the directive speaks about: its own, or the next code line below it
        let mut target = d.line;
        if d.own_line {
            let mut l = d.line as usize; // index of the next line (0-based == d.line)
            while let Some(line) = lines.get(l) {
                let t = line.trim_start();
                if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
                    l += 1;
                    continue;
                }
                break;
            }
            target = l as u32 + 1;
        }
        // the innermost resource containing the target line
        let owner = resources
            .iter_mut()
            .filter(|r| {
                r.origin
                    .span()
                    .is_some_and(|s| s.start.line <= target && target <= s.end.line)
            })
            .min_by_key(|r| {
                r.origin
                    .span()
                    .map(|s| s.end.line - s.start.line)
                    .unwrap_or(u32::MAX)
            });
        if let Some(r) = owner {
            r.suppressions.push(Suppression {
                rule: d.rule.clone(),
                reason: d.reason.clone(),
                line: d.line,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_all_comment_dialects() {
        let text = "# rampart:ignore:AWS-S3-001 public website\n#checkov:skip=CKV_AWS_20:the reason\n  acl = \"x\" # tfsec:ignore:aws-s3-no-public\n// trivy:ignore:AVD-AWS-0086\n";
        let d = directives(text, Syntax::Hcl);
        assert_eq!(d.len(), 4);
        assert_eq!(d[0].rule, "AWS-S3-001");
        assert_eq!(d[0].reason.as_deref(), Some("public website"));
        assert_eq!(d[1].rule, "CKV_AWS_20");
        assert_eq!(d[1].reason.as_deref(), Some("the reason"));
        assert_eq!(d[2].rule, "aws-s3-no-public");
        assert!(!d[2].own_line);
        assert_eq!(d[3].rule, "AVD-AWS-0086");
    }

    #[test]
    fn directives_inside_string_values_do_not_count() {
        let hcl = "tags = { note = \"# rampart:ignore:*\" }\nuser_data = <<EOF\n# rampart:ignore:*\nEOF\nx = \"#checkov:skip=CKV_AWS_3:x\"\n";
        assert!(directives(hcl, Syntax::Hcl).is_empty());
        let yaml = "Value: \"# rampart:ignore:*\"\nnote: '#checkov:skip=CKV_AWS_3:x'\nscript: |\n  # rampart:ignore:*\n";
        assert!(directives(yaml, Syntax::Yaml).is_empty());
        assert!(directives("{\"a\": \"# rampart:ignore:*\"}", Syntax::Json).is_empty());
        // the same words in a real comment still count
        assert_eq!(
            directives("a: 1 # rampart:ignore:*\n", Syntax::Yaml).len(),
            1
        );
    }
}
