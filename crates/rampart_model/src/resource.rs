//! One resource in Terraform vocabulary, whatever its source.

use crate::span::{Origin, Span};
use crate::value::Value;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Managed,
    Data,
}

/// Which loader produced the resource; fixes render into the matching toolchain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    Terraform,
    TerraformPlan,
    CloudFormation,
    Kubernetes,
    Arm,
    Live,
}

/// A suppression comment that applies to this resource (`rampart:ignore`, `checkov:skip`,
/// `tfsec:ignore`, `trivy:ignore`). `rule` is the id or alias as written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suppression {
    pub rule: String,
    pub reason: Option<String>,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Resource {
    /// Provider type name: `aws_s3_bucket`, `kubernetes_pod`, `azurerm_storage_account`.
    pub kind: String,
    /// Unique address: `module.site.aws_s3_bucket.this["logs"]`, a CloudFormation logical id…
    pub address: String,
    /// The block's local name (`this`) or logical id.
    pub name: String,
    pub mode: Mode,
    pub format: SourceFormat,
    /// Module path of the address (`module.site`), empty at the root.
    pub module: String,
    /// What the address is unique within: the root module folder for Terraform, the file for
    /// a template or manifest, the account/region for live state. Two roots of one monorepo
    /// may both declare `aws_s3_bucket.logs`; references never cross scopes.
    #[serde(skip)]
    pub scope: std::sync::Arc<str>,
    pub attributes: BTreeMap<String, Value>,
    pub origin: Origin,
    /// Spans of attributes and nested blocks by dotted path (`ingress.0.cidr_blocks`).
    #[serde(skip)]
    pub attribute_spans: BTreeMap<String, Span>,
    /// Where an attribute's value was really written when that is not at the attribute
    /// itself: a variable default, a tfvars entry, a module input, a local. Fixes edit there.
    #[serde(skip)]
    pub value_origins: BTreeMap<String, Span>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
    /// Dotted paths of attributes whose value was computed from the contents of a file read
    /// by `file()`, `templatefile()` or another file function. Rules may read them; text
    /// meant for people (remediation commands, snippets, explanations) must not print them.
    #[serde(skip)]
    pub file_derived: BTreeSet<String>,
    /// How a template or manifest names this resource (`AWS::S3::Bucket` `Bucket`,
    /// `Deployment` `web`); `None` for Terraform and live resources, which already speak the
    /// model's vocabulary. Findings use it to speak the source's language.
    #[serde(skip)]
    pub source_names: Option<Box<SourceNames>>,
    /// The resource's page in the cloud console, for live resources whose collector knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub console_url: Option<String>,
}

/// A template's or manifest's own names for one resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceNames {
    /// The type as written: `AWS::S3::Bucket`, `Deployment`, `Microsoft.Storage/storageAccounts`.
    pub kind: String,
    /// The name people know it by: a CloudFormation logical id, a manifest's `metadata.name`,
    /// an ARM resource's `name`.
    pub name: String,
    /// For settings the loader splits off into a resource of their own (`Bucket.versioning`),
    /// the address part after the owner's logical id (`versioning`).
    pub split_off: Option<String>,
}

impl SourceNames {
    /// `Deployment/web` for a manifest object, the logical id for a template resource, the
    /// `name` for an ARM resource: how a person finds it in the file.
    pub fn subject(&self, format: SourceFormat) -> String {
        match format {
            SourceFormat::Kubernetes => format!("{}/{}", self.kind, self.name),
            _ => self.name.clone(),
        }
    }
}

impl Resource {
    pub fn new(kind: impl Into<String>, address: impl Into<String>, origin: Origin) -> Self {
        let address = address.into();
        let name = address.rsplit('.').next().unwrap_or_default().to_string();
        Resource {
            kind: kind.into(),
            address,
            name,
            mode: Mode::Managed,
            format: SourceFormat::Terraform,
            module: String::new(),
            scope: std::sync::Arc::from(""),
            attributes: BTreeMap::new(),
            origin,
            attribute_spans: BTreeMap::new(),
            value_origins: BTreeMap::new(),
            suppressions: Vec::new(),
            file_derived: BTreeSet::new(),
            source_names: None,
            console_url: None,
        }
    }
    /// Attribute by dotted path; see [`Value::path`].
    /// An Unknown result is noted for the undecided-check recorder ([`crate::undecided`]).
    pub fn get(&self, path: &str) -> Option<&Value> {
        let (head, rest) = path.split_once('.').unwrap_or((path, ""));
        let v = self.attributes.get(head)?;
        let found = if rest.is_empty() {
            Some(v)
        } else {
            v.path_unnoted(rest, path)
        };
        crate::undecided::note(path, found);
        found
    }
    pub fn str(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(Value::as_str)
    }
    /// The most precise span known for `path`: the attribute, else its closest parent, else the
    /// resource block.
    pub fn span_of(&self, path: &str) -> Option<&Span> {
        let mut p = path;
        loop {
            if let Some(s) = self.attribute_spans.get(p) {
                return Some(s);
            }
            match p.rfind('.') {
                Some(i) => p = &p[..i],
                None => return self.origin.span(),
            }
        }
    }
    /// True when the value at `path`, or the attribute or block it is part of, was computed
    /// from a file's contents (see [`Resource::file_derived`]).
    pub fn is_file_derived(&self, path: &str) -> bool {
        self.file_derived.iter().any(|p| {
            path == p
                || path
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
                || p.strip_prefix(path)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    }
    pub fn file(&self) -> Option<&str> {
        self.origin.file()
    }
    /// True for resources read from a CloudFormation template, a Kubernetes manifest or an
    /// ARM template: their findings must not speak Terraform.
    pub fn is_from_template(&self) -> bool {
        matches!(
            self.format,
            SourceFormat::CloudFormation | SourceFormat::Kubernetes | SourceFormat::Arm
        )
    }
}
