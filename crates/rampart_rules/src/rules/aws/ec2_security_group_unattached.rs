//! AWS-EC2-011: a security group that nothing in its configuration uses. It must never report
//! a group that a reference it cannot resolve might attach: that check is undecided.

use crate::prelude::*;
use rampart_model::{Inventory, ResourceId};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-011",
    title: "Security group is attached to nothing",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_security_group"],
    rationale: "A security group that no instance, launch template, network interface, load balancer, database, \
Lambda function, ECS service or other resource of the configuration uses protects nothing. It is clutter that hides \
the groups that matter, and its rules stay ready for the day someone attaches it in a hurry without reading them. \
Only a use counts as an attachment: a rule of another group that names it (`source_security_group_id`, an \
`ingress` block's `security_groups`) does not attach it to anything. When a resource of the same configuration names \
its groups by a value that is not known statically (a variable without a value, a data source, a module output), the \
check is undecided.",
    remediation: "Attach the group where it is meant to be used (`vpc_security_group_ids` of an instance or a \
launch template, `security_groups` of a load balancer or network interface, `vpc_config.security_group_ids` of a \
Lambda function, …) or delete it. Groups used by resources managed elsewhere (another configuration, the console) \
are the exception: suppress the finding there, with the reason.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group",
    ],
    aliases: &["CKV2_AWS_5"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Kinds whose references to a group configure the group itself or other groups: they do not
/// attach it to anything.
const NOT_ATTACHMENTS: &[&str] = &[
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
];

fn check(group: ResourceRef<'_>) -> Vec<Hit> {
    if group.is_from_template() {
        // templates name their groups through resource types Rampart may not map, so an
        // unused-looking group may be used by one of them
        rampart_model::undecided::note_depends(
            "security group users",
            "a template's resources are read only for the types Rampart maps, so a use of this group may not be seen",
        );
        return Vec::new();
    }
    let uses = group.inventory.memo(GroupUses::build);
    let Some(scope) = uses.by_scope.get(&group.scope) else {
        return vec![unattached(&group)];
    };
    if scope.groups.contains(&group.id) {
        return Vec::new();
    }
    let identities: Vec<Option<&str>> = ["id", "name"]
        .into_iter()
        .map(|a| match group.attributes.get(a) {
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    if identities
        .iter()
        .flatten()
        .any(|s| scope.names.contains(*s))
    {
        return Vec::new();
    }
    let name_unknown = !matches!(group.attributes.get("name"), None | Some(Value::String(_)));
    let because = if let Some(user) = scope.unresolved.first() {
        Some(format!(
            "`{user}` names its security groups by a value not known statically, so it may use this group"
        ))
    } else if name_unknown && !scope.names.is_empty() {
        Some(
            "the group's `name` is not known statically and a resource names its security groups by name"
                .to_string(),
        )
    } else {
        None
    };
    match because {
        Some(because) => {
            rampart_model::undecided::note_depends("security group users", &because);
            Vec::new()
        }
        None => vec![unattached(&group)],
    }
}

fn unattached(group: &ResourceRef<'_>) -> Hit {
    Hit::resource(format!(
        "security group `{}` is attached to nothing: no resource of this configuration uses it",
        group.address
    ))
}

/// What the resources of each scope say about security groups, built once per inventory.
struct GroupUses {
    by_scope: HashMap<Arc<str>, ScopeUses>,
}

#[derive(Default)]
struct ScopeUses {
    /// Groups of the inventory that a reference points at.
    groups: HashSet<ResourceId>,
    /// Known strings written where a resource names its security groups (an id or a name).
    names: HashSet<String>,
    /// `address.path` of security-group attributes whose value is not known statically and is
    /// no reference to a group of the inventory, sorted.
    unresolved: BTreeSet<String>,
}

impl GroupUses {
    fn build(inventory: &Inventory) -> Self {
        let mut by_scope: HashMap<Arc<str>, ScopeUses> = HashMap::new();
        for user in inventory.iter() {
            if NOT_ATTACHMENTS.contains(&user.kind.as_str()) {
                continue;
            }
            let uses = by_scope.entry(user.scope.clone()).or_default();
            // read from the attribute map: this index is built once, outside any one check
            for (name, value) in &user.attributes {
                walk(&user, name, value, false, uses);
            }
        }
        GroupUses { by_scope }
    }
}

/// Records what `value`, at `path` of `user`, says about security groups. `in_group_list` is
/// true below an attribute whose name says it holds security groups.
fn walk(user: &ResourceRef<'_>, path: &str, value: &Value, in_group_list: bool, uses: &mut ScopeUses) {
    let in_group_list = in_group_list || path.rsplit('.').next().is_some_and(|last| last.contains("security_group"));
    match value {
        Value::Unknown(u) => {
            let group = u
                .refers_to
                .as_deref()
                .and_then(|address| user.resolve(address))
                .filter(|target| target.kind == "aws_security_group");
            match group {
                Some(target) => {
                    uses.groups.insert(target.id);
                }
                None if in_group_list => {
                    uses.unresolved.insert(format!("{}.{path}", user.address));
                }
                None => {}
            }
        }
        Value::String(s) if in_group_list => {
            uses.names.insert(s.clone());
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(user, &format!("{path}.{i}"), item, in_group_list, uses);
            }
        }
        Value::Map(fields) => {
            for (key, item) in fields {
                walk(user, &format!("{path}.{key}"), item, in_group_list, uses);
            }
        }
        _ => {}
    }
}
