//! Building the graph from an inventory: one node per resource that matters to a path (the
//! settings Terraform keeps in separate resources — rules, attachments, associations — become
//! edges or facts of their owner, not nodes), then the network, identity, data and
//! vulnerability layers, each in its own module.
//!
//! References come from the model: a pointer attribute is either an Unknown that refers to the
//! address of another resource (`aws_subnet.a.id` before apply), or a known string equal to
//! the target's `id`, `arn`, `name` or `bucket` (live state, or a reference to a known
//! attribute such as a role's `name`). Must never: follow a reference across scopes, or treat
//! a pointer it cannot resolve as pointing nowhere when it could point at something.

use crate::graph::{Graph, NO_NODE, NodeId, NodeKind};
use crate::vulns::Vulnerability;
use rampart_model::{Inventory, Origin, Resource, ResourceId, Value};
use std::collections::{HashMap, HashSet};

/// What the build needs beyond the inventory.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Accounts that belong to the estate; a trust to any other account is cross-account to
    /// an outside account. Accounts of live resources and `code_account` are always known.
    pub known_accounts: Vec<String>,
    /// The account code resources are assumed to deploy into (code does not say which).
    pub code_account: String,
    /// The region code resources are assumed to deploy into.
    pub region: String,
    /// Imported Trivy/Grype findings (see [`crate::import_trivy`], [`crate::import_grype`]).
    pub vulnerabilities: Vec<Vulnerability>,
    /// `CAN_READ` edges to every data store, not only the sensitive ones (the queries need
    /// only those; an estate's administrators read every store, which is millions of edges).
    pub all_data_access: bool,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            known_accounts: Vec::new(),
            code_account: rampart_iam::estate::MODULE_ACCOUNT.into(),
            region: "us-east-1".into(),
            vulnerabilities: Vec::new(),
            all_data_access: false,
        }
    }
}

/// Where a pointer attribute leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Found(ResourceId),
    /// Not known statically and not a reference to a resource of the inventory.
    Unknown,
    /// A known id of something outside the inventory.
    Outside,
}

pub(crate) struct Ctx<'a> {
    pub inv: &'a Inventory,
    pub options: &'a BuildOptions,
    /// Known identity strings (`id`, `arn`, `name`, `bucket`) → resources.
    ids: HashMap<&'a str, Vec<u32>>,
    pub known_accounts: HashSet<String>,
}

const IDENTITY_ATTRS: [&str; 4] = ["id", "arn", "name", "bucket"];

impl<'a> Ctx<'a> {
    pub fn new(inv: &'a Inventory, options: &'a BuildOptions) -> Self {
        let mut ids: HashMap<&'a str, Vec<u32>> = HashMap::new();
        let mut known_accounts: HashSet<String> = options.known_accounts.iter().cloned().collect();
        known_accounts.insert(options.code_account.clone());
        for (i, r) in inv.resources().iter().enumerate() {
            if node_kind(&r.kind).is_none() {
                continue;
            }
            for attr in IDENTITY_ATTRS {
                if let Some(Value::String(s)) = r.attributes.get(attr)
                    && !s.is_empty()
                {
                    ids.entry(s.as_str()).or_default().push(i as u32);
                }
            }
            if let Origin::Live { account, .. } = &r.origin
                && !account.is_empty()
            {
                known_accounts.insert(account.clone());
            }
        }
        Ctx {
            inv,
            options,
            ids,
            known_accounts,
        }
    }

    pub fn resource(&self, id: ResourceId) -> Option<&'a Resource> {
        self.inv.get(id)
    }

    /// Resolves one pointer value of `from` to a resource of one of `kinds`.
    pub fn resolve(&self, from: &Resource, value: &Value, kinds: &[&str]) -> Target {
        match value {
            Value::Unknown(u) => match u.refers_to.as_deref() {
                Some(address) => match self.inv.id_in_scope(&from.scope, address) {
                    Some(id)
                        if self
                            .resource(id)
                            .is_some_and(|r| kinds.contains(&r.kind.as_str())) =>
                    {
                        Target::Found(id)
                    }
                    _ => Target::Unknown,
                },
                None => Target::Unknown,
            },
            Value::String(s) => {
                let found = self.ids.get(s.as_str()).and_then(|ids| {
                    ids.iter().copied().find(|&i| {
                        self.resource(i as usize).is_some_and(|r| {
                            kinds.contains(&r.kind.as_str()) && same_scope(from, r)
                        })
                    })
                });
                match found {
                    Some(i) => Target::Found(i as usize),
                    None => Target::Outside,
                }
            }
            _ => Target::Outside,
        }
    }

    /// Every pointer of `from.attr` (a single value or a list), resolved.
    pub fn resolve_all(&self, from: &Resource, attr: &str, kinds: &[&str]) -> Vec<Target> {
        match from.attributes.get(attr) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::List(items)) => {
                items.iter().map(|v| self.resolve(from, v, kinds)).collect()
            }
            Some(v) => vec![self.resolve(from, v, kinds)],
        }
    }

    /// The first pointer of `from.attr`; `None` when the attribute is absent or null.
    pub fn resolve_one(&self, from: &Resource, attr: &str, kinds: &[&str]) -> Option<Target> {
        self.resolve_all(from, attr, kinds).into_iter().next()
    }

    pub fn account_of(&self, r: &Resource) -> String {
        match &r.origin {
            Origin::Live { account, .. } if !account.is_empty() => account.clone(),
            _ => self.options.code_account.clone(),
        }
    }

    pub fn region_of(&self, r: &Resource) -> String {
        match &r.origin {
            Origin::Live { region, .. } if !region.is_empty() => region.clone(),
            _ => self.options.region.clone(),
        }
    }
}

fn same_scope(a: &Resource, b: &Resource) -> bool {
    a.scope.is_empty() || b.scope.is_empty() || a.scope == b.scope
}

/// The node kind of a resource kind; `None` for settings folded into their owner.
pub(crate) fn node_kind(kind: &str) -> Option<NodeKind> {
    Some(match kind {
        "aws_vpc" => NodeKind::Vpc,
        "aws_subnet" => NodeKind::Subnet,
        "aws_route_table" | "aws_default_route_table" => NodeKind::RouteTable,
        "aws_internet_gateway" | "aws_egress_only_internet_gateway" => NodeKind::InternetGateway,
        "aws_network_acl" | "aws_default_network_acl" => NodeKind::NetworkAcl,
        "aws_security_group" | "aws_default_security_group" => NodeKind::SecurityGroup,
        "aws_eip" => NodeKind::PublicAddress,
        "aws_instance" | "aws_launch_template" | "aws_lambda_function" => NodeKind::Compute,
        "aws_lb" | "aws_alb" | "aws_elb" => NodeKind::LoadBalancer,
        "aws_lb_target_group" | "aws_alb_target_group" => NodeKind::TargetGroup,
        "aws_iam_instance_profile" => NodeKind::InstanceProfile,
        "aws_iam_role" => NodeKind::Role,
        "aws_iam_user" => NodeKind::User,
        "aws_iam_policy" => NodeKind::Policy,
        "aws_s3_bucket" | "aws_db_instance" | "aws_rds_cluster" | "aws_dynamodb_table" => {
            NodeKind::DataStore
        }
        "aws_secretsmanager_secret" | "aws_ssm_parameter" => NodeKind::Secret,
        k if FOLDED.contains(&k) => return None,
        k if k.starts_with("aws_s3_bucket_") => return None,
        _ => NodeKind::Resource,
    })
}

/// Settings that are edges or facts of their owner, not nodes of their own.
const FOLDED: &[&str] = &[
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_eip_association",
    "aws_lb_listener",
    "aws_alb_listener",
    "aws_lb_target_group_attachment",
    "aws_alb_target_group_attachment",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_user_policy",
    "aws_iam_user_policy_attachment",
    "aws_iam_policy_document",
    "aws_secretsmanager_secret_version",
    "aws_secretsmanager_secret_policy",
    "aws_s3_account_public_access_block",
];

impl Graph {
    /// Builds the security graph of `inventory`: code, live state, or both merged into one
    /// inventory. Never fails: what cannot be read becomes an undecided edge or a note.
    pub fn build(inventory: &Inventory, options: &BuildOptions) -> Graph {
        let ctx = Ctx::new(inventory, options);
        let mut g = Graph::default();
        g.internet = g.add_node(NodeKind::Internet, None, "internet");
        g.by_resource = vec![NO_NODE; inventory.len()];
        for (i, r) in inventory.resources().iter().enumerate() {
            if let Some(kind) = node_kind(&r.kind) {
                let n = g.add_node(kind, Some(i as u32), &r.address);
                if let Some(slot) = g.by_resource.get_mut(i) {
                    *slot = n;
                }
            }
        }
        crate::network::build(&ctx, &mut g);
        crate::sensitivity::classify(&ctx, &mut g);
        crate::identity::build(&ctx, &mut g);
        crate::vulns::attach(&ctx, &mut g, &options.vulnerabilities);
        g.seal();
        g
    }

    pub(crate) fn node_for(&self, resource: ResourceId) -> NodeId {
        self.by_resource.get(resource).copied().unwrap_or(NO_NODE)
    }

    /// A node standing for something outside the inventory (an account, a service, a CVE),
    /// made once per name.
    pub(crate) fn outside_node(
        &mut self,
        cache: &mut HashMap<String, NodeId>,
        kind: NodeKind,
        name: &str,
    ) -> NodeId {
        if let Some(&n) = cache.get(name) {
            return n;
        }
        let n = self.add_node(kind, None, name);
        cache.insert(name.to_string(), n);
        n
    }
}
