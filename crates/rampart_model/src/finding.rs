//! Findings: what a rule reported about which resource, where, and whether it is suppressed.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// One level higher (critical stays critical).
    pub fn raised(self) -> Severity {
        match self {
            Severity::Info => Severity::Low,
            Severity::Low => Severity::Medium,
            Severity::Medium => Severity::High,
            Severity::High | Severity::Critical => Severity::Critical,
        }
    }

    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Identity,
    Data,
    Network,
    Logging,
    Compute,
    Secrets,
    Encryption,
    Availability,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Identity => "identity",
            Category::Data => "data",
            Category::Network => "network",
            Category::Logging => "logging",
            Category::Compute => "compute",
            Category::Secrets => "secrets",
            Category::Encryption => "encryption",
            Category::Availability => "availability",
        }
    }
}

/// What a rule's check returns: one problem on one resource, optionally at one attribute.
#[derive(Clone, Debug, PartialEq)]
pub struct Violation {
    pub resource: crate::ResourceId,
    /// Dotted attribute path the problem is at, when there is one.
    pub attribute: Option<String>,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum SuppressedBy {
    Comment,
    Config,
    Baseline,
}

impl SuppressedBy {
    /// The name reports print, the same as its serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressedBy::Comment => "comment",
            SuppressedBy::Config => "config",
            SuppressedBy::Baseline => "baseline",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suppressed {
    pub by: SuppressedBy,
    pub reason: Option<String>,
}

/// A reported problem, ready for output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Stable fingerprint: hash of rule, address and attribute (not line), so baselines
    /// survive edits that move code.
    pub id: String,
    /// The rule's id and title: borrowed from the registry (a large scan has millions of
    /// findings, and these are the same few hundred strings).
    pub rule_id: Cow<'static, str>,
    pub title: Cow<'static, str>,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    pub address: String,
    /// The kind as the source names it: `aws_s3_bucket` from Terraform, `AWS::S3::Bucket` from a
    /// template, `Deployment` from a manifest.
    pub resource_kind: Cow<'static, str>,
    /// The kind in the model's vocabulary (`aws_s3_bucket`), which rules and fixes name;
    /// equal to `resource_kind` for Terraform. Never shown.
    #[serde(skip)]
    pub model_kind: Cow<'static, str>,
    /// The attribute path as the source writes it: `versioning.0.enabled` in Terraform,
    /// `MetadataOptions.HttpTokens` in a template, `spec.containers[0].image` in a manifest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    /// The same attribute in the model's (Terraform) vocabulary, which fixes and views read;
    /// equal to `attribute` for Terraform. Never shown.
    #[serde(skip)]
    pub model_attribute: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppressed>,
    /// Where a finding on a live resource is in the cloud: account, region, ARN and console
    /// page. `None` for findings on code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveLocation>,
    /// Set when the resource sits on an attack path (`scan --attack-paths`): the severity was
    /// raised one level because of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attack_path: Option<Box<OnAttackPath>>,
}

/// The attack paths a finding's resource sits on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnAttackPath {
    /// The paths' ids (`PATH-001`), highest score first.
    pub paths: Vec<String>,
    /// The highest score of those paths (0–10).
    pub score: f32,
    /// The rule's severity before the path raised it.
    pub raised_from: Severity,
}

/// The cloud identity of a live resource a finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LiveLocation {
    pub provider: String,
    pub account: String,
    pub region: String,
    /// The provider's own id: an ARN on AWS, a resource id on Azure, an asset name on GCP.
    pub id: String,
    /// The resource's page in the provider's web console, when one is known.
    pub console_url: Option<String>,
}

impl Finding {
    pub fn file(&self) -> Option<&str> {
        self.location.as_ref().map(|s| &*s.file)
    }
    pub fn line(&self) -> Option<u32> {
        self.location.as_ref().map(|s| s.start.line)
    }
    /// The finding's identity in a findings history (`rampart_store`): the fingerprint `id`
    /// (rule, address, attribute — never a line) plus where the resource lives: its ARN or
    /// provider id when live, else its file, so `aws_s3_bucket.logs` in two root modules are
    /// two findings. Moving code inside its file keeps the fingerprint.
    pub fn history_fingerprint(&self) -> String {
        let place = match &self.live {
            Some(live) if !live.id.trim().is_empty() => live.id.as_str(),
            Some(live) => live.account.as_str(),
            None => self.file().unwrap_or(""),
        };
        stable_hash(&[&self.id, &self.model_kind, place])
    }
    /// Deterministic order: file, line, rule, address.
    pub fn sort_key(&self) -> (Option<&str>, u32, u32, &str, &str, Option<&str>) {
        let (line, col) = self
            .location
            .as_ref()
            .map(|s| (s.start.line, s.start.column))
            .unwrap_or((0, 0));
        (
            self.file(),
            line,
            col,
            &self.rule_id,
            &self.address,
            self.attribute.as_deref(),
        )
    }
}

/// FNV-1a 64-bit: tiny, stable across platforms and releases (unlike `DefaultHasher`).
pub fn stable_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{h:016x}")
}
