//! Whether a fix may be applied without a human: a machine-readable verdict and the model
//! facts it rests on. Blocking facts: the fix is not verified; the rule marks it unsafe; it
//! makes a bucket private that serves a website or a CloudFront distribution; it closes
//! port 80 or 443 on a security group an internet-facing load balancer uses.
//!
//! Reads the inventory only; never decides from names or guesses: a fact is listed with
//! whether it holds, so the verdict can be audited.

use crate::verify::Verification;
use rampart_model::{Applicability, Change, Inventory, ResourceRef, Value};
use rampart_rules::rule::Fix;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SafetyVerdict {
    pub auto_apply: bool,
    pub facts: Vec<SafetyFact>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SafetyFact {
    /// Stable name of the fact (`bucket_hosts_website`).
    pub fact: &'static str,
    pub address: String,
    pub holds: bool,
    /// True when this fact, holding, keeps the fix from being applied automatically.
    pub blocks_auto_apply: bool,
    pub detail: String,
}

const WEB_PORTS: [i64; 2] = [80, 443];

/// The verdict for one fix of a finding on `address`.
pub fn assess(
    inventory: &Inventory,
    address: &str,
    fix: &Fix,
    verification: &Verification,
) -> SafetyVerdict {
    let mut facts = vec![
        SafetyFact {
            fact: "fix_verified",
            address: address.to_string(),
            holds: verification.is_verified(),
            blocks_auto_apply: !verification.is_verified(),
            detail: match verification {
                Verification::Verified => "the verification loop proved the fix".into(),
                Verification::Unverified { reason } => reason.clone(),
            },
        },
        match &fix.applicability {
            Applicability::Safe => SafetyFact {
                fact: "fix_marked_unsafe",
                address: address.to_string(),
                holds: false,
                blocks_auto_apply: false,
                detail: "the rule marks this fix safe".into(),
            },
            Applicability::Unsafe(reason) => SafetyFact {
                fact: "fix_marked_unsafe",
                address: address.to_string(),
                holds: true,
                blocks_auto_apply: true,
                detail: reason.clone(),
            },
        },
    ];
    for change in &fix.changes {
        bucket_facts(inventory, change, &mut facts);
        security_group_facts(inventory, change, &mut facts);
    }
    facts.dedup();
    SafetyVerdict {
        auto_apply: !facts.iter().any(|f| f.holds && f.blocks_auto_apply),
        facts,
    }
}

/// `verdict` with its `fix_verified` fact set from `verification` (a fix is assessed before the
/// run's fixes are verified together, then updated).
pub fn with_verification(mut verdict: SafetyVerdict, verification: &Verification) -> SafetyVerdict {
    for fact in verdict
        .facts
        .iter_mut()
        .filter(|f| f.fact == "fix_verified")
    {
        fact.holds = verification.is_verified();
        fact.blocks_auto_apply = !verification.is_verified();
        fact.detail = match verification {
            Verification::Verified => "the verification loop proved the fix".into(),
            Verification::Unverified { reason } => reason.clone(),
        };
    }
    verdict.auto_apply = !verdict.facts.iter().any(|f| f.holds && f.blocks_auto_apply);
    verdict
}

/// The bucket a change restricts public access of, if it does.
fn restricted_bucket<'a>(inventory: &'a Inventory, change: &Change) -> Option<ResourceRef<'a>> {
    let (address, restricts) = match change {
        Change::AddResource { owner, kind, .. } => (
            owner.as_str(),
            kind == "aws_s3_bucket_public_access_block" || kind == "aws_s3_bucket_acl",
        ),
        Change::SetAttribute { address, path, .. } | Change::RemoveAttribute { address, path } => (
            address.as_str(),
            [
                "acl",
                "block_public",
                "ignore_public",
                "restrict_public",
                "policy",
                "grant",
            ]
            .iter()
            .any(|k| path.contains(k)),
        ),
        Change::RemoveResource { address } => (address.as_str(), true),
    };
    if !restricts {
        return None;
    }
    let r = inventory.by_address(address)?;
    if r.kind == "aws_s3_bucket" {
        return Some(r);
    }
    // a bucket setting resource (public access block, ACL, policy): its bucket
    r.inventory
        .relations()
        .iter()
        .find(|rel| rel.from == r.id)
        .and_then(|rel| inventory.resource_ref(rel.to))
        .filter(|b| b.kind == "aws_s3_bucket")
}

fn bucket_facts(inventory: &Inventory, change: &Change, facts: &mut Vec<SafetyFact>) {
    let Some(bucket) = restricted_bucket(inventory, change) else {
        return;
    };
    let inline_website = bucket
        .get("website")
        .is_some_and(|w| !w.items().is_empty() && !w.is_null());
    let website_config = bucket
        .related("aws_s3_bucket_website_configuration")
        .next()
        .map(|w| w.address.clone());
    let hosts = inline_website || website_config.is_some();
    facts.push(SafetyFact {
        fact: "bucket_hosts_website",
        address: bucket.address.clone(),
        holds: hosts,
        blocks_auto_apply: true,
        detail: match (&website_config, inline_website) {
            (Some(w), _) => format!("`{w}` serves the bucket as a website"),
            (None, true) => "the bucket has an inline `website` block".into(),
            _ => "no website configuration found for the bucket".into(),
        },
    });
    let distributions: Vec<String> = bucket
        .related("aws_cloudfront_distribution")
        .map(|d| d.address.clone())
        .chain(
            inventory
                .of_kind("aws_cloudfront_distribution")
                .filter(|d| origin_names_bucket(d, &bucket))
                .map(|d| d.address.clone()),
        )
        .collect();
    facts.push(SafetyFact {
        fact: "bucket_is_cloudfront_origin",
        address: bucket.address.clone(),
        holds: !distributions.is_empty(),
        blocks_auto_apply: true,
        detail: match distributions.first() {
            Some(d) => format!("`{d}` uses the bucket as an origin"),
            None => "no CloudFront distribution uses the bucket".into(),
        },
    });
}

/// An origin whose domain is the bucket's, when the relation join could not see it (a
/// domain written as a string).
fn origin_names_bucket(distribution: &ResourceRef<'_>, bucket: &ResourceRef<'_>) -> bool {
    let Some(name) = bucket.str("bucket") else {
        return false;
    };
    distribution.get("origin").is_some_and(|origins| {
        origins.items().iter().any(|o| {
            o.get("domain_name")
                .and_then(Value::as_str)
                .is_some_and(|d| d.starts_with(&format!("{name}.s3")))
        })
    })
}

/// The security group and the ingress ports a change closes or narrows, if it does.
fn closed_ingress<'a>(
    inventory: &'a Inventory,
    change: &Change,
) -> Option<(ResourceRef<'a>, Vec<(i64, i64)>)> {
    let (address, path) = match change {
        Change::SetAttribute { address, path, .. } | Change::RemoveAttribute { address, path } => {
            (address.as_str(), Some(path.as_str()))
        }
        Change::RemoveResource { address } => (address.as_str(), None),
        Change::AddResource { .. } => return None,
    };
    let r = inventory.by_address(address)?;
    let ports = |v: &Value| -> Option<(i64, i64)> {
        let from = v.get("from_port").and_then(Value::as_i64)?;
        Some((
            from,
            v.get("to_port").and_then(Value::as_i64).unwrap_or(from),
        ))
    };
    match r.kind.as_str() {
        "aws_security_group" => {
            let path = path?;
            if !path.starts_with("ingress") {
                return None;
            }
            let block: Vec<&str> = path.split('.').take(2).collect();
            let rules: Vec<(i64, i64)> = match r.get(&block.join(".")) {
                Some(Value::List(items)) => items.iter().filter_map(ports).collect(),
                Some(v) => ports(v).into_iter().collect(),
                None => Vec::new(),
            };
            Some((r, rules))
        }
        "aws_security_group_rule" | "aws_vpc_security_group_ingress_rule" => {
            if r.str("type").is_some_and(|t| t != "ingress") {
                return None;
            }
            let rule_ports = ports(&Value::Map(r.attributes.clone()))
                .into_iter()
                .collect();
            let group = r
                .inventory
                .relations()
                .iter()
                .find(|rel| rel.from == r.id)
                .and_then(|rel| inventory.resource_ref(rel.to))?;
            Some((group, rule_ports))
        }
        _ => None,
    }
}

fn security_group_facts(inventory: &Inventory, change: &Change, facts: &mut Vec<SafetyFact>) {
    let Some((group, ranges)) = closed_ingress(inventory, change) else {
        return;
    };
    let internet_facing: Vec<String> = ["aws_lb", "aws_alb", "aws_elb"]
        .iter()
        .flat_map(|kind| group.related(kind).collect::<Vec<_>>())
        .filter(|lb| !lb.get("internal").is_some_and(|v| v.truth().is_true()))
        .map(|lb| lb.address.clone())
        .collect();
    let web = ranges.iter().any(|(from, to)| WEB_PORTS.iter().any(|p| from <= p && p <= to))
        // unknown ports: assume the worst
        || ranges.is_empty();
    let holds = !internet_facing.is_empty() && web;
    facts.push(SafetyFact {
        fact: "security_group_serves_internet_facing_load_balancer",
        address: group.address.clone(),
        holds,
        blocks_auto_apply: true,
        detail: match internet_facing.first() {
            Some(lb) if web => {
                format!("`{lb}` is internet-facing and needs ports 80/443 open on this group")
            }
            Some(lb) => {
                format!("`{lb}` uses the group, but the change does not touch ports 80/443")
            }
            None => "no internet-facing load balancer uses the group".into(),
        },
    });
}
