//! The model's vocabulary read backwards, for people: how a template or manifest names a
//! resource's kind and one of its attribute paths (`metadata_options.0.http_tokens` of an
//! `AWS::EC2::Instance` is `MetadataOptions.HttpTokens`; `spec.0.container.0.image` of a
//! `Deployment` is `spec.containers[0].image`; `https_traffic_only_enabled` of a
//! `Microsoft.Storage/storageAccounts` is `properties.supportsHttpsTrafficOnly`).
//!
//! Every answer comes from the loaders' own mapping tables (CloudFormation through
//! [`crate::cloudformation::reverse`], Kubernetes through [`crate::kubernetes::naming`], ARM
//! through [`crate::arm::mapping::FIELDS`]): there is no second list to drift. Terraform and
//! live resources already speak the model's vocabulary and are returned unchanged.
//!
//! Must never: guess a name (a path the tables cannot place is `None`, and the caller keeps
//! the model's name where a test can see it), or change a message's meaning.

mod arm;
mod cloudformation;
mod kubernetes;
mod message;

pub use message::speak_source;

use rampart_model::{Resource, SourceFormat, Value};

/// The kind as the source writes it: `AWS::S3::Bucket`, `Deployment`,
/// `Microsoft.Storage/storageAccounts`; the model kind for Terraform and live resources.
pub fn source_kind(r: &Resource) -> &str {
    match &r.source_names {
        Some(names) if r.is_from_template() => &names.kind,
        _ => &r.kind,
    }
}

/// How a person finds the resource in its file: the logical id, `Deployment/web`, the ARM
/// `name`; the address for Terraform and live resources.
pub fn subject(r: &Resource) -> String {
    match &r.source_names {
        Some(names) if r.is_from_template() => names.subject(r.format),
        _ => r.address.clone(),
    }
}

/// `path` (the model's dotted attribute path) as the resource's source writes it; the path
/// itself for Terraform and live resources; `None` when the mapping cannot place it.
pub fn source_path(r: &Resource, path: &str) -> Option<String> {
    match r.format {
        SourceFormat::CloudFormation => cloudformation::path(r, path),
        SourceFormat::Kubernetes => Some(kubernetes::path(r, path)),
        SourceFormat::Arm => arm::path(r, path),
        _ => Some(path.to_string()),
    }
}

/// [`source_path`], or, when the mapping cannot place the whole path, the source path of its
/// longest prefix that it can place (`LoggingConfiguration` for a sub-setting the table does
/// not list). `None` only when not even the first segment has a place.
pub fn nearest_source_path(r: &Resource, path: &str) -> Option<String> {
    let mut p = path;
    loop {
        if let Some(found) = source_path(r, p) {
            return Some(found);
        }
        p = &p[..p.rfind('.')?];
    }
}

/// `path = value` as the source writes it (`HttpTokens: required`, `properties.
/// supportsHttpsTrafficOnly: true`); `None` when the path has no place.
pub fn source_assignment(r: &Resource, path: &str, value: &Value) -> Option<String> {
    let at = source_path(r, path)?;
    let shown = match r.format {
        SourceFormat::CloudFormation => cloudformation::value(r, path, value),
        SourceFormat::Arm => arm::value(r, path, value),
        _ => None,
    }
    .unwrap_or_else(|| plain(value));
    Some(format!("{at}: {shown}"))
}

/// Another model kind named in a message (`aws_s3_bucket_public_access_block` on a bucket),
/// as the resource's source names it; `None` when the source has no name for it.
pub fn kind_name(r: &Resource, kind: &str) -> Option<String> {
    if kind == r.kind {
        return Some(source_kind(r).to_string());
    }
    match r.format {
        SourceFormat::CloudFormation => cloudformation::kind_name(r, kind),
        SourceFormat::Kubernetes => {
            crate::kubernetes::naming::manifest_kind(kind).map(str::to_string)
        }
        SourceFormat::Arm => arm::kind_name(kind),
        _ => Some(kind.to_string()),
    }
}

/// A value as a YAML scalar would show it: strings bare, the rest as JSON.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_json().to_string(),
    }
}

#[cfg(test)]
mod tests;
