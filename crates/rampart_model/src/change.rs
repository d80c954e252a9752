//! Remediation as a change to the model, and the text edits it renders into. A change is
//! toolchain-neutral; `rampart_fix` renders it into Terraform, CloudFormation, CLI, etc.

use crate::value::Value;
use serde::Serialize;
use std::collections::BTreeMap;

/// One segment of an attribute path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

/// Whether a fix may be applied without a human decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "applicability", content = "reason", rename_all = "lowercase")]
pub enum Applicability {
    /// Cannot break a working system.
    Safe,
    /// May break one; the reason says how (closing port 22 may lock out operators).
    Unsafe(String),
}

/// A change to the inventory, addressed by resource address.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// Set (add or replace) an attribute at a dotted path (`versioning.0.enabled`).
    SetAttribute {
        address: String,
        path: String,
        value: Value,
    },
    /// Remove an attribute or nested block at a dotted path.
    RemoveAttribute { address: String, path: String },
    /// Add a new resource related to `owner` (an S3 public access block for a bucket).
    AddResource {
        owner: String,
        kind: String,
        name: String,
        attributes: BTreeMap<String, Value>,
        /// Attributes whose value is a reference to another resource's attribute, as
        /// `address.attribute` (`bucket` → `aws_s3_bucket.logs.id`); rendered as expressions.
        references: BTreeMap<String, String>,
    },
    /// Remove a resource (a redundant or dangerous one: an open security group rule).
    RemoveResource { address: String },
}

/// A byte-range replacement in one file's original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub file: String,
    pub start_byte: usize,
    pub end_byte: usize,
    pub replacement: String,
}
