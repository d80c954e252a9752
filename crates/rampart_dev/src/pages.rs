//! The Markdown of the rule reference: an index by provider and one page per rule, as pure
//! functions of what the registry, the compliance mappings and the fixtures say.
//!
//! Must never: add text that is not derived from those (no dates, versions or paths), so the
//! same registry always renders the same bytes.

use crate::REGENERATE;
use rampart_compliance::ControlRef;
use rampart_model::SourceFormat;
use rampart_rules::{FixSafety, FixSupport, Provider, Rule};
use std::fmt::Write as _;

/// Everything one rule page shows.
pub struct RuleDoc<'a> {
    pub rule: &'a Rule,
    /// Controls that list the rule, in framework file order.
    pub controls: Vec<ControlRef>,
}

/// The providers in the order the index lists them, with their heading.
pub const PROVIDER_ORDER: [(Provider, &str); 5] = [
    (Provider::Aws, "AWS"),
    (Provider::Azure, "Azure"),
    (Provider::Gcp, "GCP"),
    (Provider::Kubernetes, "Kubernetes"),
    (Provider::Custom, "Custom"),
];

fn generated_note() -> String {
    format!(
        "<!-- Generated from the rule registry by `{REGENERATE}`. Do not edit: change the rule \
file or compliance/*.toml and regenerate. -->"
    )
}

/// `docs/rules/README.md`: one table per provider, rules in id order.
pub fn index_page(docs: &[RuleDoc<'_>]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Rule reference\n\n{}\n", generated_note());
    let counts: Vec<String> = PROVIDER_ORDER
        .iter()
        .filter_map(|(provider, heading)| {
            let n = docs.iter().filter(|d| d.rule.provider == *provider).count();
            (n > 0).then(|| format!("{heading} {n}"))
        })
        .collect();
    let _ = writeln!(
        out,
        "{} rules ({}). Each page says why the rule matters, how to fix it, whether `rampart fix` \
can do it, and which compliance controls it evidences. `rampart rules` lists the same rules, and \
`rampart explain ID` prints a page in the terminal; ids and aliases are accepted alike.\n",
        docs.len(),
        counts.join(", ")
    );
    let _ = writeln!(
        out,
        "Fix column: `safe`: `rampart fix` applies a fix that cannot break a working system; \
`unsafe`: the fix may break one (the page says how) and is applied only with `--unsafe`; \
`safe/unsafe`: which one depends on the finding; `no`: the remediation needs a human decision. \
Each rule declares this (`fix_support`), and the fixture tests check it."
    );
    let _ = writeln!(
        out,
        "\nAn attribute the code leaves out is judged by the provider's default: see \
[the provider defaults](defaults.md)."
    );
    for (provider, heading) in PROVIDER_ORDER {
        let mine: Vec<&RuleDoc<'_>> = docs
            .iter()
            .filter(|d| d.rule.provider == provider)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n## {heading} ({})\n", mine.len());
        let _ = writeln!(out, "| ID | Title | Severity | Category | Aliases | Fix |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
        for doc in mine {
            let rule = doc.rule;
            let _ = writeln!(
                out,
                "| [{id}]({id}.md) | {} | {} | {} | {} | {} |",
                cell(rule.title),
                rule.severity.as_str(),
                rule.category.as_str(),
                code_list(rule.aliases),
                short(&doc.rule.fix_support),
                id = rule.id,
            );
        }
    }
    out
}

/// `docs/rules/<ID>.md`.
pub fn rule_page(doc: &RuleDoc<'_>) -> String {
    let rule = doc.rule;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: {}\n\n{}\n",
        rule.id,
        rule.title,
        generated_note()
    );
    let _ = writeln!(out, "| | |\n| --- | --- |");
    let _ = writeln!(out, "| Severity | {} |", rule.severity.as_str());
    let _ = writeln!(out, "| Category | {} |", rule.category.as_str());
    let _ = writeln!(out, "| Provider | {} |", rule.provider.as_str());
    let _ = writeln!(out, "| Resource kinds | {} |", code_list(rule.kinds));
    if !rule.aliases.is_empty() {
        let _ = writeln!(out, "| Aliases | {} |", code_list(rule.aliases));
    }
    let _ = writeln!(out, "| Automatic fix | {} |", short(&doc.rule.fix_support));
    let _ = writeln!(out, "\n## Why it matters\n\n{}", rule.rationale.trim());
    let _ = writeln!(out, "\n## How to fix\n\n{}", rule.remediation.trim());
    let _ = writeln!(
        out,
        "\n## Automatic fix\n\n{}",
        fix_text(&doc.rule.fix_support)
    );
    let _ = writeln!(out, "\n## Compliance\n");
    if doc.controls.is_empty() {
        let _ = writeln!(
            out,
            "No compliance control in `compliance/*.toml` lists this rule."
        );
    } else {
        let _ = writeln!(
            out,
            "Controls this rule evidences (from `compliance/*.toml`); a finding fails them in \
`rampart compliance`.\n"
        );
        let _ = writeln!(out, "| Framework | Control | Title |\n| --- | --- | --- |");
        for control in &doc.controls {
            let _ = writeln!(
                out,
                "| {} (`{}`) | {} | {} |",
                cell(&control.framework_title),
                control.framework,
                cell(&control.control),
                cell(&control.title)
            );
        }
    }
    if !rule.references.is_empty() {
        let _ = writeln!(out, "\n## References\n");
        for reference in rule.references {
            let _ = writeln!(out, "- <{reference}>");
        }
    }
    out
}

/// The index cell: `no`, `safe`, `unsafe` or `safe/unsafe`.
fn short(fix: &FixSupport) -> &'static str {
    fix.safety().map_or("no", FixSafety::as_str)
}

fn fix_text(fix: &FixSupport) -> String {
    let FixSupport::Auto { formats, safety } = fix else {
        return "None: the remediation needs a human decision, so `rampart fix` leaves it to you."
            .to_string();
    };
    let names: Vec<&str> = formats.iter().map(|f| format_name(*f)).collect();
    let formats = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    let safety = match safety {
        FixSafety::Safe => {
            "**safe**: it cannot break a working system, so `rampart fix` applies it."
        }
        FixSafety::Unsafe => {
            "**unsafe**: it may break a working system (how is said above), so `rampart fix` \
applies it only with `--unsafe`."
        }
        FixSafety::Varies => {
            "**safe or unsafe** depending on the finding: `rampart fix` applies the safe ones, \
the others only with `--unsafe` (`rampart fix --dry-run` shows which)."
        }
    };
    format!(
        "`rampart fix` edits {formats}; each change is verified by a re-scan before it is written. The fix is {safety}"
    )
}

fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Terraform => "Terraform",
        SourceFormat::TerraformPlan => "Terraform plans",
        SourceFormat::CloudFormation => "CloudFormation",
        SourceFormat::Kubernetes => "Kubernetes manifests",
        SourceFormat::Arm => "ARM templates",
        SourceFormat::Live => "live resources",
    }
}

/// Text safe inside a table cell: no pipe splits it, no newline ends the row.
fn cell(text: &str) -> String {
    single_line(text).replace('|', "\\|")
}

fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn code_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", cell(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Category, ResourceRef, Severity};
    use rampart_rules::{Checker, FixSupport, Hit};

    fn nothing(_: ResourceRef<'_>) -> Vec<Hit> {
        Vec::new()
    }

    static PIPE: Rule = Rule {
        id: "AWS-X-001",
        title: "Port 22 | 3389 open",
        severity: Severity::High,
        category: Category::Network,
        provider: Provider::Aws,
        kinds: &["aws_security_group"],
        rationale: "Because.",
        remediation: "Close it.",
        references: &["https://example.com/a"],
        aliases: &["CKV_AWS_24"],
        check: Checker::Native(nothing),
        fix: None,
        fix_support: FixSupport::None,
    };

    static FIXED: Rule = Rule {
        id: "AWS-X-001",
        title: "Port 22 | 3389 open",
        severity: Severity::High,
        category: Category::Network,
        provider: Provider::Aws,
        kinds: &["aws_security_group"],
        rationale: "Because.",
        remediation: "Close it.",
        references: &["https://example.com/a"],
        aliases: &["CKV_AWS_24"],
        check: Checker::Native(nothing),
        fix: Some(no_fix),
        fix_support: FixSupport::Auto {
            formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
            safety: FixSafety::Varies,
        },
    };

    fn no_fix(_: ResourceRef<'_>, _: &Hit) -> Option<rampart_rules::rule::Fix> {
        None
    }

    fn doc(rule: &'static Rule, controls: Vec<ControlRef>) -> RuleDoc<'static> {
        RuleDoc { rule, controls }
    }

    #[test]
    fn index_escapes_pipes_and_links_each_page() {
        let page = index_page(&[doc(&PIPE, vec![])]);
        assert!(page.contains(
            "| [AWS-X-001](AWS-X-001.md) | Port 22 \\| 3389 open | high | network | `CKV_AWS_24` | no |"
        ));
        assert!(page.contains("## AWS (1)"));
        assert!(!page.contains("## Azure"));
    }

    #[test]
    fn rule_page_shows_controls_and_fix_safety() {
        let control = ControlRef {
            framework: "cis-aws-3.0".into(),
            framework_title: "CIS AWS".into(),
            control: "5.2".into(),
            title: "No SSH from 0.0.0.0/0".into(),
        };
        let page = rule_page(&doc(&FIXED, vec![control]));
        assert!(page.starts_with("# AWS-X-001: Port 22 | 3389 open\n"));
        assert!(page.contains("| CIS AWS (`cis-aws-3.0`) | 5.2 | No SSH from 0.0.0.0/0 |"));
        assert!(page.contains("`rampart fix` edits Terraform and CloudFormation;"));
        assert!(page.contains("**safe or unsafe** depending on the finding"));
        assert!(page.contains("| Automatic fix | safe/unsafe |"));
        assert!(page.contains("- <https://example.com/a>"));

        let none = rule_page(&doc(&PIPE, vec![]));
        assert!(none.contains("No compliance control"));
        assert!(none.contains("needs a human decision"));
    }
}
