//! A report with something of everything: two files (one path with a space and non-ASCII),
//! findings of several severities and rules, two suppressed ones (comment, baseline), a live
//! finding without a file, a rule that found nothing, a load error and a load warning.

use rampart_model::span::LineIndex;
use rampart_model::{
    Category, Finding, LoadError, Severity, Span, Suppressed, SuppressedBy, Undecided,
};
use rampart_report::{Format, Report, render};
use rampart_rules::{Checker, FixSupport, Hit, Provider, Rule, builtin_rules};
use std::collections::BTreeMap;
use std::sync::Arc;

pub const MAIN_TF: &str = "main.tf";
pub const NET_TF: &str = "modules/my net/ñet.tf";

pub const MAIN_TEXT: &str = r#"resource "aws_ebs_volume" "data" {
  size      = 10
  encrypted = false
}

resource "aws_ebs_volume" "scratch" {
  # rampart:ignore AWS-EBS-001 scratch volume, no data
  encrypted = false
}

resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}
"#;

pub const NET_TEXT: &str = r#"resource "aws_security_group" "ssh" {
  name = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {}
}
"#;

/// A message with a terminal escape, as a hostile file could produce.
pub const HOSTILE_MESSAGE: &str = "security group `live` allows \u{1b}[2Jall traffic";
pub const NET_MESSAGE: &str = "Sicherheitsgruppe öffnet Port 22 für 0.0.0.0/0 — 🚪";

fn no_hits(_: rampart_model::ResourceRef<'_>) -> Vec<Hit> {
    Vec::new()
}

pub static NET_RULE: Rule = Rule {
    id: "TEST-NET-001",
    title: "Security group allows SSH from anywhere",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_security_group"],
    rationale: "SSH open to the internet invites brute force.",
    remediation: "Restrict `cidr_blocks` to known ranges.",
    references: &["https://example.com/ssh"],
    aliases: &["CKV_AWS_24"],
    check: Checker::Native(no_hits),
    fix: None,
    fix_support: FixSupport::None,
};

pub static LOG_RULE: Rule = Rule {
    id: "TEST-LOG-001",
    title: "S3 bucket has no access logging",
    severity: Severity::Low,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_s3_bucket"],
    rationale: "Without access logs, reads of the data leave no trace.",
    remediation: "Add an `aws_s3_bucket_logging` resource.",
    references: &[],
    aliases: &[],
    check: Checker::Native(no_hits),
    fix: None,
    fix_support: FixSupport::None,
};

pub static QUIET_RULE: Rule = Rule {
    id: "TEST-IAM-001",
    title: "IAM policy allows all actions",
    severity: Severity::Critical,
    category: Category::Identity,
    provider: Provider::Aws,
    kinds: &["aws_iam_policy"],
    rationale: "`*` on `*` is administrator access.",
    remediation: "List the actions the principal needs.",
    references: &[],
    aliases: &[],
    check: Checker::Native(no_hits),
    fix: None,
    fix_support: FixSupport::None,
};

pub fn ebs_rule() -> &'static Rule {
    builtin_rules()
        .into_iter()
        .find(|r| r.id == "AWS-EBS-001")
        .expect("AWS-EBS-001 is a built-in rule")
}

/// The span of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn span_of(file: &str, text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .expect("needle in fixture text");
    LineIndex::new(text).span(&Arc::from(file), text, start, start + needle.len())
}

pub fn finding(
    rule: &Rule,
    address: &str,
    attribute: Option<&str>,
    location: Option<Span>,
    message: &str,
) -> Finding {
    Finding {
        id: rampart_model::finding::stable_hash(&[rule.id, address, attribute.unwrap_or("")]),
        rule_id: rule.id.to_string().into(),
        title: rule.title.to_string().into(),
        severity: rule.severity,
        category: rule.category,
        message: message.to_string(),
        address: address.to_string(),
        resource_kind: address.split('.').next().unwrap_or("").to_string().into(),
        model_kind: address.split('.').next().unwrap_or("").to_string().into(),
        attribute: attribute.map(str::to_string),
        model_attribute: attribute.map(str::to_string),
        location,
        suppressed: None,
        live: None,
        attack_path: None,
    }
}

pub struct Fixture {
    pub findings: Vec<Finding>,
    pub errors: Vec<LoadError>,
    pub rules: Vec<&'static Rule>,
    pub sources: BTreeMap<Arc<str>, Arc<str>>,
    pub undecided: Vec<Undecided>,
}

impl Fixture {
    /// A scan that found nothing, read nothing and ran no rule.
    pub fn empty() -> Fixture {
        Fixture {
            findings: vec![],
            errors: vec![],
            rules: vec![],
            sources: Default::default(),
            undecided: vec![],
        }
    }

    pub fn new() -> Fixture {
        let ebs = ebs_rule();
        let data = finding(
            ebs,
            "aws_ebs_volume.data",
            Some("encrypted"),
            Some(span_of(MAIN_TF, MAIN_TEXT, "encrypted = false", 0)),
            "EBS volume `aws_ebs_volume.data` is not encrypted",
        );
        let mut scratch = finding(
            ebs,
            "aws_ebs_volume.scratch",
            Some("encrypted"),
            Some(span_of(MAIN_TF, MAIN_TEXT, "encrypted = false", 1)),
            "EBS volume `aws_ebs_volume.scratch` is not encrypted",
        );
        scratch.suppressed = Some(Suppressed {
            by: SuppressedBy::Comment,
            reason: Some("scratch volume, no data".into()),
        });
        let logs = finding(
            &LOG_RULE,
            "aws_s3_bucket.logs",
            None,
            Some(span_of(
                MAIN_TF,
                MAIN_TEXT,
                "resource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"logs\"\n}",
                0,
            )),
            "bucket `logs` has no access logging",
        );
        let ssh = finding(
            &NET_RULE,
            "aws_security_group.ssh",
            None,
            Some(span_of(NET_TF, NET_TEXT, NET_TEXT.trim_end(), 0)),
            NET_MESSAGE,
        );
        let mut egress = finding(
            &NET_RULE,
            "aws_security_group.ssh",
            Some("egress"),
            Some(span_of(NET_TF, NET_TEXT, "egress {}", 0)),
            "egress is open",
        );
        egress.suppressed = Some(Suppressed {
            by: SuppressedBy::Baseline,
            reason: Some("in baseline".into()),
        });
        let live = finding(
            &NET_RULE,
            "aws_security_group.live",
            None,
            None,
            HOSTILE_MESSAGE,
        );

        let mut findings = vec![data, scratch, logs, ssh, egress, live];
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut sources = BTreeMap::new();
        sources.insert(Arc::from(MAIN_TF), Arc::from(MAIN_TEXT));
        sources.insert(Arc::from(NET_TF), Arc::from(NET_TEXT));
        Fixture {
            findings,
            errors: vec![
                LoadError::warning(
                    MAIN_TF,
                    12,
                    1,
                    "remote module `git::https://x/y` not loaded; vendor it",
                ),
                LoadError::error("broken.tf", 4, 7, "unexpected token `}`; fix the syntax"),
            ],
            rules: vec![ebs, &NET_RULE, &LOG_RULE, &QUIET_RULE],
            sources,
            undecided: vec![],
        }
    }

    pub fn report(&self, min_severity: Severity, show_suppressed: bool, color: bool) -> Report<'_> {
        Report {
            findings: &self.findings,
            errors: &self.errors,
            rules: &self.rules,
            sources: &self.sources,
            files_scanned: 3,
            resources_scanned: 5,
            min_severity,
            show_suppressed,
            undecided: &self.undecided,
            show_undecided: false,
            color,
            tool_version: "0.1.0",
        }
    }
}

pub fn render_to_string(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    render(format, report, &mut out).expect("render to a Vec never fails");
    String::from_utf8(out).expect("output is UTF-8")
}

pub fn render_json(format: Format, report: &Report) -> serde_json::Value {
    serde_json::from_str(&render_to_string(format, report)).expect("output is JSON")
}

pub fn load_json(relative_to_crate: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative_to_crate);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn assert_valid(validator: &jsonschema::Validator, instance: &serde_json::Value, what: &str) {
    let problems: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        problems.is_empty(),
        "{what} does not match its schema:\n{}",
        problems.join("\n")
    );
}
