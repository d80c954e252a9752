use crate::prelude::*;
use crate::views::network;
use rampart_model::{Inventory, SourceFormat};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-006",
    title: "Default security group allows traffic",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_default_security_group", "aws_vpc"],
    rationale: "Every VPC has a default security group, and AWS puts resources in it whenever no group is named \
(an instance launched by hand, an endpoint created in a hurry). When the default group allows traffic, those \
resources silently get that access, and the default group's self-referencing rule lets everything in it talk to \
everything else. CIS AWS Foundations asks that the default group restrict all traffic, so that every resource must \
be given a purpose-built group. A VPC whose default group no `aws_default_security_group` manages keeps AWS's \
default rules — all traffic between the group's members and all egress — and is reported on the VPC; when an \
`aws_default_security_group` of the same root names its VPC by a value that is not known statically, the VPC's \
check is undecided.",
    remediation: "Declare `aws_default_security_group` with no `ingress` and no `egress` blocks: Terraform then \
removes every rule from the default group. Move resources that rely on it to their own groups first. The machine fix \
removes each rule block (the last one of a direction by writing `ingress = []` / `egress = []`: \
without it Terraform would leave the rules in place). For a Terraform VPC whose default group is not managed, the \
machine fix adds an `aws_default_security_group` for it with no rules. A CloudFormation template cannot manage a \
VPC's default security group, so there is no machine fix there: remove its rules with \
`aws ec2 revoke-security-group-ingress` / `revoke-security-group-egress` (or the console) after the stack creates \
the VPC.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group",
    ],
    aliases: &["CKV2_AWS_12"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if r.kind == "aws_vpc" {
        return vpc_check(r);
    }
    group_check(r)
}

fn group_check(group: ResourceRef<'_>) -> Vec<Hit> {
    network::rules_in(group.resource())
        .iter()
        .filter_map(|rule| {
            let block = rule.location()?;
            let direction = if block.starts_with("ingress") { "ingress" } else { "egress" };
            Some(Hit::at(
                block.clone(),
                format!(
                    "default security group `{}` allows {direction} traffic ({block}); it should allow none",
                    group.address
                ),
            ))
        })
        .collect()
}

/// A VPC's default group exists whether the code names it or not; unmanaged, it keeps AWS's
/// default rules ([`crate::views::defaults::VPC_DEFAULT_SECURITY_GROUP`]).
fn vpc_check(vpc: ResourceRef<'_>) -> Vec<Hit> {
    if !is_managed(&vpc) || vpc.related("aws_default_security_group").next().is_some() {
        return Vec::new();
    }
    let pending = vpc.inventory.memo(UnresolvedDefaultGroups::build);
    if let Some(group) = pending.by_scope.get(&vpc.scope).and_then(|g| g.first()) {
        rampart_model::undecided::note_depends(
            "default security group",
            &format!(
                "`{group}` names its VPC by a value not known statically (`vpc_id`), so it may manage this VPC's \
default security group"
            ),
        );
        return Vec::new();
    }
    if vpc.is_from_template() {
        // a template cannot manage the default group: say so instead of naming a Terraform kind
        return vec![Hit::resource(format!(
            "the default security group of VPC `{}` keeps AWS's default rules (all traffic between its \
members and all egress); a template cannot manage that group, so remove its rules in the account",
            vpc.address
        ))];
    }
    vec![Hit::resource(format!(
        "the default security group of VPC `{}` is not managed by an `aws_default_security_group`, so it keeps \
AWS's default rules: all traffic between its members and all egress",
        vpc.address
    ))]
}

/// `aws_default_security_group`s joined to no VPC whose `vpc_id` is not known statically, by
/// scope: any of them may manage the default group of any VPC of its scope. Built once per
/// inventory (looking through every group for every VPC is quadratic).
struct UnresolvedDefaultGroups {
    by_scope: HashMap<Arc<str>, Vec<String>>,
}

impl UnresolvedDefaultGroups {
    fn build(inventory: &Inventory) -> Self {
        let mut by_scope: HashMap<Arc<str>, Vec<String>> = HashMap::new();
        for group in inventory.unjoined("aws_default_security_group") {
            // read from the attribute map: this index is built once, outside any one check
            let vpc_id = group.attributes.get("vpc_id");
            let names_unknown_vpc = match vpc_id {
                // no `vpc_id`: the group of the region's default VPC; a literal id that joined
                // nothing: a VPC managed elsewhere
                None | Some(Value::Null) | Some(Value::String(_)) => false,
                Some(_) => true,
            };
            if names_unknown_vpc {
                by_scope
                    .entry(group.scope.clone())
                    .or_default()
                    .push(group.address.clone());
            }
        }
        for groups in by_scope.values_mut() {
            groups.sort();
        }
        UnresolvedDefaultGroups { by_scope }
    }
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    if r.kind == "aws_vpc" {
        return vpc_fix(r);
    }
    group_fix(r, hit)
}

/// Manage the VPC's default group with no rules: Terraform then removes AWS's. Only Terraform
/// source can: a CloudFormation template has no resource for a VPC's default group.
fn vpc_fix(vpc: ResourceRef<'_>) -> Option<Fix> {
    if vpc.format != SourceFormat::Terraform {
        return None;
    }
    Some(Fix {
        summary: "manage the VPC's default security group with no rules".into(),
        changes: vec![Change::AddResource {
            owner: vpc.address.clone(),
            kind: "aws_default_security_group".into(),
            name: vpc.name.clone(),
            attributes: BTreeMap::new(),
            references: BTreeMap::from([("vpc_id".to_string(), reference_to(&vpc, "id"))]),
        }],
        applicability: Applicability::Unsafe(
            "resources placed in the VPC's default security group lose the traffic AWS's default rules allowed \
between them and out of the VPC"
                .into(),
        ),
    })
}

fn group_fix(group: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let block = hit.attribute.clone()?;
    Some(Fix {
        summary: format!("remove {block} from the default security group"),
        changes: vec![network::remove_inline_block(group.resource(), &block)],
        applicability: Applicability::Unsafe(
            "resources that were left in the default security group lose the traffic this rule allowed".into(),
        ),
    })
}
