//! The graph itself: nodes and edges in flat vectors indexed by `u32`, kinds as small enums,
//! names stored once in one string buffer. A million nodes cost tens of megabytes, not the
//! inventory's gigabyte, and the graph owns nothing of the inventory once built.
//!
//! Must never: hold a pointer into the inventory, or answer a question about an edge with
//! more certainty than the edge has (every edge carries its [`Truth`]).

use rampart_model::Truth;
use serde::Serialize;
use std::collections::HashMap;

/// Index of a node in [`Graph::nodes`].
pub type NodeId = u32;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// The one internet node every exposure starts from.
    Internet,
    /// An AWS account outside the inventory's known accounts (or `*`, any account).
    ExternalAccount,
    /// An AWS service principal (`ec2.amazonaws.com`) that may assume a role.
    Service,
    Vpc,
    Subnet,
    RouteTable,
    InternetGateway,
    NetworkAcl,
    SecurityGroup,
    /// An Elastic IP.
    PublicAddress,
    /// An instance, a launch template or a Lambda function.
    Compute,
    LoadBalancer,
    TargetGroup,
    InstanceProfile,
    Role,
    User,
    Policy,
    /// A bucket, a database, a table.
    DataStore,
    /// A Secrets Manager secret or an SSM SecureString parameter.
    Secret,
    /// A vulnerability imported from Trivy or Grype, one node per id.
    Vulnerability,
    /// Any other resource of the inventory.
    Resource,
}

impl NodeKind {
    /// The label used in DOT, JSON and Cypher (`DataStore`).
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Internet => "Internet",
            NodeKind::ExternalAccount => "ExternalAccount",
            NodeKind::Service => "Service",
            NodeKind::Vpc => "Vpc",
            NodeKind::Subnet => "Subnet",
            NodeKind::RouteTable => "RouteTable",
            NodeKind::InternetGateway => "InternetGateway",
            NodeKind::NetworkAcl => "NetworkAcl",
            NodeKind::SecurityGroup => "SecurityGroup",
            NodeKind::PublicAddress => "PublicAddress",
            NodeKind::Compute => "Compute",
            NodeKind::LoadBalancer => "LoadBalancer",
            NodeKind::TargetGroup => "TargetGroup",
            NodeKind::InstanceProfile => "InstanceProfile",
            NodeKind::Role => "Role",
            NodeKind::User => "User",
            NodeKind::Policy => "Policy",
            NodeKind::DataStore => "DataStore",
            NodeKind::Secret => "Secret",
            NodeKind::Vulnerability => "Vulnerability",
            NodeKind::Resource => "Resource",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// internet → internet gateway.
    Gateway,
    /// internet gateway → route table with a `0.0.0.0/0` or `::/0` route to it.
    RoutesToInternet,
    /// route table → subnet (explicit association or the VPC's main table).
    Associated,
    /// network ACL → subnet it guards.
    Guards,
    /// subnet → compute or load balancer placed in it.
    Hosts,
    /// security group → compute or load balancer it admits traffic to.
    Protects,
    /// public address → compute it is attached to.
    Attached,
    /// internet → compute or load balancer: the computed exposure (detail: the port).
    Exposes,
    /// load balancer → target group (through a listener; detail: the port).
    Forwards,
    /// target group → compute registered in it.
    Targets,
    /// compute → instance profile; instance profile → role; Lambda → role.
    UsesIdentity,
    /// role → data store or secret it can read (effective, from the IAM evaluator).
    CanRead,
    /// principal (external account, service, role) → role it can assume.
    CanAssume,
    /// compute → vulnerability found in it.
    HasVulnerability,
    /// VPC → subnet, and other containment.
    Contains,
}

impl EdgeKind {
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Gateway => "GATEWAY",
            EdgeKind::RoutesToInternet => "ROUTES_TO_INTERNET",
            EdgeKind::Associated => "ASSOCIATED",
            EdgeKind::Guards => "GUARDS",
            EdgeKind::Hosts => "HOSTS",
            EdgeKind::Protects => "PROTECTS",
            EdgeKind::Attached => "ATTACHED",
            EdgeKind::Exposes => "EXPOSES",
            EdgeKind::Forwards => "FORWARDS",
            EdgeKind::Targets => "TARGETS",
            EdgeKind::UsesIdentity => "USES_IDENTITY",
            EdgeKind::CanRead => "CAN_READ",
            EdgeKind::CanAssume => "CAN_ASSUME",
            EdgeKind::HasVulnerability => "HAS_VULNERABILITY",
            EdgeKind::Contains => "CONTAINS",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// The inventory resource the node stands for, when it is one.
    pub resource: Option<u32>,
    name_end: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: EdgeKind,
    /// Whether the edge holds: `Unknown` when a value it depends on is not known.
    pub truth: Truth,
    /// Index into the graph's detail strings (`tcp/22`, the action, the reason).
    detail: u32,
}

/// Severity of an imported vulnerability, as Trivy and Grype spell it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VulnSeverity {
    Unknown,
    Negligible,
    Low,
    Medium,
    High,
    Critical,
}

impl VulnSeverity {
    pub fn parse(text: &str) -> VulnSeverity {
        match text.trim().to_ascii_lowercase().as_str() {
            "critical" => VulnSeverity::Critical,
            "high" => VulnSeverity::High,
            "medium" | "moderate" => VulnSeverity::Medium,
            "low" => VulnSeverity::Low,
            "negligible" => VulnSeverity::Negligible,
            _ => VulnSeverity::Unknown,
        }
    }
}

/// What a role may do beyond reading data: computed once at build time for the queries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoleFacts {
    /// Effective administrator (see [`crate::identity::ADMIN_ACTIONS`]).
    pub admin: Option<Truth>,
    /// Escalation techniques the role's own permissions allow, with how sure that is.
    pub escalations: Vec<(&'static crate::identity::Technique, Truth)>,
    pub arn: String,
    pub account: String,
}

/// Sensitivity of a data store or secret (see [`crate::sensitivity`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sensitivity {
    pub class: crate::sensitivity::DataClass,
    /// Why: the tag, the name pattern or the configuration that decided it.
    pub reason: String,
}

/// The security graph. Build it with [`Graph::build`](crate::Graph::build).
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub(crate) nodes: Vec<Node>,
    names: String,
    pub(crate) edges: Vec<Edge>,
    /// `out_start[n]..out_start[n+1]` are the edges leaving `n` (edges sorted by `from`).
    out_start: Vec<u32>,
    /// Edge indices sorted by `to`, and where each node's incoming run starts.
    in_order: Vec<u32>,
    in_start: Vec<u32>,
    details: Vec<Box<str>>,
    detail_index: HashMap<Box<str>, u32>,
    pub(crate) by_resource: Vec<u32>,
    pub(crate) sensitivity: HashMap<NodeId, Sensitivity>,
    pub(crate) severity: HashMap<NodeId, VulnSeverity>,
    pub(crate) roles: HashMap<NodeId, RoleFacts>,
    pub(crate) public_buckets: HashMap<NodeId, (Truth, String)>,
    pub(crate) exposures: Vec<crate::network::Exposure>,
    /// Things the build could not read (an invalid policy, an unknown managed policy).
    pub notes: Vec<String>,
    pub(crate) internet: NodeId,
}

pub(crate) const NO_NODE: u32 = u32::MAX;

impl Graph {
    pub(crate) fn add_node(&mut self, kind: NodeKind, resource: Option<u32>, name: &str) -> NodeId {
        self.names.push_str(name);
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            kind,
            resource,
            name_end: self.names.len() as u32,
        });
        id
    }

    pub(crate) fn detail_id(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.detail_index.get(text) {
            return i;
        }
        let i = self.details.len() as u32;
        self.details.push(text.into());
        self.detail_index.insert(text.into(), i);
        i
    }

    pub(crate) fn add_edge(
        &mut self,
        from: NodeId,
        to: NodeId,
        kind: EdgeKind,
        truth: Truth,
        detail: &str,
    ) {
        if from == NO_NODE || to == NO_NODE || truth == Truth::False {
            return;
        }
        let detail = self.detail_id(detail);
        self.edges.push(Edge {
            from,
            to,
            kind,
            truth,
            detail,
        });
    }

    /// [`Graph::add_edge`] with a detail already interned (millions of edges, few details).
    pub(crate) fn add_edge_with(
        &mut self,
        from: NodeId,
        to: NodeId,
        kind: EdgeKind,
        truth: Truth,
        detail: u32,
    ) {
        if from == NO_NODE || to == NO_NODE || truth == Truth::False {
            return;
        }
        self.edges.push(Edge {
            from,
            to,
            kind,
            truth,
            detail,
        });
    }

    /// Sorts edges and builds the adjacency indexes; called once at the end of the build.
    pub(crate) fn seal(&mut self) {
        self.edges
            .sort_unstable_by_key(|e| (e.from, e.to, e.kind, e.detail));
        self.edges.dedup();
        let n = self.nodes.len();
        self.out_start = vec![0; n + 1];
        for e in &self.edges {
            if let Some(c) = self.out_start.get_mut(e.from as usize + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            self.out_start[i + 1] += self.out_start[i];
        }
        let mut order: Vec<u32> = (0..self.edges.len() as u32).collect();
        order.sort_unstable_by_key(|&i| self.edges.get(i as usize).map(|e| e.to).unwrap_or(0));
        self.in_start = vec![0; n + 1];
        for e in &self.edges {
            if let Some(c) = self.in_start.get_mut(e.to as usize + 1) {
                *c += 1;
            }
        }
        for i in 0..n {
            self.in_start[i + 1] += self.in_start[i];
        }
        self.in_order = order;
        self.detail_index = HashMap::new();
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }
    /// The node's name: the resource address, the account id, the vulnerability id.
    pub fn name(&self, id: NodeId) -> &str {
        let i = id as usize;
        let end = self.nodes.get(i).map(|n| n.name_end as usize).unwrap_or(0);
        let start = match i.checked_sub(1) {
            Some(p) => self.nodes.get(p).map(|n| n.name_end as usize).unwrap_or(0),
            None => 0,
        };
        self.names.get(start..end).unwrap_or("")
    }
    pub fn detail(&self, edge: &Edge) -> &str {
        self.details
            .get(edge.detail as usize)
            .map(|d| &**d)
            .unwrap_or("")
    }
    /// The node standing for inventory resource `resource`, if the resource became one.
    pub fn node_of_resource(&self, resource: usize) -> Option<NodeId> {
        self.by_resource
            .get(resource)
            .copied()
            .filter(|&n| n != NO_NODE)
    }
    /// The first node with this name (addresses are unique within a scope).
    pub fn find(&self, name: &str) -> Option<NodeId> {
        (0..self.nodes.len() as NodeId).find(|&n| self.name(n) == name)
    }
    pub fn outgoing(&self, id: NodeId) -> &[Edge] {
        let i = id as usize;
        match (self.out_start.get(i), self.out_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.edges.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
    pub fn incoming(&self, id: NodeId) -> impl Iterator<Item = &Edge> + '_ {
        let i = id as usize;
        let range = match (self.in_start.get(i), self.in_start.get(i + 1)) {
            (Some(&a), Some(&b)) => self.in_order.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        };
        range.iter().filter_map(|&e| self.edges.get(e as usize))
    }
    pub fn sensitivity(&self, id: NodeId) -> Option<&Sensitivity> {
        self.sensitivity.get(&id)
    }
    pub fn vulnerability_severity(&self, id: NodeId) -> Option<VulnSeverity> {
        self.severity.get(&id).copied()
    }
    pub fn role_facts(&self, id: NodeId) -> Option<&RoleFacts> {
        self.roles.get(&id)
    }
    /// The internet node.
    pub fn internet(&self) -> NodeId {
        self.internet
    }
    /// The computed exposures: every compute or load balancer whose exposure is true or
    /// undecided, with its hops.
    pub fn exposures(&self) -> &[crate::network::Exposure] {
        &self.exposures
    }
}
