//! Toxic combinations as path queries over the graph. Each query walks only the edges it
//! needs, from the rare end (exposures, public buckets, outside accounts, roles with an
//! escalation technique), so it costs what it finds, not what the estate holds.
//!
//! Every path is a finding: its hops in order, a score, whether every hop is decided, and the
//! hop where breaking it is cheapest ([`HopKind::cost`]). A path with an undecided hop is kept
//! and marked `decided: false`; a hop known to be closed removes the path.

use crate::graph::{EdgeKind, Graph, NO_NODE, NodeId, NodeKind, VulnSeverity};
use crate::network::rank;
use rampart_model::Truth;
use serde::Serialize;
use std::collections::HashMap;

/// What a hop is; decides its cost to break and its remediation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HopKind {
    Internet,
    InternetGateway,
    RouteTable,
    Subnet,
    NetworkAcl,
    SecurityGroup,
    PublicAddress,
    LoadBalancer,
    TargetGroup,
    FunctionUrl,
    Compute,
    Vulnerability,
    InstanceProfile,
    Role,
    /// The role's effective permission on a data store.
    Permission,
    DataStore,
    /// A bucket's public policy or ACL.
    PublicAccess,
    ExternalAccount,
    /// A trust policy statement that lets a principal assume the role.
    Trust,
    /// The role's administrator rights.
    AdminRights,
    /// An escalation technique the role's permissions allow.
    Escalation,
}

impl HopKind {
    /// What breaking the path at this hop costs, from 1 (one line of configuration, nothing
    /// else depends on it) to 10 (re-architecting); `None`: cannot be broken here. The
    /// table is in docs/attack-paths.md.
    pub fn cost(self) -> Option<u8> {
        Some(match self {
            HopKind::SecurityGroup => 1,
            HopKind::PublicAccess => 1,
            HopKind::Trust => 1,
            HopKind::Permission => 2,
            HopKind::Vulnerability => 2,
            HopKind::PublicAddress => 2,
            HopKind::FunctionUrl => 2,
            HopKind::Escalation => 2,
            HopKind::NetworkAcl => 3,
            HopKind::AdminRights => 3,
            HopKind::InstanceProfile => 4,
            HopKind::LoadBalancer => 4,
            HopKind::TargetGroup => 4,
            HopKind::RouteTable => 5,
            HopKind::Role => 5,
            HopKind::InternetGateway => 6,
            HopKind::Subnet => 6,
            HopKind::Compute => 8,
            HopKind::DataStore => 10,
            HopKind::Internet | HopKind::ExternalAccount => return None,
        })
    }

    /// The remediation that breaks a path at this hop, and the Rampart rule that checks it.
    pub fn remediation(self) -> (&'static str, Option<&'static str>) {
        match self {
            HopKind::SecurityGroup => (
                "remove 0.0.0.0/0 and ::/0 from the security group rule that admits the port",
                Some("AWS-EC2-005"),
            ),
            HopKind::PublicAccess => (
                "turn on the bucket's public access block (block_public_policy, restrict_public_buckets, block_public_acls, ignore_public_acls)",
                Some("AWS-S3-003"),
            ),
            HopKind::Trust => (
                "remove the outside account from the role's trust policy, or require a condition it cannot meet (aws:PrincipalOrgID)",
                Some("AWS-IAM-003"),
            ),
            HopKind::Permission => (
                "remove the data store from the role's policy, or add a Deny for it",
                None,
            ),
            HopKind::Vulnerability => (
                "patch the package (upgrade to the fixed version) and redeploy",
                None,
            ),
            HopKind::PublicAddress => (
                "stop assigning a public address (associate_public_ip_address = false, no Elastic IP)",
                Some("AWS-EC2-009"),
            ),
            HopKind::FunctionUrl => ("set the function URL's authorization_type to AWS_IAM", None),
            HopKind::Escalation => (
                "remove the escalation actions from the role's policies, or bound the role with a permissions boundary",
                None,
            ),
            HopKind::NetworkAcl => (
                "add a deny rule for the port from 0.0.0.0/0 and ::/0 to the subnet's network ACL, numbered before the allow",
                None,
            ),
            HopKind::AdminRights => (
                "replace the administrator policy with the permissions the role needs",
                Some("AWS-IAM-001"),
            ),
            HopKind::InstanceProfile => ("detach the instance profile from the instance", None),
            HopKind::LoadBalancer => ("make the load balancer internal (internal = true)", None),
            HopKind::TargetGroup => ("deregister the target from the target group", None),
            HopKind::RouteTable => (
                "remove the 0.0.0.0/0 and ::/0 routes to the internet gateway (use a NAT gateway for egress)",
                None,
            ),
            HopKind::Role => ("give the workload a role without this access", None),
            HopKind::InternetGateway => ("detach the internet gateway from the VPC", None),
            HopKind::Subnet => ("move the workload to a private subnet", None),
            HopKind::Compute => ("retire or isolate the workload", None),
            HopKind::DataStore => ("move the sensitive data out of the store", None),
            HopKind::Internet | HopKind::ExternalAccount => ("", None),
        }
    }
}

/// One step of an attack path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop {
    /// The graph node, when the hop is one (`None` for hops outside the inventory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
    /// The resource address, account or vulnerability id.
    pub name: String,
    pub kind: HopKind,
    /// What makes the hop hold, in words.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// Whether the hop holds; `unknown` makes the path undecided.
    pub truth: Truth,
    /// Where the hop is written (`aws_security_group.web.ingress.0`), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

impl Hop {
    pub fn new(node: NodeId, name: String, kind: HopKind, detail: String, truth: Truth) -> Hop {
        Hop {
            node: (node != NO_NODE).then_some(node),
            name,
            kind,
            detail,
            truth,
            at: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    /// Internet-exposed compute with a critical vulnerability and a role that reads
    /// sensitive data.
    ExposedVulnerableComputeReadsSensitiveData,
    /// A publicly readable bucket holding sensitive data.
    PublicBucketWithSensitiveData,
    /// A role an outside account may assume, with administrator rights.
    CrossAccountAdminTrust,
    /// A role whose own permissions let it make itself (or a new workload) more powerful.
    PrivilegeEscalation,
}

impl PathKind {
    pub fn id(self) -> &'static str {
        match self {
            PathKind::ExposedVulnerableComputeReadsSensitiveData => "PATH-001",
            PathKind::PublicBucketWithSensitiveData => "PATH-002",
            PathKind::CrossAccountAdminTrust => "PATH-003",
            PathKind::PrivilegeEscalation => "PATH-004",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            PathKind::ExposedVulnerableComputeReadsSensitiveData => {
                "internet-exposed compute with a critical vulnerability can read sensitive data"
            }
            PathKind::PublicBucketWithSensitiveData => {
                "publicly readable bucket holds sensitive data"
            }
            PathKind::CrossAccountAdminTrust => {
                "an outside account can assume a role with administrator rights"
            }
            PathKind::PrivilegeEscalation => "a role can escalate its own privileges",
        }
    }
    /// The score of a decided path of this kind (0–10); an undecided path scores half.
    pub fn base_score(self) -> f32 {
        match self {
            PathKind::ExposedVulnerableComputeReadsSensitiveData => 9.5,
            PathKind::PublicBucketWithSensitiveData => 9.0,
            PathKind::CrossAccountAdminTrust => 8.5,
            PathKind::PrivilegeEscalation => 7.0,
        }
    }
}

/// Where to break a path.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakAt {
    /// Index into [`AttackPath::hops`].
    pub hop: usize,
    pub remediation: String,
    /// The Rampart rule whose fix breaks the hop, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_id: Option<&'static str>,
    pub cost: u8,
}

/// A toxic combination: a finding with its hops.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttackPath {
    pub kind: PathKind,
    pub id: &'static str,
    pub title: &'static str,
    pub hops: Vec<Hop>,
    pub score: f32,
    pub break_at: BreakAt,
    /// False when some hop is undecided (an Unknown value): reported, never dropped.
    pub decided: bool,
}

impl AttackPath {
    fn new(kind: PathKind, hops: Vec<Hop>, bonus: f32) -> Option<AttackPath> {
        if hops.iter().any(|h| h.truth == Truth::False) {
            return None;
        }
        let decided = hops.iter().all(|h| h.truth == Truth::True);
        // cheapest hop first; among equals the one nearest the start (it cuts more)
        let (hop, cost) = hops
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.kind.cost().map(|c| (i, c)))
            .min_by_key(|&(i, c)| (c, i))?;
        let (remediation, rule_id) = hops.get(hop)?.kind.remediation();
        let score = ((kind.base_score() + bonus).min(10.0)) * if decided { 1.0 } else { 0.5 };
        Some(AttackPath {
            kind,
            id: kind.id(),
            title: kind.title(),
            hops,
            score: (score * 10.0).round() / 10.0,
            break_at: BreakAt {
                hop,
                remediation: remediation.to_string(),
                rule_id,
                cost,
            },
            decided,
        })
    }

    /// The resource addresses on the path (for raising a finding's priority).
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        self.hops
            .iter()
            .filter(|h| h.node.is_some())
            .map(|h| h.name.as_str())
    }
}

/// Addresses on some attack path, with the highest score of a path through each: a report
/// raises a finding on one of them (see docs/attack-paths.md).
pub fn path_membership(paths: &[AttackPath]) -> HashMap<String, f32> {
    let mut out: HashMap<String, f32> = HashMap::new();
    for p in paths {
        for a in p.addresses() {
            let e = out.entry(a.to_string()).or_insert(0.0);
            if p.score > *e {
                *e = p.score;
            }
        }
    }
    out
}

impl Graph {
    /// Every toxic combination, sorted by score (highest first), then kind and hops.
    pub fn toxic_paths(&self) -> Vec<AttackPath> {
        let mut out = self.exposed_vulnerable_readers();
        out.extend(self.public_sensitive_buckets());
        out.extend(self.cross_account_admins());
        out.extend(self.escalations());
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.kind.cmp(&b.kind))
                .then_with(|| {
                    a.hops
                        .iter()
                        .map(|h| &h.name)
                        .cmp(b.hops.iter().map(|h| &h.name))
                })
        });
        out
    }

    fn hop(&self, n: NodeId, kind: HopKind, detail: String, truth: Truth) -> Hop {
        Hop::new(n, self.name(n).to_string(), kind, detail, truth)
    }

    /// The roles a compute node runs as: (profile hop if any, role node, edge truth).
    fn roles_of(&self, compute: NodeId) -> Vec<(Option<Hop>, NodeId, Truth)> {
        let mut out = Vec::new();
        for e in self
            .outgoing(compute)
            .iter()
            .filter(|e| e.kind == EdgeKind::UsesIdentity)
        {
            match self.node(e.to).map(|n| n.kind) {
                Some(NodeKind::Role) => out.push((None, e.to, e.truth)),
                Some(NodeKind::InstanceProfile) => {
                    for r in self
                        .outgoing(e.to)
                        .iter()
                        .filter(|r| r.kind == EdgeKind::UsesIdentity)
                    {
                        let hop = self.hop(e.to, HopKind::InstanceProfile, String::new(), e.truth);
                        out.push((Some(hop), r.to, r.truth));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// PATH-001: exposure ∧ critical vulnerability ∧ role → sensitive store.
    fn exposed_vulnerable_readers(&self) -> Vec<AttackPath> {
        let mut out = Vec::new();
        for exposure in &self.exposures {
            let c = exposure.node;
            if self.node(c).map(|n| n.kind) != Some(NodeKind::Compute) {
                continue;
            }
            let Some(vuln) = self
                .outgoing(c)
                .iter()
                .filter(|e| e.kind == EdgeKind::HasVulnerability)
                .find(|e| self.severity.get(&e.to) == Some(&VulnSeverity::Critical))
            else {
                continue;
            };
            for (profile, role, role_truth) in self.roles_of(c) {
                for read in self
                    .outgoing(role)
                    .iter()
                    .filter(|e| e.kind == EdgeKind::CanRead)
                {
                    let Some(s) = self.sensitivity.get(&read.to) else {
                        continue;
                    };
                    let mut hops = exposure.hops.clone();
                    hops.push(self.hop(
                        vuln.to,
                        HopKind::Vulnerability,
                        self.detail(vuln).to_string(),
                        Truth::True,
                    ));
                    hops.extend(profile.clone());
                    hops.push(self.hop(role, HopKind::Role, String::new(), role_truth));
                    hops.push(Hop::new(
                        NO_NODE,
                        format!("{} → {}", self.name(role), self.name(read.to)),
                        HopKind::Permission,
                        self.detail(read).to_string(),
                        read.truth,
                    ));
                    hops.push(self.hop(read.to, HopKind::DataStore, s.reason.clone(), Truth::True));
                    out.extend(AttackPath::new(
                        PathKind::ExposedVulnerableComputeReadsSensitiveData,
                        hops,
                        0.0,
                    ));
                }
            }
        }
        out
    }

    /// PATH-002: a sensitive bucket readable by anyone.
    fn public_sensitive_buckets(&self) -> Vec<AttackPath> {
        let mut out = Vec::new();
        let mut buckets: Vec<_> = self.public_buckets.iter().collect();
        buckets.sort_by_key(|(n, _)| **n);
        for (&b, (truth, why)) in buckets {
            let Some(s) = self.sensitivity.get(&b) else {
                continue;
            };
            let hops = vec![
                self.hop(self.internet, HopKind::Internet, String::new(), Truth::True),
                Hop::new(
                    NO_NODE,
                    format!("public access to {}", self.name(b)),
                    HopKind::PublicAccess,
                    why.clone(),
                    *truth,
                ),
                self.hop(b, HopKind::DataStore, s.reason.clone(), Truth::True),
            ];
            out.extend(AttackPath::new(
                PathKind::PublicBucketWithSensitiveData,
                hops,
                0.0,
            ));
        }
        out
    }

    /// PATH-003: outside account → trust → role with admin rights.
    fn cross_account_admins(&self) -> Vec<AttackPath> {
        let mut out = Vec::new();
        let mut roles: Vec<_> = self.roles.iter().collect();
        roles.sort_by_key(|(n, _)| **n);
        for (&role, facts) in roles {
            let Some(admin) = facts.admin.filter(|t| *t != Truth::False) else {
                continue;
            };
            for e in self
                .incoming(role)
                .filter(|e| e.kind == EdgeKind::CanAssume)
            {
                if self.node(e.from).map(|n| n.kind) != Some(NodeKind::ExternalAccount) {
                    continue;
                }
                let anyone = self.name(e.from) == "*";
                let hops = vec![
                    self.hop(
                        e.from,
                        HopKind::ExternalAccount,
                        if anyone {
                            "any AWS account".into()
                        } else {
                            "not among the estate's known accounts".into()
                        },
                        Truth::True,
                    ),
                    Hop::new(
                        NO_NODE,
                        format!("trust policy of {}", self.name(role)),
                        HopKind::Trust,
                        self.detail(e).to_string(),
                        e.truth,
                    ),
                    self.hop(role, HopKind::Role, String::new(), Truth::True),
                    Hop::new(
                        NO_NODE,
                        format!("administrator rights of {}", self.name(role)),
                        HopKind::AdminRights,
                        "effective iam:* (can grant itself anything)".into(),
                        admin,
                    ),
                ];
                out.extend(AttackPath::new(
                    PathKind::CrossAccountAdminTrust,
                    hops,
                    if anyone { 1.0 } else { 0.0 },
                ));
            }
        }
        out
    }

    /// PATH-004: a role with an escalation technique, entered from the workload that runs as
    /// it (exposed workloads score higher) or from the principals that may assume it.
    fn escalations(&self) -> Vec<AttackPath> {
        let mut out = Vec::new();
        let exposed: HashMap<NodeId, &crate::network::Exposure> =
            self.exposures.iter().map(|e| (e.node, e)).collect();
        let mut roles: Vec<_> = self.roles.iter().collect();
        roles.sort_by_key(|(n, _)| **n);
        for (&role, facts) in roles {
            if facts.admin == Some(Truth::True) {
                continue; // already admin: nothing to escalate to
            }
            for (technique, truth) in &facts.escalations {
                let tech = Hop::new(
                    NO_NODE,
                    technique.id.to_string(),
                    HopKind::Escalation,
                    technique.name.to_string(),
                    *truth,
                );
                let mut entries = 0;
                for e in self
                    .incoming(role)
                    .filter(|e| e.kind == EdgeKind::UsesIdentity)
                {
                    // compute → role directly (Lambda), or compute → profile → role
                    let (compute, profile) = match self.node(e.from).map(|n| n.kind) {
                        Some(NodeKind::InstanceProfile) => {
                            let users: Vec<NodeId> = self
                                .incoming(e.from)
                                .filter(|u| u.kind == EdgeKind::UsesIdentity)
                                .map(|u| u.from)
                                .collect();
                            (users, Some(e.from))
                        }
                        Some(NodeKind::Compute) => (vec![e.from], None),
                        _ => continue,
                    };
                    for c in compute {
                        let mut hops = match exposed.get(&c) {
                            Some(x) if rank(x.truth) > 0 => x.hops.clone(),
                            _ => vec![self.hop(c, HopKind::Compute, String::new(), Truth::True)],
                        };
                        let bonus = if exposed.contains_key(&c) { 2.0 } else { 0.0 };
                        if let Some(p) = profile {
                            hops.push(self.hop(
                                p,
                                HopKind::InstanceProfile,
                                String::new(),
                                Truth::True,
                            ));
                        }
                        hops.push(self.hop(role, HopKind::Role, String::new(), Truth::True));
                        hops.push(tech.clone());
                        entries += 1;
                        out.extend(AttackPath::new(PathKind::PrivilegeEscalation, hops, bonus));
                    }
                }
                // a chain: another role of the estate that may assume this one gets its technique
                for e in self
                    .incoming(role)
                    .filter(|e| e.kind == EdgeKind::CanAssume)
                {
                    if self.node(e.from).map(|n| n.kind) != Some(NodeKind::Role)
                        || self.roles.get(&e.from).and_then(|f| f.admin) == Some(Truth::True)
                    {
                        continue;
                    }
                    let hops = vec![
                        self.hop(e.from, HopKind::Role, String::new(), Truth::True),
                        Hop::new(
                            NO_NODE,
                            format!("trust policy of {}", self.name(role)),
                            HopKind::Trust,
                            self.detail(e).to_string(),
                            e.truth,
                        ),
                        self.hop(role, HopKind::Role, String::new(), Truth::True),
                        tech.clone(),
                    ];
                    entries += 1;
                    out.extend(AttackPath::new(PathKind::PrivilegeEscalation, hops, 0.0));
                }
                if entries == 0 {
                    let hops = vec![
                        self.hop(role, HopKind::Role, String::new(), Truth::True),
                        tech.clone(),
                    ];
                    out.extend(AttackPath::new(PathKind::PrivilegeEscalation, hops, 0.0));
                }
            }
        }
        out
    }
}
