//! Fixes where one address names several resources: two roots of a monorepo (`a/main.tf` and
//! `b/main.tf` both declaring `aws_s3_bucket.b`) or two CloudFormation templates sharing a
//! logical id. Addresses are unique only within a scope (a root folder, a template), and the
//! renderers find a fix's resource by address, so a finding's fix is built against an
//! inventory of its own scope, where the address means that one resource.
//!
//! Builds the file edits of remediations without verifying them: [`crate::bisect`] verifies the whole run at
//! once. Never picks a resource by address alone when the address is declared twice.

use crate::remediation::{FileTarget, Remediation, Targets};
use crate::render::{RenderContext, SharedParses, render_changes_shared};
use crate::safety;
use crate::verify::{self, Verification, Workspace};
use rampart_model::{Finding, Inventory, Origin, Resource};
use rampart_rules::Hit;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Inventories of the scopes that declare an address another scope declares too.
pub struct Scopes {
    /// Resources of each duplicated address, in inventory order.
    duplicated: BTreeMap<String, Vec<Resource>>,
    by_scope: BTreeMap<Arc<str>, Inventory>,
}

impl Scopes {
    pub fn new(inventory: &Inventory) -> Self {
        let mut by_address: BTreeMap<&str, Vec<&Resource>> = BTreeMap::new();
        for r in inventory.resources() {
            by_address.entry(r.address.as_str()).or_default().push(r);
        }
        let duplicated: BTreeMap<String, Vec<Resource>> = by_address
            .into_iter()
            .filter(|(_, rs)| rs.len() > 1)
            .map(|(a, rs)| (a.to_string(), rs.into_iter().cloned().collect()))
            .collect();
        let mut members: BTreeMap<Arc<str>, Vec<Resource>> = duplicated
            .values()
            .flatten()
            .map(|r| (r.scope.clone(), Vec::new()))
            .collect();
        for r in inventory.resources() {
            if let Some(list) = members.get_mut(&r.scope) {
                list.push(r.clone());
            }
        }
        let by_scope = members
            .into_iter()
            .map(|(scope, rs)| (scope, Inventory::new(rs)))
            .collect();
        Scopes {
            duplicated,
            by_scope,
        }
    }

    /// The inventory a finding's fix is built against: the whole one when its address is
    /// declared once, else its scope's. `None` when no declaration matches the finding's file.
    pub fn inventory_for<'a>(
        &'a self,
        full: &'a Inventory,
        finding: &Finding,
    ) -> Option<&'a Inventory> {
        let Some(candidates) = self.duplicated.get(&finding.address) else {
            return Some(full);
        };
        let file = finding.file()?;
        let in_file = |r: &&Resource| {
            r.file() == Some(file) || r.attribute_spans.values().any(|s| &*s.file == file)
        };
        let resource = candidates.iter().find(in_file)?;
        self.by_scope.get(&resource.scope)
    }
}

/// The remediation of `finding` built against `inventory`, not yet verified: a fix that
/// renders carries `Verified` as a placeholder until the run is checked together, one that
/// does not render carries why. `None` when the rule has no machine fix for it.
pub fn unverified_remediation(
    ws: &Workspace,
    inventory: &Inventory,
    finding: &Finding,
    parses: &SharedParses,
) -> Option<Remediation> {
    let rule = ws.rules.iter().copied().find(|r| r.id == finding.rule_id)?;
    let resource = inventory.by_address(&finding.address)?;
    let hit = Hit {
        attribute: finding.model_attribute.clone(),
        message: finding.message.clone(),
    };
    let fix = (rule.fix?)(resource, &hit)?;
    let (file_target, verified) = match &resource.origin {
        Origin::Code { .. } => {
            let ctx = RenderContext {
                inventory,
                sources: &ws.sources,
            };
            match render_changes_shared(&fix.changes, &ctx, parses) {
                Ok(edits) => (
                    // the diff is made once the fix is verified
                    Some(FileTarget {
                        diff: String::new(),
                        edits,
                    }),
                    Verification::Verified,
                ),
                Err(e) => (
                    None,
                    Verification::Unverified {
                        reason: e.to_string(),
                    },
                ),
            }
        }
        Origin::Live { .. } => (
            None,
            verify::verify_changes_in_inventory(ws, finding, &fix.changes),
        ),
    };
    let safety = safety::assess(inventory, &finding.address, &fix, &verified);
    Some(Remediation {
        rule_id: rule.id.to_string(),
        finding_id: finding.id.clone(),
        address: finding.address.clone(),
        summary: fix.summary.clone(),
        applicability: fix.applicability.clone(),
        verified,
        safety,
        changes: fix.changes,
        // `fix` edits files only: the CLI, console and SDK targets are the report's
        // (`scan --remediation`), and rendering them reads every file of the folder per fix
        targets: Targets::of_file(resource.format, file_target),
    })
}
