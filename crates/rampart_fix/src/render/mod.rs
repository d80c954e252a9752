//! Renders model [`Change`]s into byte-range [`Edit`]s of the files the resources came from.
//! One renderer per source format, chosen by the resource's `format` (Terraform,
//! CloudFormation, Kubernetes manifests, ARM templates); another format is one module implementing [`Renderer`] plus one line in
//! [`renderer_for`].
//!
//! Renderers only compute edits: they never write files, never re-print a whole file, and
//! never guess — a change they cannot place exactly is an error, not an approximation.

pub mod arm;
pub mod cloudformation;
pub mod json_doc;
pub mod kubernetes;
pub mod terraform;

use crate::edits;
use crate::error::FixError;
use rampart_model::{Change, Edit, Inventory, SourceFormat};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What renderers read: the inventory the changes address and the original text of every
/// file (by the path used in spans), including tfvars files that value origins point at.
pub struct RenderContext<'a> {
    pub inventory: &'a Inventory,
    pub sources: &'a BTreeMap<Arc<str>, Arc<str>>,
}

/// Turns changes on resources of one source format into edits of their files.
pub trait Renderer: Sync {
    fn format(&self) -> SourceFormat;
    /// Edits for all `changes` at once (they may touch the same block, e.g. two attributes of
    /// one missing nested block). Edits may be unsorted; the caller normalises them.
    fn render(&self, changes: &[&Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError>;
    /// [`Renderer::render`] reusing parse trees across calls; a renderer without a cache of its
    /// own parses again.
    fn render_shared(
        &self,
        changes: &[&Change],
        ctx: &RenderContext<'_>,
        shared: &SharedParses,
    ) -> Result<Vec<Edit>, FixError> {
        let _ = shared;
        self.render(changes, ctx)
    }
}

/// Parse trees kept across the render calls of one run over one set of sources.
#[derive(Default)]
pub struct SharedParses {
    terraform: terraform::locate::ParseCache,
}

/// The renderer for a source format, if fixes can edit it.
pub fn renderer_for(format: SourceFormat) -> Option<&'static dyn Renderer> {
    match format {
        SourceFormat::Terraform => Some(&terraform::TerraformRenderer),
        SourceFormat::CloudFormation => Some(&cloudformation::CloudFormationRenderer),
        SourceFormat::Kubernetes => Some(&kubernetes::KubernetesRenderer),
        SourceFormat::Arm => Some(&arm::ArmRenderer),
        _ => None,
    }
}

/// The address a change is about (the owner for an added resource).
pub fn subject_address(change: &Change) -> &str {
    match change {
        Change::SetAttribute { address, .. }
        | Change::RemoveAttribute { address, .. }
        | Change::RemoveResource { address } => address,
        Change::AddResource { owner, .. } => owner,
    }
}

/// Renders every change with its format's renderer, then sorts the edits, drops duplicates
/// (count/for_each instances share one block) and rejects overlapping ones.
pub fn render_changes(changes: &[Change], ctx: &RenderContext<'_>) -> Result<Vec<Edit>, FixError> {
    render_changes_shared(changes, ctx, &SharedParses::default())
}

/// [`render_changes`] with parse trees shared across calls (one run rendering many fixes).
pub fn render_changes_shared(
    changes: &[Change],
    ctx: &RenderContext<'_>,
    shared: &SharedParses,
) -> Result<Vec<Edit>, FixError> {
    let mut by_format: BTreeMap<SourceFormat, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        let address = subject_address(change);
        let resource = ctx
            .inventory
            .by_address(address)
            .ok_or_else(|| FixError::NoResource {
                address: address.to_string(),
            })?;
        by_format.entry(resource.format).or_default().push(change);
    }
    let mut all = Vec::new();
    for (format, group) in by_format {
        let renderer = renderer_for(format).ok_or_else(|| FixError::UnsupportedFormat {
            address: group
                .first()
                .map(|c| subject_address(c))
                .unwrap_or_default()
                .to_string(),
            format: format!("{format:?}").to_lowercase(),
        })?;
        all.extend(renderer.render_shared(&group, ctx, shared)?);
    }
    edits::normalize(all)
}
