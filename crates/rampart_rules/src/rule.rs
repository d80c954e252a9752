//! What a rule is: metadata, the resource kinds it looks at, the check, and its remediation.

use rampart_model::{Applicability, Category, Change, ResourceRef, Severity, SourceFormat};
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Aws,
    Azure,
    Gcp,
    Kubernetes,
    Custom,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Aws => "aws",
            Provider::Azure => "azure",
            Provider::Gcp => "gcp",
            Provider::Kubernetes => "kubernetes",
            Provider::Custom => "custom",
        }
    }
}

/// One problem a check found on the resource it was given.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Dotted attribute path (`ingress.0.cidr_blocks`) the problem is at, if any.
    pub attribute: Option<String>,
    pub message: String,
}

impl Hit {
    pub fn at(attribute: impl Into<String>, message: impl Into<String>) -> Self {
        Hit {
            attribute: Some(attribute.into()),
            message: message.into(),
        }
    }
    pub fn resource(message: impl Into<String>) -> Self {
        Hit {
            attribute: None,
            message: message.into(),
        }
    }
}

pub type CheckFn = fn(ResourceRef<'_>) -> Vec<Hit>;
pub type DynCheck = Arc<dyn Fn(ResourceRef<'_>) -> Vec<Hit> + Send + Sync>;

pub enum Checker {
    Native(CheckFn),
    /// User-defined (declarative) rules compiled at run time.
    Dynamic(DynCheck),
}

/// The remediation of one hit, as changes to the model.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    pub summary: String,
    pub changes: Vec<Change>,
    #[serde(flatten)]
    pub applicability: Applicability,
}

pub type FixFn = fn(ResourceRef<'_>, &Hit) -> Option<Fix>;

/// What `rampart fix` can do for a rule, declared on the rule: the rule docs and SARIF rule
/// metadata read it, and the fixture tests (`rampart_dev`) check it against the rule's `bad*`
/// fixtures, so it is never learnt by running fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fix", rename_all = "lowercase")]
pub enum FixSupport {
    /// No automatic fix: the remediation needs a human decision (`fix` is `None`).
    None,
    /// A verified automatic fix of the source in each of `formats` (Terraform, CloudFormation,
    /// Kubernetes: the formats fixes render into); findings in other formats get none.
    Auto {
        formats: &'static [SourceFormat],
        safety: FixSafety,
    },
}

/// Whether a rule's automatic fix can break a working system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Every fix is safe: `rampart fix` applies it by default.
    Safe,
    /// Every fix is unsafe (closing a port, recreating a resource): only with `--unsafe`; the
    /// fix says why.
    Unsafe,
    /// Safe or unsafe depending on the finding (the remediation text says when).
    Varies,
}

impl FixSupport {
    pub fn is_auto(&self) -> bool {
        matches!(self, FixSupport::Auto { .. })
    }
    /// The formats with an automatic fix (none for [`FixSupport::None`]).
    pub fn formats(&self) -> &'static [SourceFormat] {
        match self {
            FixSupport::None => &[],
            FixSupport::Auto { formats, .. } => formats,
        }
    }
    pub fn safety(&self) -> Option<FixSafety> {
        match self {
            FixSupport::None => None,
            FixSupport::Auto { safety, .. } => Some(*safety),
        }
    }
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::Varies => "safe/unsafe",
        }
    }
}

pub struct Rule {
    /// Stable id: `AWS-S3-001` (provider, service, number). Never reused.
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub category: Category,
    pub provider: Provider,
    /// Resource kinds the engine hands to `check`; `"*"` means every resource.
    pub kinds: &'static [&'static str],
    /// Why it matters (markdown).
    pub rationale: &'static str,
    /// What to do, in words (markdown); the machine fix is `fix`.
    pub remediation: &'static str,
    pub references: &'static [&'static str],
    /// Ids other tools use for the same check: `CKV_AWS_20`, `AVD-AWS-0086`.
    pub aliases: &'static [&'static str],
    pub check: Checker,
    /// Model change that removes the hit; `None` when the fix needs a human decision
    /// (`remediation` then says why).
    pub fix: Option<FixFn>,
    /// What `fix` can do, by source format, and how safe it is.
    pub fix_support: FixSupport,
}

impl Rule {
    pub fn check(&self, resource: ResourceRef<'_>) -> Vec<Hit> {
        match &self.check {
            Checker::Native(f) => f(resource),
            Checker::Dynamic(f) => f(resource),
        }
    }
    /// True when `name` is this rule's id or one of its aliases (case-insensitive).
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim();
        self.id.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

pub use rampart_model::Applicability as FixApplicability;
