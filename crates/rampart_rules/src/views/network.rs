//! Security-group rules, normalised. Terraform opens a group in four ways — inline `ingress` /
//! `egress` blocks of `aws_security_group` and `aws_default_security_group`, separate
//! `aws_security_group_rule` resources, and `aws_vpc_security_group_ingress_rule` /
//! `..._egress_rule` — and every one of them becomes the same [`SgRule`] here, keeping the
//! resource and the attribute path it was written at so findings point at the right line.
//!
//! Questions (`allows_port`, `open_to_internet`, `all_ports`) answer in three-valued logic:
//! a port, protocol or CIDR that is not known makes the answer `Unknown`, never `True`. This
//! module must never report on its own and never invent a value it cannot see.

use crate::rule::{Fix, Hit};
use rampart_model::value::format_number;
use rampart_model::{Applicability, Change, Resource, ResourceRef, Truth, Value};

/// Every resource kind that can carry a security-group rule.
pub const RULE_CARRIERS: &[&str] = &[
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
];

/// The kinds that can carry an ingress rule (what "open to the internet" rules look at).
pub const INGRESS_CARRIERS: &[&str] = &[
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
];

const SEPARATE_RULE_KINDS: &[&str] = &[
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ingress,
    Egress,
}

/// An IP protocol as AWS accepts it: by name or by IANA number; `-1`/`all` is every protocol
/// and every port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protocol {
    All,
    Tcp,
    Udp,
    Icmp,
    Other(String),
    Unknown,
}

impl Protocol {
    pub fn parse(value: Option<&Value>) -> Protocol {
        let text = match value {
            Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
            Some(Value::Number(n)) => format_number(*n),
            _ => return Protocol::Unknown,
        };
        match text.as_str() {
            "-1" | "all" => Protocol::All,
            "tcp" | "6" => Protocol::Tcp,
            "udp" | "17" => Protocol::Udp,
            "icmp" | "1" | "icmpv6" | "58" => Protocol::Icmp,
            _ => Protocol::Other(text),
        }
    }
}

/// One end of a port range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Port {
    Known(i64),
    Absent,
    Unknown,
}

impl Port {
    fn parse(value: Option<&Value>) -> Port {
        match value {
            None | Some(Value::Null) => Port::Absent,
            Some(v) => v.as_i64().map(Port::Known).unwrap_or(Port::Unknown),
        }
    }
}

/// One CIDR a rule admits, with the path of the attribute holding it (`ingress.0.cidr_blocks`).
/// `value` is `None` when the CIDR is not known statically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CidrSource {
    pub path: String,
    pub value: Option<String>,
}

impl CidrSource {
    pub fn is_whole_internet(&self) -> Truth {
        match &self.value {
            Some(cidr) => Truth::from_bool(cidr_is_whole_internet(cidr)),
            None => Truth::Unknown,
        }
    }
}

/// True when the CIDR covers every IPv4 or every IPv6 address (`0.0.0.0/0`, `::/0`, any `/0`).
pub fn cidr_is_whole_internet(cidr: &str) -> bool {
    let cidr = cidr.trim();
    match cidr.parse::<ipnet::IpNet>() {
        Ok(net) => net.prefix_len() == 0,
        Err(_) => crate::util::is_open_cidr(cidr),
    }
}

/// One security-group rule, wherever and however it was written.
#[derive(Clone, Debug)]
pub struct SgRule<'a> {
    /// The resource the rule is written in (the group for inline blocks, else the rule).
    pub resource: &'a Resource,
    /// `ingress.0` for an inline block; `None` when the rule is a resource of its own.
    pub block: Option<String>,
    /// `None` when the direction is not known (a `type` given by an unresolved variable).
    pub direction: Option<Direction>,
    pub protocol: Protocol,
    pub from_port: Port,
    pub to_port: Port,
    pub cidrs: Vec<CidrSource>,
    /// Sources that are not CIDRs: other groups, prefix lists, `self`.
    pub has_other_sources: bool,
    pub description: Option<&'a Value>,
}

impl SgRule<'_> {
    /// Full attribute path of `attr` inside this rule.
    pub fn path(&self, attr: &str) -> String {
        match &self.block {
            Some(block) => format!("{block}.{attr}"),
            None => attr.to_string(),
        }
    }
    /// Where to point a finding about the whole rule.
    pub fn location(&self) -> Option<String> {
        self.block.clone()
    }
    pub fn is_ingress(&self) -> Truth {
        match self.direction {
            Some(d) => Truth::from_bool(d == Direction::Ingress),
            None => Truth::Unknown,
        }
    }
    /// Whether some CIDR of the rule is the whole internet.
    pub fn open_to_internet(&self) -> Truth {
        self.cidrs
            .iter()
            .map(CidrSource::is_whole_internet)
            .fold(Truth::False, Truth::or)
    }
    /// The first CIDR attribute that admits the whole internet.
    pub fn open_cidr(&self) -> Option<&CidrSource> {
        self.cidrs.iter().find(|c| c.is_whole_internet().is_true())
    }
    /// Whether traffic to `port` (TCP or UDP) is admitted. Protocol `-1` admits every port
    /// whatever range is written; ICMP and other protocols carry no ports.
    pub fn allows_port(&self, port: i64) -> Truth {
        match self.protocol {
            Protocol::All => Truth::True,
            Protocol::Icmp | Protocol::Other(_) => Truth::False,
            Protocol::Unknown => Truth::Unknown,
            Protocol::Tcp | Protocol::Udp => match (self.from_port, self.to_port) {
                (Port::Known(from), Port::Known(to)) => {
                    Truth::from_bool(crate::util::range_includes(from, to, port))
                }
                _ => Truth::Unknown,
            },
        }
    }
    /// Whether the rule admits every protocol, or every TCP/UDP port (0–65535).
    pub fn all_ports(&self) -> Truth {
        match self.protocol {
            Protocol::All => Truth::True,
            Protocol::Icmp | Protocol::Other(_) => Truth::False,
            Protocol::Unknown => Truth::Unknown,
            Protocol::Tcp | Protocol::Udp => match (self.from_port, self.to_port) {
                (Port::Known(from), Port::Known(to)) => {
                    let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
                    Truth::from_bool(lo <= 1 && hi >= 65535)
                }
                _ => Truth::Unknown,
            },
        }
    }
    /// Human-readable port range for messages: `22`, `8000-8080`, `all ports`.
    pub fn ports_text(&self) -> String {
        if self.protocol == Protocol::All {
            return "all protocols and ports".into();
        }
        match (self.from_port, self.to_port) {
            (Port::Known(a), Port::Known(b)) if a == b => format!("port {a}"),
            (Port::Known(a), Port::Known(b)) => format!("ports {a}-{b}"),
            _ => "unknown ports".into(),
        }
    }
    /// Short name of the rule for messages: `aws_security_group.web ingress.0`.
    pub fn label(&self) -> String {
        match &self.block {
            Some(block) => format!("`{}` {block}", self.resource.address),
            None => format!("`{}`", self.resource.address),
        }
    }
}

/// The rules written in one resource: a group's inline blocks, or the rule resource itself.
pub fn rules_in(resource: &Resource) -> Vec<SgRule<'_>> {
    match resource.kind.as_str() {
        "aws_security_group" | "aws_default_security_group" => {
            let mut out = Vec::new();
            for (key, direction) in [
                ("ingress", Direction::Ingress),
                ("egress", Direction::Egress),
            ] {
                // `get`, not `attributes.get`: an unknown `ingress` is noted as undecided
                let Some(Value::List(blocks)) = resource.get(key) else {
                    continue;
                };
                for (i, block) in blocks.iter().enumerate() {
                    if let Value::Map(_) = block {
                        let prefix = format!("{key}.{i}");
                        out.push(inline_rule(resource, block, prefix, direction));
                    }
                }
            }
            out
        }
        "aws_security_group_rule" => {
            let direction = match resource.str("type") {
                Some("ingress") => Some(Direction::Ingress),
                Some("egress") => Some(Direction::Egress),
                _ => None,
            };
            let mut cidrs = Vec::new();
            cidr_list(resource.get("cidr_blocks"), "cidr_blocks", &mut cidrs);
            cidr_list(
                resource.get("ipv6_cidr_blocks"),
                "ipv6_cidr_blocks",
                &mut cidrs,
            );
            let has_other_sources = present(resource.get("source_security_group_id"))
                || present(resource.get("prefix_list_ids"))
                || resource.get("self").is_some_and(|v| !v.truth().is_false());
            vec![SgRule {
                resource,
                block: None,
                direction,
                protocol: Protocol::parse(resource.get("protocol")),
                from_port: Port::parse(resource.get("from_port")),
                to_port: Port::parse(resource.get("to_port")),
                cidrs,
                has_other_sources,
                description: resource.get("description"),
            }]
        }
        "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
            let direction = if resource.kind.ends_with("ingress_rule") {
                Direction::Ingress
            } else {
                Direction::Egress
            };
            let mut cidrs = Vec::new();
            for attr in ["cidr_ipv4", "cidr_ipv6"] {
                match resource.get(attr) {
                    None | Some(Value::Null) => {}
                    Some(Value::String(s)) => cidrs.push(CidrSource {
                        path: attr.into(),
                        value: Some(s.clone()),
                    }),
                    Some(_) => cidrs.push(CidrSource {
                        path: attr.into(),
                        value: None,
                    }),
                }
            }
            let has_other_sources = present(resource.get("referenced_security_group_id"))
                || present(resource.get("prefix_list_id"));
            vec![SgRule {
                resource,
                block: None,
                direction: Some(direction),
                protocol: Protocol::parse(resource.get("ip_protocol")),
                from_port: Port::parse(resource.get("from_port")),
                to_port: Port::parse(resource.get("to_port")),
                cidrs,
                has_other_sources,
                description: resource.get("description"),
            }]
        }
        _ => Vec::new(),
    }
}

/// Every rule of a group: its inline blocks plus the separate rule resources joined to it.
pub fn rules_of_group<'a>(group: ResourceRef<'a>) -> Vec<SgRule<'a>> {
    let mut out = rules_in(group.resource());
    for kind in SEPARATE_RULE_KINDS {
        for rule in group.related(kind) {
            out.extend(rules_in(rule.resource()));
        }
    }
    out
}

fn inline_rule<'a>(
    resource: &'a Resource,
    block: &'a Value,
    prefix: String,
    direction: Direction,
) -> SgRule<'a> {
    let mut cidrs = Vec::new();
    cidr_list(
        block.get("cidr_blocks"),
        &format!("{prefix}.cidr_blocks"),
        &mut cidrs,
    );
    cidr_list(
        block.get("ipv6_cidr_blocks"),
        &format!("{prefix}.ipv6_cidr_blocks"),
        &mut cidrs,
    );
    let has_other_sources = present(block.get("security_groups"))
        || present(block.get("prefix_list_ids"))
        || block.get("self").is_some_and(|v| !v.truth().is_false());
    SgRule {
        resource,
        direction: Some(direction),
        protocol: Protocol::parse(block.get("protocol")),
        from_port: Port::parse(block.get("from_port")),
        to_port: Port::parse(block.get("to_port")),
        cidrs,
        has_other_sources,
        description: block.get("description"),
        block: Some(prefix),
    }
}

/// A list of CIDRs: each known string is one source; an unknown list or element is one
/// unknown source (it may be anything, including `0.0.0.0/0`).
fn cidr_list(value: Option<&Value>, path: &str, out: &mut Vec<CidrSource>) {
    match value {
        None | Some(Value::Null) => {}
        Some(Value::List(items)) => {
            for item in items {
                out.push(CidrSource {
                    path: path.to_string(),
                    value: item.as_str().map(str::to_string),
                });
            }
        }
        Some(Value::String(s)) => out.push(CidrSource {
            path: path.to_string(),
            value: Some(s.clone()),
        }),
        Some(_) => out.push(CidrSource {
            path: path.to_string(),
            value: None,
        }),
    }
}

/// A source attribute that is set to something (unknown counts: it names a source).
fn present(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::List(items)) => !items.is_empty(),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

/// The change that removes one inline rule block (`ingress.1`) from a group. Inline rules are
/// processed in attributes-as-blocks mode: deleting the last `ingress` block would leave the
/// rules in AWS untouched, so the last one is removed by writing `ingress = []`.
pub fn remove_inline_block(group: &Resource, block: &str) -> Change {
    let direction = block.split('.').next().unwrap_or(block);
    let siblings = match group.attributes.get(direction) {
        Some(Value::List(blocks)) => blocks.len(),
        _ => 0,
    };
    if siblings <= 1 {
        Change::SetAttribute {
            address: group.address.clone(),
            path: direction.to_string(),
            value: Value::List(Vec::new()),
        }
    } else {
        Change::RemoveAttribute {
            address: group.address.clone(),
            path: block.to_string(),
        }
    }
}

/// Hits for every ingress rule written in `resource` that is open to the whole internet and
/// for which `matches` is true. `what` describes the rule for the message.
pub fn open_ingress_hits(
    resource: &Resource,
    matches: impl Fn(&SgRule<'_>) -> Truth,
    what: impl Fn(&SgRule<'_>) -> String,
) -> Vec<Hit> {
    rules_in(resource)
        .iter()
        .filter(|rule| {
            rule.is_ingress()
                .and(rule.open_to_internet())
                .and(matches(rule))
                .is_true()
        })
        .filter_map(|rule| {
            let open = rule.open_cidr()?;
            Some(Hit::at(
                open.path.clone(),
                format!(
                    "security group rule {} allows {} from `{}`",
                    rule.label(),
                    what(rule),
                    open.value.as_deref().unwrap_or_default()
                ),
            ))
        })
        .collect()
}

/// The fix for an ingress rule open to the internet: drop its whole-internet CIDRs and keep
/// the rest; when nothing would remain, remove the rule (the inline block or the rule
/// resource). `None` when the hit is not on a known rule or a CIDR list holds unknown entries
/// (a human must rewrite that expression).
pub fn close_to_internet(resource: ResourceRef<'_>, hit: &Hit, risk: &str) -> Option<Fix> {
    let attribute = hit.attribute.as_deref()?;
    let rules = rules_in(resource.resource());
    let rule = rules
        .iter()
        .find(|r| r.cidrs.iter().any(|c| c.path == attribute))?;
    let mut lists: Vec<(&str, Vec<Value>)> = Vec::new();
    for cidr in &rule.cidrs {
        let value = cidr.value.as_deref()?;
        let entry = match lists.iter_mut().position(|(p, _)| *p == cidr.path) {
            Some(i) => &mut lists[i].1,
            None => {
                lists.push((cidr.path.as_str(), Vec::new()));
                let last = lists.len() - 1;
                &mut lists[last].1
            }
        };
        if !cidr_is_whole_internet(value) {
            entry.push(Value::string(value));
        }
    }
    let remaining = lists.iter().map(|(_, kept)| kept.len()).sum::<usize>();
    let address = resource.address.clone();
    let applicability = Applicability::Unsafe(risk.to_string());
    if remaining == 0 && !rule.has_other_sources {
        let change = match &rule.block {
            Some(block) => remove_inline_block(resource.resource(), block),
            None => Change::RemoveResource { address },
        };
        return Some(Fix {
            summary: format!("remove rule {} open to the internet", rule.label()),
            changes: vec![change],
            applicability,
        });
    }
    let single_valued = rule.block.is_none() && resource.kind.starts_with("aws_vpc_security_group");
    let changes = lists
        .into_iter()
        .filter(|(path, kept)| rule.cidrs.iter().filter(|c| c.path == *path).count() != kept.len())
        .map(|(path, kept)| {
            if kept.is_empty() || single_valued {
                Change::RemoveAttribute {
                    address: address.clone(),
                    path: path.to_string(),
                }
            } else {
                Change::SetAttribute {
                    address: address.clone(),
                    path: path.to_string(),
                    value: Value::List(kept),
                }
            }
        })
        .collect();
    Some(Fix {
        summary: format!(
            "remove 0.0.0.0/0 and ::/0 from rule {}, keeping its other sources",
            rule.label()
        ),
        changes,
        applicability,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Inventory, Origin};
    use serde_json::json;

    fn resource(kind: &str, attrs: serde_json::Value) -> Resource {
        let mut r = Resource::new(
            kind,
            format!("{kind}.test"),
            Origin::Live {
                provider: "aws".into(),
                account: "1".into(),
                region: "r".into(),
                id: "x".into(),
            },
        );
        if let Value::Map(m) = Value::from_json(&attrs) {
            r.attributes = m;
        }
        r
    }

    fn group_with(ingress: serde_json::Value) -> Resource {
        resource("aws_security_group", json!({ "ingress": [ingress] }))
    }

    #[test]
    fn port_ranges_include_their_ends_and_nothing_else() {
        let r = group_with(
            json!({"from_port": 20, "to_port": 23, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
        );
        let rules = rules_in(&r);
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].allows_port(22), Truth::True);
        assert_eq!(rules[0].allows_port(20), Truth::True);
        assert_eq!(rules[0].allows_port(23), Truth::True);
        assert_eq!(rules[0].allows_port(24), Truth::False);
        assert_eq!(rules[0].all_ports(), Truth::False);
        assert_eq!(rules[0].block.as_deref(), Some("ingress.0"));
    }

    #[test]
    fn protocol_minus_one_opens_every_port_whatever_the_range() {
        for protocol in [json!("-1"), json!(-1), json!("all"), json!("ALL")] {
            let r = group_with(
                json!({"from_port": 0, "to_port": 0, "protocol": protocol, "cidr_blocks": ["10.0.0.0/8"]}),
            );
            let rule = &rules_in(&r)[0];
            assert_eq!(rule.allows_port(3389), Truth::True, "{protocol}");
            assert_eq!(rule.all_ports(), Truth::True);
            assert_eq!(rule.open_to_internet(), Truth::False);
        }
    }

    #[test]
    fn numeric_protocols_and_icmp() {
        let tcp =
            group_with(json!({"from_port": 22, "to_port": 22, "protocol": "6", "cidr_blocks": []}));
        assert_eq!(rules_in(&tcp)[0].allows_port(22), Truth::True);
        let icmp = group_with(
            json!({"from_port": 0, "to_port": 65535, "protocol": "icmp", "cidr_blocks": []}),
        );
        assert_eq!(rules_in(&icmp)[0].allows_port(22), Truth::False);
        assert_eq!(rules_in(&icmp)[0].all_ports(), Truth::False);
        let full_tcp = group_with(json!({"from_port": 0, "to_port": 65535, "protocol": "tcp"}));
        assert_eq!(rules_in(&full_tcp)[0].all_ports(), Truth::True);
    }

    #[test]
    fn ipv6_whole_internet_is_open_in_any_spelling() {
        for cidr in ["::/0", "0::/0", "0000:0000:0000:0000:0000:0000:0000:0000/0"] {
            let r = group_with(
                json!({"from_port": 22, "to_port": 22, "protocol": "tcp", "ipv6_cidr_blocks": [cidr]}),
            );
            let rule = &rules_in(&r)[0];
            assert_eq!(rule.open_to_internet(), Truth::True, "{cidr}");
            assert_eq!(
                rule.open_cidr().map(|c| c.path.as_str()),
                Some("ingress.0.ipv6_cidr_blocks")
            );
        }
        assert!(!cidr_is_whole_internet("2001:db8::/32"));
        assert!(!cidr_is_whole_internet("0.0.0.0/1"));
    }

    #[test]
    fn unknown_cidr_port_or_protocol_is_never_true() {
        let mut r = group_with(
            json!({"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}),
        );
        // cidr_blocks = [var.cidr]
        if let Some(Value::List(blocks)) = r.attributes.get_mut("ingress")
            && let Some(Value::Map(b)) = blocks.get_mut(0)
        {
            b.insert("cidr_blocks".into(), Value::List(vec![Value::unknown()]));
        }
        assert_eq!(rules_in(&r)[0].open_to_internet(), Truth::Unknown);

        let mut ports = group_with(json!({"protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}));
        if let Some(Value::List(blocks)) = ports.attributes.get_mut("ingress")
            && let Some(Value::Map(b)) = blocks.get_mut(0)
        {
            b.insert("from_port".into(), Value::unknown());
            b.insert("to_port".into(), Value::unknown());
        }
        assert_eq!(rules_in(&ports)[0].allows_port(22), Truth::Unknown);

        let mut proto =
            group_with(json!({"from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}));
        assert_eq!(rules_in(&proto)[0].allows_port(22), Truth::Unknown);
        if let Some(Value::List(blocks)) = proto.attributes.get_mut("ingress")
            && let Some(Value::Map(b)) = blocks.get_mut(0)
        {
            b.insert("protocol".into(), Value::unknown());
        }
        assert_eq!(rules_in(&proto)[0].all_ports(), Truth::Unknown);
    }

    #[test]
    fn separate_rule_kinds_normalise_to_the_same_shape() {
        let sgr = resource(
            "aws_security_group_rule",
            json!({"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
        );
        let rule = &rules_in(&sgr)[0];
        assert_eq!(rule.is_ingress(), Truth::True);
        assert_eq!(rule.allows_port(3389), Truth::True);
        assert_eq!(
            rule.open_cidr().map(|c| c.path.as_str()),
            Some("cidr_blocks")
        );

        let vpc_rule = resource(
            "aws_vpc_security_group_ingress_rule",
            json!({"ip_protocol": "-1", "cidr_ipv6": "::/0"}),
        );
        let rule = &rules_in(&vpc_rule)[0];
        assert_eq!(rule.is_ingress(), Truth::True);
        assert_eq!(rule.all_ports(), Truth::True);
        assert_eq!(rule.open_cidr().map(|c| c.path.as_str()), Some("cidr_ipv6"));

        let egress = resource(
            "aws_vpc_security_group_egress_rule",
            json!({"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}),
        );
        assert_eq!(rules_in(&egress)[0].is_ingress(), Truth::False);

        let mut unknown_type = resource(
            "aws_security_group_rule",
            json!({"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
        );
        unknown_type
            .attributes
            .insert("type".into(), Value::unknown());
        assert_eq!(rules_in(&unknown_type)[0].is_ingress(), Truth::Unknown);
    }

    #[test]
    fn open_ingress_hits_point_at_the_open_cidr_and_skip_egress() {
        let r = resource(
            "aws_security_group",
            json!({
                "ingress": [
                    {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]},
                    {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"]}
                ],
                "egress": [{"from_port": 0, "to_port": 0, "protocol": "-1", "cidr_blocks": ["0.0.0.0/0"]}]
            }),
        );
        let hits = open_ingress_hits(&r, |rule| rule.allows_port(22), |_| "SSH".into());
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].attribute.as_deref(), Some("ingress.1.cidr_blocks"));
        assert!(hits[0].message.contains("0.0.0.0/0"));
    }

    #[test]
    fn fix_keeps_other_cidrs_or_removes_the_rule() {
        let r = resource(
            "aws_security_group",
            json!({"ingress": [
                {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"], "ipv6_cidr_blocks": ["::/0"]},
                {"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}
            ]}),
        );
        let inv = Inventory::new(vec![r]);
        let Some(group) = inv.by_address("aws_security_group.test") else {
            panic!("group not found")
        };
        let keep = close_to_internet(group, &Hit::at("ingress.0.cidr_blocks", "x"), "risk");
        let Some(keep) = keep else { panic!("no fix") };
        assert_eq!(
            keep.changes,
            vec![
                Change::SetAttribute {
                    address: "aws_security_group.test".into(),
                    path: "ingress.0.cidr_blocks".into(),
                    value: Value::List(vec![Value::string("10.0.0.0/8")]),
                },
                Change::RemoveAttribute {
                    address: "aws_security_group.test".into(),
                    path: "ingress.0.ipv6_cidr_blocks".into(),
                },
            ]
        );
        let remove = close_to_internet(group, &Hit::at("ingress.1.cidr_blocks", "x"), "risk");
        let Some(remove) = remove else {
            panic!("no fix")
        };
        assert_eq!(
            remove.changes,
            vec![Change::RemoveAttribute {
                address: "aws_security_group.test".into(),
                path: "ingress.1".into(),
            }]
        );
        assert!(matches!(remove.applicability, Applicability::Unsafe(_)));
    }

    #[test]
    fn removing_the_last_inline_block_writes_an_empty_list() {
        let r = group_with(
            json!({"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
        );
        assert_eq!(
            remove_inline_block(&r, "ingress.0"),
            Change::SetAttribute {
                address: "aws_security_group.test".into(),
                path: "ingress".into(),
                value: Value::List(Vec::new()),
            }
        );
    }

    #[test]
    fn fix_of_a_separate_rule_removes_the_resource() {
        let r = resource(
            "aws_security_group_rule",
            json!({"type": "ingress", "from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}),
        );
        let inv = Inventory::new(vec![r]);
        let Some(rule) = inv.by_address("aws_security_group_rule.test") else {
            panic!("rule not found")
        };
        let Some(fix) = close_to_internet(rule, &Hit::at("cidr_blocks", "x"), "risk") else {
            panic!("no fix")
        };
        assert_eq!(
            fix.changes,
            vec![Change::RemoveResource {
                address: "aws_security_group_rule.test".into()
            }]
        );
    }
}
