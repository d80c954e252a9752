//! Network reachability and internet exposure, computed from the hops, never guessed:
//! internet → internet gateway → route table (a `0.0.0.0/0` or `::/0` route to the gateway, on
//! the subnet's explicit table or the VPC's main table) → subnet → network ACL (rules in
//! number order, the first match decides, deny by default) → security group (some ingress rule
//! admits the port from the whole internet) → instance with a public address, or an
//! internet-facing load balancer → target group → instance. IPv4 and IPv6 are judged apart:
//! an IPv6 path needs an IPv6 address, a `::/0` route and `::/0` rules.
//!
//! Every hop is three-valued. A hop that reads an Unknown value makes the exposure undecided
//! (kept and reported as such); only a hop that is known to be closed drops it.

use crate::build::{Ctx, Target};
use crate::graph::{EdgeKind, Graph, NO_NODE, NodeId};
use crate::paths::{Hop, HopKind};
use rampart_model::{Resource, ResourceId, Truth, Value};
use std::collections::HashMap;

/// A compute resource or load balancer reachable from the internet (or undecided).
#[derive(Clone, Debug, PartialEq)]
pub struct Exposure {
    pub node: NodeId,
    pub truth: Truth,
    /// `tcp/22 (IPv4)`: the first port found open end to end.
    pub port: String,
    /// From the internet to `node`, each hop with its own truth.
    pub hops: Vec<Hop>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    V4,
    V6,
}

impl Family {
    fn name(self) -> &'static str {
        match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        }
    }
    fn everyone(self) -> &'static str {
        match self {
            Family::V4 => "0.0.0.0/0",
            Family::V6 => "::/0",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Proto {
    All,
    Tcp,
    Udp,
    /// ICMP and other protocols: no ports.
    NoPorts,
    Unknown,
}

fn proto(v: Option<&Value>) -> Proto {
    let text = match v {
        Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
        Some(Value::Number(n)) => rampart_model::value::format_number(*n),
        _ => return Proto::Unknown,
    };
    match text.as_str() {
        "-1" | "all" => Proto::All,
        "tcp" | "6" => Proto::Tcp,
        "udp" | "17" => Proto::Udp,
        _ => Proto::NoPorts,
    }
}

fn port(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_i64)
}

/// A rule admitting or denying traffic: one shape for security-group and NACL rules.
#[derive(Clone, Debug)]
struct PortRule {
    proto: Proto,
    from: Option<i64>,
    to: Option<i64>,
    /// Whether the source is the whole internet of the family.
    v4: Truth,
    v6: Truth,
    /// NACL only: rule number, allow (`None` when unknown).
    number: Option<i64>,
    allow: Option<bool>,
    /// Ingress (security group rules of unknown `type` are Unknown).
    ingress: Truth,
    /// Where the rule is written, for the hop's detail and the remediation.
    at: String,
}

impl PortRule {
    fn internet(&self, f: Family) -> Truth {
        match f {
            Family::V4 => self.v4,
            Family::V6 => self.v6,
        }
    }
    /// Whether traffic of `p` to `port` falls in the rule.
    fn covers(&self, p: Proto, port_no: i64) -> Truth {
        match self.proto {
            Proto::All => Truth::True,
            Proto::NoPorts => Truth::False,
            Proto::Unknown => Truth::Unknown,
            rule_proto if rule_proto != p => Truth::False,
            _ => match (self.from, self.to) {
                (Some(a), Some(b)) => {
                    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
                    Truth::from_bool(lo <= port_no && port_no <= hi)
                }
                _ => Truth::Unknown,
            },
        }
    }
    fn breakpoints(&self, out: &mut Vec<i64>) {
        if let (Some(a), Some(b)) = (self.from, self.to) {
            out.push(a.min(b).max(0));
            out.push(a.max(b).saturating_add(1));
        }
    }
}

/// Whether a CIDR value is the whole internet of each family (`Unknown` when not known).
fn cidr_truth(v: Option<&Value>, out4: &mut Truth, out6: &mut Truth) {
    let items: Vec<&Value> = match v {
        None | Some(Value::Null) => return,
        Some(Value::List(items)) => items.iter().collect(),
        Some(other) => vec![other],
    };
    for item in items {
        match item
            .as_str()
            .and_then(|s| s.trim().parse::<ipnet::IpNet>().ok())
        {
            Some(ipnet::IpNet::V4(n)) if n.prefix_len() == 0 => *out4 = Truth::True,
            Some(ipnet::IpNet::V6(n)) if n.prefix_len() == 0 => *out6 = Truth::True,
            Some(_) => {}
            None if item.as_str().is_some() => {}
            None => {
                *out4 = out4.or(Truth::Unknown);
                *out6 = out6.or(Truth::Unknown);
            }
        }
    }
}

fn internet_of(block: &Value, attrs4: &[&str], attrs6: &[&str]) -> (Truth, Truth) {
    let (mut v4, mut v6) = (Truth::False, Truth::False);
    for a in attrs4.iter().chain(attrs6) {
        cidr_truth(block.get(a), &mut v4, &mut v6);
    }
    (v4, v6)
}

fn sg_rule(block: &Value, ingress: Truth, at: String, kind: &str) -> PortRule {
    let (v4, v6) = match kind {
        "aws_vpc_security_group_ingress_rule" => internet_of(block, &["cidr_ipv4"], &["cidr_ipv6"]),
        _ => internet_of(block, &["cidr_blocks"], &["ipv6_cidr_blocks"]),
    };
    let proto_attr = if kind == "aws_vpc_security_group_ingress_rule" {
        "ip_protocol"
    } else {
        "protocol"
    };
    PortRule {
        proto: proto(block.get(proto_attr)),
        from: port(block.get("from_port")),
        to: port(block.get("to_port")),
        v4,
        v6,
        number: None,
        allow: Some(true),
        ingress,
        at,
    }
}

fn nacl_rule(block: &Value, at: String, inline: bool) -> PortRule {
    let (v4, v6) = internet_of(block, &["cidr_block"], &["ipv6_cidr_block"]);
    let (number, action, ingress) = if inline {
        (port(block.get("rule_no")), block.get("action"), Truth::True)
    } else {
        let egress = block
            .get("egress")
            .map(Value::truth)
            .unwrap_or(Truth::False);
        (
            port(block.get("rule_number")),
            block.get("rule_action"),
            egress.not(),
        )
    };
    let allow = match action
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("allow") => Some(true),
        Some("deny") => Some(false),
        _ => None,
    };
    PortRule {
        proto: proto(block.get("protocol")),
        from: port(block.get("from_port")),
        to: port(block.get("to_port")),
        v4,
        v6,
        number,
        allow,
        ingress,
        at,
    }
}

/// The ingress verdict of ordered NACL rules for `port` from the whole internet: the first
/// rule that matches decides; a rule that may or may not match leaves the answer open unless
/// both ways agree; no match is a deny.
fn nacl_verdict(rules: &[&PortRule], f: Family, p: Proto, port_no: i64) -> Truth {
    // folded from the last rule back to the first, so a hostile list of rules costs a loop,
    // not a recursion as deep as the list: the verdict after rule i is what rule i decides
    // when it applies, the later verdict when it does not, and both when it may
    rules.iter().rev().fold(Truth::False, |later, rule| {
        let applies = rule
            .ingress
            .and(rule.internet(f))
            .and(rule.covers(p, port_no));
        let decision = match rule.allow {
            Some(a) => Truth::from_bool(a),
            None => Truth::Unknown,
        };
        match applies {
            Truth::True => decision,
            Truth::False => later,
            Truth::Unknown if later == decision => decision,
            Truth::Unknown => Truth::Unknown,
        }
    })
}

/// A guard of a subnet: its ACL node and rules, or the AWS default (allows everything).
#[derive(Clone, Debug, Default)]
struct Acl {
    node: Option<NodeId>,
    name: String,
    rules: Vec<PortRule>,
    /// The ACL is AWS's default, which allows all traffic.
    default_allow: bool,
    /// The subnet's ACL cannot be told (an association whose ACL is not known).
    unknown: bool,
}

struct Net<'a, 'c> {
    ctx: &'c Ctx<'a>,
    sg_rules: HashMap<ResourceId, Vec<PortRule>>,
    nacl_rules: HashMap<ResourceId, Vec<PortRule>>,
    subnet_acl: HashMap<ResourceId, Vec<Target>>,
    subnet_rtb: HashMap<ResourceId, Vec<Target>>,
    /// VPC → main route table.
    main_rtb: HashMap<ResourceId, Target>,
    /// route table → (gateway, family, truth) of its routes to the whole internet.
    igw_routes: HashMap<ResourceId, Vec<(Target, Family, Truth, String)>>,
    eips: HashMap<ResourceId, Vec<ResourceId>>,
    /// load balancer → its listeners (port, target groups, address).
    listeners: HashMap<ResourceId, Vec<Listener>>,
    /// target group → instances registered in it.
    attachments: HashMap<ResourceId, Vec<ResourceId>>,
}

type Listener = (Option<i64>, Vec<Target>, String);

/// The most port boundaries one exposure check walks (see `open_port`).
const MAX_PORT_POINTS: usize = 4096;

const SG_KINDS: &[&str] = &["aws_security_group", "aws_default_security_group"];
const SUBNET: &[&str] = &["aws_subnet"];
const RTB: &[&str] = &["aws_route_table", "aws_default_route_table"];
const NACL: &[&str] = &["aws_network_acl", "aws_default_network_acl"];
const IGW: &[&str] = &["aws_internet_gateway", "aws_egress_only_internet_gateway"];
const VPC: &[&str] = &["aws_vpc"];
const INSTANCE: &[&str] = &["aws_instance"];
const LB: &[&str] = &["aws_lb", "aws_alb", "aws_elb"];
const TG: &[&str] = &["aws_lb_target_group", "aws_alb_target_group"];

pub(crate) fn build(ctx: &Ctx<'_>, g: &mut Graph) {
    let inv = ctx.inv;
    let mut net = Net {
        ctx,
        sg_rules: HashMap::new(),
        nacl_rules: HashMap::new(),
        subnet_acl: HashMap::new(),
        subnet_rtb: HashMap::new(),
        main_rtb: HashMap::new(),
        igw_routes: HashMap::new(),
        eips: HashMap::new(),
        listeners: HashMap::new(),
        attachments: HashMap::new(),
    };
    // security group rules: inline blocks and separate rule resources
    for kind in SG_KINDS {
        for &id in inv.ids_of_kind(kind) {
            let Some(r) = ctx.resource(id) else { continue };
            let rules = net.sg_rules.entry(id).or_default();
            if let Some(Value::List(blocks)) = r.attributes.get("ingress") {
                for (i, b) in blocks.iter().enumerate() {
                    rules.push(sg_rule(
                        b,
                        Truth::True,
                        format!("{}.ingress.{i}", r.address),
                        &r.kind,
                    ));
                }
            } else if r.attributes.get("ingress").is_some_and(Value::is_unknown) {
                rules.push(unknown_rule(format!("{}.ingress", r.address)));
            }
        }
    }
    for kind in [
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ] {
        for &id in inv.ids_of_kind(kind) {
            let Some(r) = ctx.resource(id) else { continue };
            let whole = Value::Map(r.attributes.clone());
            let ingress = if kind == "aws_security_group_rule" {
                match r.attributes.get("type") {
                    Some(Value::String(t)) => Truth::from_bool(t == "ingress"),
                    _ => Truth::Unknown,
                }
            } else {
                Truth::True
            };
            let rule = sg_rule(&whole, ingress, r.address.clone(), kind);
            if let Some(Target::Found(group)) = ctx.resolve_one(r, "security_group_id", SG_KINDS) {
                net.sg_rules.entry(group).or_default().push(rule);
            }
        }
    }
    // network ACLs, their rules and the subnets they guard
    for kind in NACL {
        for &id in inv.ids_of_kind(kind) {
            let Some(r) = ctx.resource(id) else { continue };
            let rules = net.nacl_rules.entry(id).or_default();
            if let Some(Value::List(blocks)) = r.attributes.get("ingress") {
                for (i, b) in blocks.iter().enumerate() {
                    rules.push(nacl_rule(b, format!("{}.ingress.{i}", r.address), true));
                }
            } else if r.attributes.get("ingress").is_some_and(Value::is_unknown) {
                rules.push(unknown_rule(format!("{}.ingress", r.address)));
            }
            for t in ctx.resolve_all(r, "subnet_ids", SUBNET) {
                if let Target::Found(s) = t {
                    net.subnet_acl.entry(s).or_default().push(Target::Found(id));
                }
            }
        }
    }
    for &id in inv.ids_of_kind("aws_network_acl_rule") {
        let Some(r) = ctx.resource(id) else { continue };
        let whole = Value::Map(r.attributes.clone());
        if let Some(Target::Found(acl)) = ctx.resolve_one(r, "network_acl_id", NACL) {
            net.nacl_rules.entry(acl).or_default().push(nacl_rule(
                &whole,
                r.address.clone(),
                false,
            ));
        }
    }
    for (s, acl) in associations(
        ctx,
        "aws_network_acl_association",
        ("subnet_id", SUBNET),
        ("network_acl_id", NACL),
    ) {
        net.subnet_acl.entry(s).or_default().push(acl);
    }
    // route tables: associations, main tables, routes to internet gateways
    for (s, t) in associations(
        ctx,
        "aws_route_table_association",
        ("subnet_id", SUBNET),
        ("route_table_id", RTB),
    ) {
        net.subnet_rtb.entry(s).or_default().push(t);
    }
    for (v, t) in associations(
        ctx,
        "aws_main_route_table_association",
        ("vpc_id", VPC),
        ("route_table_id", RTB),
    ) {
        net.main_rtb.insert(v, t);
    }
    for &id in inv.ids_of_kind("aws_default_route_table") {
        let Some(r) = ctx.resource(id) else { continue };
        // in code `default_route_table_id = aws_vpc.v.default_route_table_id` refers to the
        // VPC; a live inventory (and state) names the VPC in `vpc_id`
        let vpc = match ctx.resolve_one(r, "default_route_table_id", VPC) {
            Some(Target::Found(v)) => Some(v),
            _ => match ctx.resolve_one(r, "vpc_id", VPC) {
                Some(Target::Found(v)) => Some(v),
                _ => None,
            },
        };
        if let Some(v) = vpc {
            net.main_rtb.entry(v).or_insert(Target::Found(id));
        }
    }
    for kind in RTB {
        for &id in inv.ids_of_kind(kind) {
            let Some(r) = ctx.resource(id) else { continue };
            let routes = match r.attributes.get("route") {
                Some(Value::List(blocks)) => blocks.clone(),
                Some(v @ Value::Unknown(_)) => vec![v.clone()],
                _ => Vec::new(),
            };
            for (i, b) in routes.iter().enumerate() {
                net.add_route(
                    id,
                    r,
                    b,
                    &format!("{}.route.{i}", r.address),
                    ["cidr_block", "ipv6_cidr_block", "gateway_id"],
                );
            }
        }
    }
    for &id in inv.ids_of_kind("aws_route") {
        let Some(r) = ctx.resource(id) else { continue };
        if let Some(Target::Found(t)) = ctx.resolve_one(r, "route_table_id", RTB) {
            let whole = Value::Map(r.attributes.clone());
            net.add_route(
                t,
                r,
                &whole,
                &r.address,
                [
                    "destination_cidr_block",
                    "destination_ipv6_cidr_block",
                    "gateway_id",
                ],
            );
        }
    }
    for &id in inv.ids_of_kind("aws_eip") {
        let Some(r) = ctx.resource(id) else { continue };
        if let Some(Target::Found(i)) = ctx.resolve_one(r, "instance", INSTANCE) {
            net.eips.entry(i).or_default().push(id);
        }
    }
    for &id in inv.ids_of_kind("aws_eip_association") {
        let Some(r) = ctx.resource(id) else { continue };
        if let Some(Target::Found(i)) = ctx.resolve_one(r, "instance_id", INSTANCE) {
            let eip = match ctx.resolve_one(r, "allocation_id", &["aws_eip"]) {
                Some(Target::Found(e)) => e,
                _ => id,
            };
            net.eips.entry(i).or_default().push(eip);
        }
    }
    for kind in ["aws_lb_listener", "aws_alb_listener"] {
        for &l in inv.ids_of_kind(kind) {
            let Some(lr) = ctx.resource(l) else { continue };
            let Some(Target::Found(lb)) = ctx.resolve_one(lr, "load_balancer_arn", LB) else {
                continue;
            };
            let mut tgs = Vec::new();
            if let Some(Value::List(actions)) = lr.attributes.get("default_action") {
                for a in actions {
                    if let Some(v) = a.get("target_group_arn") {
                        tgs.push(ctx.resolve(lr, v, TG));
                    }
                }
            }
            net.listeners.entry(lb).or_default().push((
                port(lr.attributes.get("port")),
                tgs,
                lr.address.clone(),
            ));
        }
    }
    for kind in [
        "aws_lb_target_group_attachment",
        "aws_alb_target_group_attachment",
    ] {
        for &a in inv.ids_of_kind(kind) {
            let Some(ar) = ctx.resource(a) else { continue };
            if let Some(Target::Found(tg)) = ctx.resolve_one(ar, "target_group_arn", TG)
                && let Some(Target::Found(inst)) = ctx.resolve_one(ar, "target_id", INSTANCE)
            {
                net.attachments.entry(tg).or_default().push(inst);
            }
        }
    }
    net.structural_edges(g);
    net.exposures(g);
}

/// The (owner, target) pairs of an association kind (`aws_route_table_association`: subnet →
/// route table): associations whose owner does not resolve join nothing; a target that does
/// not resolve is unknown.
fn associations(
    ctx: &Ctx<'_>,
    kind: &str,
    (owner_attr, owner_kinds): (&str, &[&str]),
    (target_attr, target_kinds): (&str, &[&str]),
) -> Vec<(ResourceId, Target)> {
    ctx.inv
        .ids_of_kind(kind)
        .iter()
        .filter_map(|&id| ctx.resource(id))
        .filter_map(|r| match ctx.resolve_one(r, owner_attr, owner_kinds) {
            Some(Target::Found(owner)) => Some((
                owner,
                ctx.resolve_one(r, target_attr, target_kinds)
                    .unwrap_or(Target::Unknown),
            )),
            _ => None,
        })
        .collect()
}

fn unknown_rule(at: String) -> PortRule {
    PortRule {
        proto: Proto::Unknown,
        from: None,
        to: None,
        v4: Truth::Unknown,
        v6: Truth::Unknown,
        number: None,
        allow: None,
        ingress: Truth::Unknown,
        at,
    }
}

impl Net<'_, '_> {
    fn add_route(
        &mut self,
        table: ResourceId,
        r: &Resource,
        block: &Value,
        at: &str,
        attrs: [&str; 3],
    ) {
        if block.is_unknown() {
            self.igw_routes.entry(table).or_default().push((
                Target::Unknown,
                Family::V4,
                Truth::Unknown,
                at.into(),
            ));
            return;
        }
        let gateway = match block.get(attrs[2]) {
            None | Some(Value::Null) => return,
            Some(Value::String(s)) if s.is_empty() => return,
            Some(v) => match self.ctx.resolve(r, v, IGW) {
                Target::Outside if v.as_str().is_some_and(|s| !s.starts_with("igw-")) => return,
                t => t,
            },
        };
        for (f, attr) in [(Family::V4, attrs[0]), (Family::V6, attrs[1])] {
            let truth = match block.get(attr) {
                None | Some(Value::Null) => continue,
                Some(Value::String(s)) => match s.trim().parse::<ipnet::IpNet>() {
                    Ok(n) => Truth::from_bool(n.prefix_len() == 0),
                    Err(_) => continue,
                },
                Some(_) => Truth::Unknown,
            };
            // a gateway id the code does not resolve may or may not be an internet gateway
            let truth = match gateway {
                Target::Unknown => truth.and(Truth::Unknown),
                _ => truth,
            };
            if truth != Truth::False {
                self.igw_routes
                    .entry(table)
                    .or_default()
                    .push((gateway, f, truth, at.into()));
            }
        }
    }

    fn structural_edges(&self, g: &mut Graph) {
        let inv = self.ctx.inv;
        let internet = g.internet;
        for kind in IGW {
            for &id in inv.ids_of_kind(kind) {
                if *kind == "aws_internet_gateway" {
                    g.add_edge(internet, g.node_for(id), EdgeKind::Gateway, Truth::True, "");
                }
            }
        }
        for (&table, routes) in &self.igw_routes {
            for (gw, f, truth, _) in routes {
                if let Target::Found(gw) = gw {
                    g.add_edge(
                        g.node_for(*gw),
                        g.node_for(table),
                        EdgeKind::RoutesToInternet,
                        *truth,
                        f.everyone(),
                    );
                }
            }
        }
        for &s in inv.ids_of_kind("aws_subnet") {
            if let Some(r) = self.ctx.resource(s)
                && let Some(Target::Found(v)) = self.ctx.resolve_one(r, "vpc_id", VPC)
            {
                g.add_edge(
                    g.node_for(v),
                    g.node_for(s),
                    EdgeKind::Contains,
                    Truth::True,
                    "",
                );
            }
            let (rtb, _) = self.route_table_of(s);
            if let Some(Target::Found(t)) = rtb {
                g.add_edge(
                    g.node_for(t),
                    g.node_for(s),
                    EdgeKind::Associated,
                    Truth::True,
                    "",
                );
            }
            for a in self.subnet_acl.get(&s).into_iter().flatten() {
                if let Target::Found(a) = a {
                    g.add_edge(
                        g.node_for(*a),
                        g.node_for(s),
                        EdgeKind::Guards,
                        Truth::True,
                        "",
                    );
                }
            }
        }
    }

    /// The subnet's route table: its explicit association, else its VPC's main table.
    /// `None` with the reason when the table is AWS's own main table (local route only).
    fn route_table_of(&self, subnet: ResourceId) -> (Option<Target>, String) {
        if let Some(t) = self.subnet_rtb.get(&subnet).and_then(|v| v.first()) {
            return (Some(*t), "explicit association".into());
        }
        let vpc = self
            .ctx
            .resource(subnet)
            .and_then(|r| self.ctx.resolve_one(r, "vpc_id", VPC));
        match vpc {
            Some(Target::Found(v)) => match self.main_rtb.get(&v) {
                Some(t) => (Some(*t), "the VPC's main route table".into()),
                None => (
                    None,
                    "the VPC's main route table, which AWS creates with the local route only"
                        .into(),
                ),
            },
            Some(Target::Outside) | None => {
                (Some(Target::Outside), "a VPC outside the inventory".into())
            }
            Some(Target::Unknown) => (Some(Target::Unknown), "an unknown VPC".into()),
        }
    }

    fn acl_of(&self, subnet: ResourceId, g: &Graph) -> Acl {
        match self.subnet_acl.get(&subnet).and_then(|v| v.first()) {
            Some(Target::Found(a)) => Acl {
                node: Some(g.node_for(*a)),
                name: self
                    .ctx
                    .resource(*a)
                    .map(|r| r.address.clone())
                    .unwrap_or_default(),
                rules: self.nacl_rules.get(a).cloned().unwrap_or_default(),
                // a declared ACL (default or not) holds exactly its rules; none is deny-all
                default_allow: false,
                unknown: false,
            },
            Some(_) => Acl {
                unknown: true,
                name: "an unknown network ACL".into(),
                ..Acl::default()
            },
            None => Acl {
                default_allow: true,
                name: "the VPC's default network ACL (allows all traffic)".into(),
                ..Acl::default()
            },
        }
    }

    /// The route hop of a subnet for `f`: the table, its internet route's truth and gateway.
    fn internet_route(&self, subnet: ResourceId, f: Family, g: &Graph) -> (Truth, Vec<Hop>) {
        let (table, why) = self.route_table_of(subnet);
        let Some(table) = table else {
            return (Truth::False, Vec::new());
        };
        let Target::Found(t) = table else {
            return (
                Truth::Unknown,
                vec![Hop::new(
                    NO_NODE,
                    format!("route table of `{}`", self.name(subnet)),
                    HopKind::RouteTable,
                    format!("{why}: not known"),
                    Truth::Unknown,
                )],
            );
        };
        let mut best: Option<(Truth, &Target, &String)> = None;
        for (gw, fam, truth, at) in self.igw_routes.get(&t).into_iter().flatten() {
            if *fam != f {
                continue;
            }
            if best.is_none_or(|(b, _, _)| rank(*truth) > rank(b)) {
                best = Some((*truth, gw, at));
            }
        }
        let Some((truth, gw, at)) = best else {
            return (Truth::False, Vec::new());
        };
        let gw_hop = match gw {
            Target::Found(gw) => Hop::new(
                g.node_for(*gw),
                self.name(*gw),
                HopKind::InternetGateway,
                String::new(),
                Truth::True,
            ),
            _ => Hop::new(
                NO_NODE,
                "an internet gateway outside the inventory".into(),
                HopKind::InternetGateway,
                String::new(),
                truth,
            ),
        };
        let table_hop = Hop::new(
            g.node_for(t),
            self.name(t),
            HopKind::RouteTable,
            format!(
                "{} route to the internet gateway at `{at}` ({why})",
                f.everyone()
            ),
            truth,
        );
        (truth, vec![gw_hop, table_hop])
    }

    fn name(&self, id: ResourceId) -> String {
        self.ctx
            .resource(id)
            .map(|r| r.address.clone())
            .unwrap_or_default()
    }

    fn exposures(&self, g: &mut Graph) {
        let inv = self.ctx.inv;
        let mut found = Vec::new();
        for &id in inv.ids_of_kind("aws_instance") {
            if let Some(e) = self.instance_exposure(id, g) {
                found.push(e);
            }
        }
        for kind in LB {
            for &id in inv.ids_of_kind(kind) {
                found.extend(self.lb_exposures(id, g));
            }
        }
        for &id in inv.ids_of_kind("aws_lambda_function_url") {
            let Some(r) = self.ctx.resource(id) else {
                continue;
            };
            let Some(Target::Found(f)) =
                self.ctx
                    .resolve_one(r, "function_name", &["aws_lambda_function"])
            else {
                continue;
            };
            let truth = match r.attributes.get("authorization_type") {
                Some(Value::String(s)) => Truth::from_bool(s == "NONE"),
                _ => Truth::Unknown,
            };
            if truth != Truth::False {
                found.push(Exposure {
                    node: g.node_for(f),
                    truth,
                    port: "tcp/443 (function URL)".into(),
                    hops: vec![
                        Hop::new(
                            g.internet,
                            "internet".into(),
                            HopKind::Internet,
                            String::new(),
                            Truth::True,
                        ),
                        Hop::new(
                            g.node_for(f),
                            self.name(f),
                            HopKind::FunctionUrl,
                            format!("`{}` with authorization_type NONE", r.address),
                            truth,
                        ),
                    ],
                });
            }
        }
        for e in &found {
            let internet = g.internet;
            g.add_edge(
                internet,
                e.node,
                EdgeKind::Exposes,
                e.truth,
                &e.port.clone(),
            );
        }
        g.exposures = found;
    }

    fn sg_hop_rules(&self, sgs: &[Target]) -> (Vec<PortRule>, bool) {
        let mut rules = Vec::new();
        let mut unknown = false;
        for t in sgs {
            match t {
                Target::Found(sg) => {
                    rules.extend(self.sg_rules.get(sg).cloned().unwrap_or_default())
                }
                Target::Unknown => unknown = true,
                // a group outside the inventory: its rules are not known
                Target::Outside => unknown = true,
            }
        }
        (rules, unknown)
    }

    /// The first port open end to end through `acl` and the security-group `rules`.
    fn open_port(
        &self,
        acl: &Acl,
        rules: &[PortRule],
        sg_unknown: bool,
        f: Family,
        only: Option<i64>,
    ) -> (Truth, String, Truth, Truth) {
        let mut points = vec![0i64, 1, 22, 80, 443, 3389];
        for r in rules.iter().chain(&acl.rules) {
            r.breakpoints(&mut points);
        }
        if let Some(p) = only {
            points = vec![p];
        }
        points.sort_unstable();
        points.dedup();
        // every boundary is a port to try: past this many (thousands of rules on one path)
        // the answer is undecided rather than a quadratic walk
        if points.len() > MAX_PORT_POINTS {
            return (
                Truth::Unknown,
                "a port (too many rules to decide)".into(),
                Truth::Unknown,
                Truth::Unknown,
            );
        }
        let mut acl_rules: Vec<&PortRule> = acl.rules.iter().collect();
        acl_rules.sort_by_key(|r| r.number.unwrap_or(i64::MAX));
        let (mut best, mut best_port, mut best_sg, mut best_acl) =
            (Truth::False, String::new(), Truth::False, Truth::False);
        for p in [Proto::Tcp, Proto::Udp] {
            for &port_no in points.iter().filter(|&&n| (0..=65535).contains(&n)) {
                let sg = rules
                    .iter()
                    .map(|r| r.ingress.and(r.internet(f)).and(r.covers(p, port_no)))
                    .fold(
                        if sg_unknown {
                            Truth::Unknown
                        } else {
                            Truth::False
                        },
                        Truth::or,
                    );
                let nacl = if acl.default_allow {
                    Truth::True
                } else if acl.unknown {
                    Truth::Unknown
                } else {
                    nacl_verdict(&acl_rules, f, p, port_no)
                };
                let both = sg.and(nacl);
                if rank(both) > rank(best)
                    || (best == Truth::False
                        && rank(sg) + rank(nacl) > rank(best_sg) + rank(best_acl))
                {
                    if rank(both) > rank(best) {
                        best = both;
                        best_port = format!(
                            "{}/{port_no} ({})",
                            if p == Proto::Tcp { "tcp" } else { "udp" },
                            f.name()
                        );
                    }
                    best_sg = sg;
                    best_acl = nacl;
                }
                if best == Truth::True {
                    return (best, best_port, best_sg, best_acl);
                }
            }
        }
        (best, best_port, best_sg, best_acl)
    }

    fn acl_hop(&self, acl: &Acl, truth: Truth, port_text: &str) -> Hop {
        Hop::new(
            acl.node.unwrap_or(NO_NODE),
            if acl.name.is_empty() {
                "network ACL".into()
            } else {
                acl.name.clone()
            },
            HopKind::NetworkAcl,
            format!("allows {port_text} from the internet"),
            truth,
        )
    }

    fn instance_exposure(&self, id: ResourceId, g: &Graph) -> Option<Exposure> {
        let r = self.ctx.resource(id)?;
        let node = g.node_for(id);
        let subnet = self.ctx.resolve_one(r, "subnet_id", SUBNET);
        let mut sgs = self.ctx.resolve_all(r, "vpc_security_group_ids", SG_KINDS);
        sgs.extend(self.ctx.resolve_all(r, "security_groups", SG_KINDS));
        let mut best: Option<Exposure> = None;
        for f in [Family::V4, Family::V6] {
            let mut hops = vec![Hop::new(
                g.internet,
                "internet".into(),
                HopKind::Internet,
                String::new(),
                Truth::True,
            )];
            let Some(Target::Found(s)) = subnet else {
                // no subnet (the default VPC's default subnet) or one not in the inventory
                let e = Exposure {
                    node,
                    truth: Truth::Unknown,
                    port: String::new(),
                    hops: vec![
                        hops.remove(0),
                        Hop::new(NO_NODE, "subnet".into(), HopKind::Subnet, "the instance's subnet is not in the inventory (none named: the default VPC's)".into(), Truth::Unknown),
                        Hop::new(node, r.address.clone(), HopKind::Compute, String::new(), Truth::True),
                    ],
                };
                if f == Family::V4 && self.could_be_open(&sgs) {
                    return Some(e);
                }
                return None;
            };
            let (route, route_hops) = self.internet_route(s, f, g);
            if route == Truth::False {
                continue;
            }
            let address = self.public_address(r, s, f, g, &mut Vec::new());
            let (addr_truth, addr_hop) = address;
            if addr_truth == Truth::False {
                continue;
            }
            let acl = self.acl_of(s, g);
            let (rules, sg_unknown) = self.sg_hop_rules(&sgs);
            let (open, port_text, sg_t, acl_t) = self.open_port(&acl, &rules, sg_unknown, f, None);
            if open == Truth::False {
                continue;
            }
            let truth = route.and(addr_truth).and(open);
            hops.extend(route_hops);
            hops.push(Hop::new(
                g.node_for(s),
                self.name(s),
                HopKind::Subnet,
                String::new(),
                Truth::True,
            ));
            hops.push(self.acl_hop(&acl, acl_t, &port_text));
            hops.push(self.sg_hop(&sgs, &rules, f, &port_text, sg_t, g));
            hops.push(addr_hop);
            hops.push(Hop::new(
                node,
                r.address.clone(),
                HopKind::Compute,
                String::new(),
                Truth::True,
            ));
            let e = Exposure {
                node,
                truth,
                port: port_text,
                hops,
            };
            if best.as_ref().is_none_or(|b| rank(e.truth) > rank(b.truth)) {
                best = Some(e);
            }
        }
        best
    }

    fn could_be_open(&self, sgs: &[Target]) -> bool {
        let (rules, unknown) = self.sg_hop_rules(sgs);
        unknown
            || rules
                .iter()
                .any(|r| r.internet(Family::V4).or(r.internet(Family::V6)) != Truth::False)
    }

    fn sg_hop(
        &self,
        sgs: &[Target],
        rules: &[PortRule],
        f: Family,
        port_text: &str,
        truth: Truth,
        g: &Graph,
    ) -> Hop {
        let open = rules
            .iter()
            .find(|r| r.internet(f) != Truth::False && r.ingress != Truth::False);
        let group = sgs.iter().find_map(|t| match t {
            Target::Found(sg) => Some(*sg),
            _ => None,
        });
        let name = group
            .map(|sg| self.name(sg))
            .unwrap_or_else(|| "security group".into());
        let detail = match open {
            Some(rule) => format!("`{}` admits {port_text} from {}", rule.at, f.everyone()),
            None => "no rule known to admit the internet".into(),
        };
        let mut hop = Hop::new(
            group.map(|sg| g.node_for(sg)).unwrap_or(NO_NODE),
            name,
            HopKind::SecurityGroup,
            detail,
            truth,
        );
        hop.at = open.map(|r| r.at.clone());
        hop
    }

    /// Whether the instance has a public address of family `f`.
    fn public_address(
        &self,
        r: &Resource,
        subnet: ResourceId,
        f: Family,
        g: &Graph,
        _notes: &mut Vec<String>,
    ) -> (Truth, Hop) {
        let node = g.node_for(
            self.ctx
                .inv
                .id_in_scope(&r.scope, &r.address)
                .unwrap_or(usize::MAX),
        );
        let subnet_r = self.ctx.resource(subnet);
        match f {
            Family::V4 => {
                if let Some(eip) = self
                    .ctx
                    .inv
                    .id_in_scope(&r.scope, &r.address)
                    .and_then(|i| self.eips.get(&i))
                    .and_then(|v| v.first())
                {
                    return (
                        Truth::True,
                        Hop::new(
                            g.node_for(*eip),
                            self.name(*eip),
                            HopKind::PublicAddress,
                            "Elastic IP attached".into(),
                            Truth::True,
                        ),
                    );
                }
                if let Some(Value::String(ip)) = r.attributes.get("public_ip")
                    && !ip.is_empty()
                {
                    return (
                        Truth::True,
                        Hop::new(
                            node,
                            r.address.clone(),
                            HopKind::PublicAddress,
                            format!("public IP {ip}"),
                            Truth::True,
                        ),
                    );
                }
                let (truth, why) = match r.attributes.get("associate_public_ip_address") {
                    Some(v @ (Value::Bool(_) | Value::String(_) | Value::Unknown(_))) => (
                        v.truth(),
                        format!("`{}.associate_public_ip_address`", r.address),
                    ),
                    _ => match subnet_r.and_then(|s| s.attributes.get("map_public_ip_on_launch")) {
                        Some(v) => (
                            v.truth(),
                            format!(
                                "`{}.map_public_ip_on_launch`",
                                subnet_r.map(|s| s.address.as_str()).unwrap_or("")
                            ),
                        ),
                        None => (
                            Truth::False,
                            "no public IP (the subnet does not map one on launch)".into(),
                        ),
                    },
                };
                (
                    truth,
                    Hop::new(
                        node,
                        r.address.clone(),
                        HopKind::PublicAddress,
                        format!("public IPv4 address from {why}"),
                        truth,
                    ),
                )
            }
            Family::V6 => {
                let count = r.attributes.get("ipv6_address_count");
                let list = r.attributes.get("ipv6_addresses");
                let truth = match (count, list) {
                    (Some(Value::Unknown(_)), _) | (_, Some(Value::Unknown(_))) => Truth::Unknown,
                    (Some(c), _) if c.as_i64().is_some_and(|n| n > 0) => Truth::True,
                    (_, Some(Value::List(l))) if !l.is_empty() => Truth::True,
                    _ => subnet_r
                        .and_then(|s| s.attributes.get("assign_ipv6_address_on_creation"))
                        .map(Value::truth)
                        .unwrap_or(Truth::False),
                };
                (
                    truth,
                    Hop::new(
                        node,
                        r.address.clone(),
                        HopKind::PublicAddress,
                        "IPv6 address (globally routable)".into(),
                        truth,
                    ),
                )
            }
        }
    }

    fn lb_exposures(&self, id: ResourceId, g: &Graph) -> Vec<Exposure> {
        let mut out = Vec::new();
        let Some(r) = self.ctx.resource(id) else {
            return out;
        };
        let node = g.node_for(id);
        let facing = match r.attributes.get("internal") {
            None | Some(Value::Null) => Truth::True,
            Some(v) => v.truth().not(),
        };
        if facing == Truth::False {
            return out;
        }
        let mut subnets = self.ctx.resolve_all(r, "subnets", SUBNET);
        if let Some(Value::List(maps)) = r.attributes.get("subnet_mapping") {
            for m in maps {
                if let Some(v) = m.get("subnet_id") {
                    subnets.push(self.ctx.resolve(r, v, SUBNET));
                }
            }
        }
        let sgs = self.ctx.resolve_all(r, "security_groups", SG_KINDS);
        let nlb = r
            .attributes
            .get("load_balancer_type")
            .and_then(Value::as_str)
            == Some("network");
        // listeners and where they forward
        let mut listeners: Vec<(Option<i64>, Vec<Target>, String)> = Vec::new();
        listeners.extend(self.listeners.get(&id).cloned().unwrap_or_default());
        if let Some(Value::List(ls)) = r.attributes.get("listener") {
            for l in ls {
                listeners.push((
                    port(l.get("lb_port")),
                    Vec::new(),
                    format!("{}.listener", r.address),
                ));
            }
        }
        for (listen_port, tgs, listener) in listeners {
            let mut best: Option<Exposure> = None;
            for f in [Family::V4, Family::V6] {
                for s in &subnets {
                    let Target::Found(s) = s else { continue };
                    let (route, route_hops) = self.internet_route(*s, f, g);
                    if route == Truth::False {
                        continue;
                    }
                    let acl = self.acl_of(*s, g);
                    let (rules, sg_unknown) = self.sg_hop_rules(&sgs);
                    let (open, port_text, sg_t, acl_t) = if nlb && sgs.is_empty() {
                        let (o, p, _, a) =
                            self.open_port(&acl, &[all_open_rule()], false, f, listen_port);
                        (o, p, Truth::True, a)
                    } else {
                        self.open_port(&acl, &rules, sg_unknown, f, listen_port)
                    };
                    let port_known = if listen_port.is_some() {
                        Truth::True
                    } else {
                        Truth::Unknown
                    };
                    let truth = facing.and(route).and(open).and(port_known);
                    if truth == Truth::False {
                        continue;
                    }
                    let mut hops = vec![Hop::new(
                        g.internet,
                        "internet".into(),
                        HopKind::Internet,
                        String::new(),
                        Truth::True,
                    )];
                    hops.extend(route_hops);
                    hops.push(Hop::new(
                        g.node_for(*s),
                        self.name(*s),
                        HopKind::Subnet,
                        String::new(),
                        Truth::True,
                    ));
                    hops.push(self.acl_hop(&acl, acl_t, &port_text));
                    if !(nlb && sgs.is_empty()) {
                        hops.push(self.sg_hop(&sgs, &rules, f, &port_text, sg_t, g));
                    }
                    hops.push(Hop::new(
                        node,
                        r.address.clone(),
                        HopKind::LoadBalancer,
                        format!("internet-facing, listener `{listener}`"),
                        facing,
                    ));
                    let e = Exposure {
                        node,
                        truth,
                        port: port_text,
                        hops,
                    };
                    if best.as_ref().is_none_or(|b| rank(e.truth) > rank(b.truth)) {
                        best = Some(e);
                    }
                }
            }
            let Some(lb) = best else { continue };
            // targets behind the listener: the target's own groups must admit the target port
            for tg in tgs {
                let Target::Found(tg) = tg else { continue };
                let tg_port = self
                    .ctx
                    .resource(tg)
                    .and_then(|t| port(t.attributes.get("port")));
                {
                    for &inst in self.attachments.get(&tg).into_iter().flatten() {
                        let Some(ir) = self.ctx.resource(inst) else {
                            continue;
                        };
                        let mut isgs = self.ctx.resolve_all(ir, "vpc_security_group_ids", SG_KINDS);
                        isgs.extend(self.ctx.resolve_all(ir, "security_groups", SG_KINDS));
                        let (rules, unknown) = self.sg_hop_rules(&isgs);
                        let admits = match tg_port {
                            Some(p) => rules
                                .iter()
                                .map(|rule| rule.ingress.and(rule.covers(Proto::Tcp, p)))
                                .fold(
                                    if unknown {
                                        Truth::Unknown
                                    } else {
                                        Truth::False
                                    },
                                    Truth::or,
                                ),
                            None => Truth::Unknown,
                        };
                        let truth = lb.truth.and(admits);
                        if truth == Truth::False {
                            continue;
                        }
                        let mut hops = lb.hops.clone();
                        hops.push(Hop::new(
                            g.node_for(tg),
                            self.name(tg),
                            HopKind::TargetGroup,
                            format!(
                                "forwards to port {}",
                                tg_port
                                    .map(|p| p.to_string())
                                    .unwrap_or_else(|| "unknown".into())
                            ),
                            Truth::True,
                        ));
                        let mut sg = self.sg_hop(&isgs, &rules, Family::V4, "", admits, g);
                        sg.detail = format!(
                            "admits the target port {} from some source",
                            tg_port.map(|p| p.to_string()).unwrap_or_else(|| "?".into())
                        );
                        hops.push(sg);
                        hops.push(Hop::new(
                            g.node_for(inst),
                            ir.address.clone(),
                            HopKind::Compute,
                            String::new(),
                            Truth::True,
                        ));
                        out.push(Exposure {
                            node: g.node_for(inst),
                            truth,
                            port: lb.port.clone(),
                            hops,
                        });
                    }
                }
            }
            out.push(lb);
        }
        out
    }
}

fn all_open_rule() -> PortRule {
    PortRule {
        proto: Proto::All,
        from: None,
        to: None,
        v4: Truth::True,
        v6: Truth::True,
        number: None,
        allow: Some(true),
        ingress: Truth::True,
        at: "a network load balancer without security groups".into(),
    }
}

pub(crate) fn rank(t: Truth) -> u8 {
    match t {
        Truth::True => 2,
        Truth::Unknown => 1,
        Truth::False => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule(v: serde_json::Value) -> PortRule {
        nacl_rule(&Value::from_json(&v), "acl".into(), true)
    }

    fn verdict(rules: &[PortRule], port_no: i64) -> Truth {
        let mut sorted: Vec<&PortRule> = rules.iter().collect();
        sorted.sort_by_key(|r| r.number.unwrap_or(i64::MAX));
        nacl_verdict(&sorted, Family::V4, Proto::Tcp, port_no)
    }

    #[test]
    fn the_first_matching_nacl_rule_decides_and_no_match_denies() {
        let allow = rule(
            json!({"rule_no": 100, "action": "allow", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_block": "0.0.0.0/0"}),
        );
        let deny = rule(
            json!({"rule_no": 90, "action": "deny", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_block": "0.0.0.0/0"}),
        );
        assert_eq!(verdict(std::slice::from_ref(&allow), 443), Truth::True);
        assert_eq!(verdict(std::slice::from_ref(&allow), 22), Truth::False);
        assert_eq!(verdict(&[allow.clone(), deny.clone()], 443), Truth::False);
        let late = PortRule {
            number: Some(200),
            ..deny
        };
        assert_eq!(verdict(&[allow, late], 443), Truth::True);
    }

    #[test]
    fn a_nacl_rule_that_may_match_decides_only_when_both_ways_agree() {
        let unknown_port = rule(
            json!({"rule_no": 50, "action": "deny", "protocol": "tcp", "cidr_block": "0.0.0.0/0"}),
        );
        let allow = rule(
            json!({"rule_no": 100, "action": "allow", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_block": "0.0.0.0/0"}),
        );
        assert_eq!(verdict(&[unknown_port.clone(), allow], 443), Truth::Unknown);
        // the rule that may match denies, and so does the default: denied either way
        assert_eq!(verdict(&[unknown_port], 443), Truth::False);
        // a rule for a narrower source does not decide for the whole internet
        let narrow = rule(
            json!({"rule_no": 10, "action": "deny", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_block": "10.0.0.0/8"}),
        );
        let open = rule(
            json!({"rule_no": 100, "action": "allow", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_block": "0.0.0.0/0"}),
        );
        assert_eq!(verdict(&[narrow, open], 22), Truth::True);
    }

    #[test]
    fn a_hostile_number_of_nacl_rules_is_a_loop_not_a_deep_recursion() {
        let rules: Vec<PortRule> = (0..200_000)
            .map(|i| rule(json!({"rule_no": i, "action": "deny", "protocol": "tcp", "from_port": 1, "to_port": 2, "cidr_block": "0.0.0.0/0"})))
            .collect();
        assert_eq!(verdict(&rules, 443), Truth::False);
    }

    #[test]
    fn cidrs_are_judged_per_family() {
        let (mut v4, mut v6) = (Truth::False, Truth::False);
        cidr_truth(
            Some(&Value::from_json(&json!(["::/0", "10.0.0.0/8"]))),
            &mut v4,
            &mut v6,
        );
        assert_eq!((v4, v6), (Truth::False, Truth::True));
        let (mut v4, mut v6) = (Truth::False, Truth::False);
        cidr_truth(Some(&Value::List(vec![Value::unknown()])), &mut v4, &mut v6);
        assert_eq!((v4, v6), (Truth::Unknown, Truth::Unknown));
    }

    #[test]
    fn protocol_all_covers_every_port_and_icmp_none() {
        let all = rule(json!({"protocol": "-1", "from_port": 0, "to_port": 0}));
        assert_eq!(all.covers(Proto::Udp, 53), Truth::True);
        let icmp = rule(json!({"protocol": "icmp", "from_port": 0, "to_port": 65535}));
        assert_eq!(icmp.covers(Proto::Tcp, 22), Truth::False);
        let udp = rule(json!({"protocol": "udp", "from_port": 53, "to_port": 53}));
        assert_eq!(udp.covers(Proto::Tcp, 53), Truth::False);
    }
}
