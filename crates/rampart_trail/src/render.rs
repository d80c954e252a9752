//! The report as JSON (the whole [`TrailReport`], serialised), as Terraform (one
//! `data "aws_iam_policy_document"` per principal, the form reviewers diff and modules take),
//! or as text for a person. Terraform is written with every string escaped for HCL (`"`, `\`,
//! `${`, `%{`), so a resource name can never become an interpolation.

use crate::aggregate::PrincipalKind;
use crate::{LeastPrivilege, TrailReport};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::str::FromStr;

/// `--format json|terraform|text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Terraform,
    Text,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        match text {
            "json" => Ok(Format::Json),
            "terraform" => Ok(Format::Terraform),
            "text" => Ok(Format::Text),
            other => Err(format!(
                "unknown format `{other}`; use json, terraform or text"
            )),
        }
    }
}

/// The report in `format`.
pub fn render(report: &TrailReport, format: Format) -> String {
    match format {
        Format::Json => json(report),
        Format::Terraform => terraform(report),
        Format::Text => text(report),
    }
}

pub fn json(report: &TrailReport) -> String {
    // serialising plain data with string keys cannot fail; an empty object would be the
    // answer if it ever did
    let mut out = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// One `data "aws_iam_policy_document"` block per principal, each headed by a comment with
/// the principal and its proof.
pub fn terraform(report: &TrailReport) -> String {
    let mut out = String::new();
    let mut names = BTreeSet::new();
    for lp in &report.principals {
        let name = unique_name(&lp.usage.principal, &mut names);
        let _ = writeln!(out, "# {}", comment(&lp.usage.principal));
        let _ = writeln!(out, "# {}", comment(&proof_line(lp)));
        let _ = writeln!(out, "data \"aws_iam_policy_document\" \"{name}\" {{");
        for statement in statements(&lp.policy) {
            let _ = writeln!(out, "  statement {{");
            let _ = writeln!(out, "    effect = \"Allow\"");
            if lp.usage.kind == PrincipalKind::Service {
                let _ = writeln!(out, "    principals {{");
                let _ = writeln!(out, "      type        = \"Service\"");
                let _ = writeln!(
                    out,
                    "      identifiers = [{}]",
                    hcl_string(&lp.usage.principal)
                );
                let _ = writeln!(out, "    }}");
            }
            let _ = writeln!(
                out,
                "    actions = {}",
                hcl_list(strings(statement, "Action"))
            );
            let _ = writeln!(
                out,
                "    resources = {}",
                hcl_list(strings(statement, "Resource"))
            );
            let _ = writeln!(out, "  }}");
        }
        let _ = writeln!(out, "}}\n");
    }
    out
}

fn statements(policy: &Value) -> Vec<&Value> {
    policy
        .get("Statement")
        .and_then(Value::as_array)
        .map(|s| s.iter().collect())
        .unwrap_or_default()
}

fn strings<'v>(statement: &'v Value, key: &str) -> Vec<&'v str> {
    statement
        .get(key)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn hcl_list(items: Vec<&str>) -> String {
    if items.is_empty() {
        return "[]".into();
    }
    let mut out = String::from("[\n");
    for item in items {
        let _ = writeln!(out, "      {},", hcl_string(item));
    }
    out.push_str("    ]");
    out
}

/// A quoted HCL string: escapes, and `${`/`%{` doubled so they stay literal text.
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line never ends early: line breaks become spaces.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `least_privilege_NAME` from the ARN's last part (or the service's first label), made a
/// valid and unique Terraform name.
fn unique_name(principal: &str, taken: &mut BTreeSet<String>) -> String {
    let last = if principal.starts_with("arn:") {
        principal.rsplit(['/', ':']).next().unwrap_or(principal)
    } else {
        principal.split('.').next().unwrap_or(principal)
    };
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let base = format!("least_privilege_{cleaned}");
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

fn proof_line(lp: &LeastPrivilege) -> String {
    let p = &lp.proof;
    // without a current policy, the actions to deny are every unused high-risk action
    let denied = if lp.diff.is_some() {
        "removed high-risk actions"
    } else {
        "unused high-risk actions of the catalogue"
    };
    format!(
        "proof {}: {}/{} observed calls allowed, {}/{} {denied} denied",
        if p.holds { "holds" } else { "FAILS" },
        p.observed_allowed,
        p.observed_checked,
        p.must_deny_denied,
        p.must_deny_checked
    )
}

/// For a person: what was read, then per principal what it did, its minimal policy, the diff
/// and the proof.
pub fn text(report: &TrailReport) -> String {
    let mut out = String::new();
    let c = &report.counts;
    let _ = writeln!(
        out,
        "{} events in {} files: {} used, {} access denied, {} unmapped, {} before --since, \
         {} undated, {} of other principals, {} without an ARN, {} over the principal cap",
        c.events,
        report.files,
        c.used,
        c.access_denied,
        c.unmapped,
        c.before_since,
        c.undated,
        c.other_principals,
        c.unattributed,
        c.principals_over_limit
    );
    if let Some(r) = &report.replay {
        let _ = writeln!(
            out,
            "replay {}: {}/{} calls allowed one by one ({} evaluations, {} calls of principals not in the report)",
            if r.holds { "holds" } else { "FAILS" },
            r.calls_allowed,
            r.calls_checked,
            r.evaluations,
            r.calls_unchecked
        );
        for f in &r.failures {
            let _ = writeln!(
                out,
                "  - {} calling {} on {}: {:?}",
                f.principal, f.action, f.resource, f.decision
            );
        }
    }
    if report.problem_count > 0 {
        let _ = writeln!(out, "\n{} read problems:", report.problem_count);
        for problem in &report.problems {
            let _ = writeln!(out, "  - {problem}");
        }
    }
    if !report.unmapped.is_empty() {
        let _ = writeln!(
            out,
            "\nevents that map to no catalogued action (not granted):"
        );
        for (name, n) in &report.unmapped {
            let _ = writeln!(out, "  - {name} ×{n}");
        }
    }
    for lp in &report.principals {
        let u = &lp.usage;
        let _ = writeln!(out, "\n{} ({:?})", u.principal, u.kind);
        if !u.sessions.is_empty() {
            let sessions: Vec<String> = u
                .sessions
                .iter()
                .map(|(s, n)| format!("{s} ×{n}"))
                .collect();
            let _ = writeln!(out, "  sessions: {}", sessions.join(", "));
        }
        let _ = writeln!(
            out,
            "  {} calls of {} actions, {} to {}",
            u.calls,
            u.actions.len(),
            u.first_event.as_deref().unwrap_or("?"),
            u.last_event.as_deref().unwrap_or("?")
        );
        for (action, n) in &u.denied {
            let _ = writeln!(out, "  denied (not granted): {action} ×{n}");
        }
        for action in &lp.widened {
            let _ = writeln!(out, "  resources widened (too many to list): {action}");
        }
        if let Some(d) = &lp.diff {
            let _ = writeln!(
                out,
                "  current policy: {} actions allowed; minimal keeps {}, removes {} ({} high-risk)",
                d.current_actions,
                d.kept.len(),
                d.removed.len(),
                d.high_risk_removed.len()
            );
            for action in &d.used_not_in_current {
                let _ = writeln!(
                    out,
                    "  used but not in the current policy (granted elsewhere): {action}"
                );
            }
        }
        for note in &lp.notes {
            let _ = writeln!(out, "  note: {note}");
        }
        let _ = writeln!(out, "  {}", proof_line(lp));
        for failure in &lp.proof.failures {
            let _ = writeln!(out, "    - {failure:?}");
        }
        let policy = serde_json::to_string_pretty(&lp.policy).unwrap_or_default();
        let _ = writeln!(out, "  minimal policy:");
        for line in policy.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_strings_cannot_interpolate() {
        assert_eq!(hcl_string("a${b}%{c}\"\\"), r#""a$${b}%%{c}\"\\""#);
        assert_eq!(hcl_string("$x"), "\"$x\"");
    }

    #[test]
    fn names_are_valid_and_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(
            unique_name("arn:aws:iam::1:role/path/Deploy.er", &mut taken),
            "least_privilege_deploy_er"
        );
        assert_eq!(
            unique_name("arn:aws:iam::2:role/Deploy.er", &mut taken),
            "least_privilege_deploy_er_2"
        );
        assert_eq!(
            unique_name("cloudtrail.amazonaws.com", &mut taken),
            "least_privilege_cloudtrail"
        );
    }
}
