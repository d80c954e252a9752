//! `google_compute_firewall` rules, normalised: direction (default `INGRESS`), whether the rule
//! is open to the whole internet, and which protocols and ports its `allow` blocks admit.
//!
//! GCP semantics that matter here: an ingress rule with no `source_ranges`, no `source_tags`
//! and no `source_service_accounts` applies to `0.0.0.0/0`; when `source_ranges` and source
//! tags are both given, traffic matching *either* is admitted, so tags never narrow an open
//! range; an egress rule with no `destination_ranges` applies to `0.0.0.0/0`; `deny` blocks and
//! disabled rules admit nothing. Must never report on its own or guess an unknown value.

use crate::rule::{Fix, Hit};
use crate::views::network::cidr_is_whole_internet;
use rampart_model::{Applicability, Change, Resource, ResourceRef, Truth, Value};

pub const FIREWALL: &str = "google_compute_firewall";

/// Which ports an `allow` block admits for its protocol.
#[derive(Clone, Debug, PartialEq)]
pub enum Ports {
    /// Every port: protocol `all`, or TCP/UDP/SCTP with no `ports`.
    All,
    /// Known ranges (single ports are `(p, p)`).
    Ranges(Vec<(i64, i64)>),
    /// A protocol without ports (ICMP, ESP…).
    None,
    Unknown,
}

/// One `allow` block.
#[derive(Clone, Debug)]
pub struct Allow {
    /// `allow.0`
    pub path: String,
    /// Lower-case protocol name (`6` → `tcp`), `None` when unknown.
    pub protocol: Option<String>,
    pub ports: Ports,
}

impl Allow {
    /// Whether traffic of `protocol` (`tcp`/`udp`) to `port` is admitted.
    pub fn admits(&self, protocol: &str, port: i64) -> Truth {
        let Some(p) = &self.protocol else {
            return Truth::Unknown;
        };
        if p != "all" && p != protocol {
            return Truth::False;
        }
        match &self.ports {
            Ports::All => Truth::True,
            Ports::None => Truth::False,
            Ports::Unknown => Truth::Unknown,
            Ports::Ranges(ranges) => {
                Truth::from_bool(ranges.iter().any(|&(lo, hi)| lo <= port && port <= hi))
            }
        }
    }
    /// Whether every port of TCP or UDP is admitted.
    pub fn all_ports(&self) -> Truth {
        match &self.protocol {
            None => Truth::Unknown,
            Some(p) if p == "all" => Truth::True,
            Some(_) => match &self.ports {
                Ports::All => Truth::True,
                Ports::None => Truth::False,
                Ports::Unknown => Truth::Unknown,
                Ports::Ranges(r) => {
                    Truth::from_bool(r.iter().any(|&(lo, hi)| lo <= 1 && hi >= 65535))
                }
            },
        }
    }
    /// Whether the block admits only `protocol`/`port` (so closing that port closes the block).
    pub fn only(&self, protocol: &str, port: i64) -> bool {
        self.protocol.as_deref() == Some(protocol)
            && matches!(&self.ports, Ports::Ranges(r) if !r.is_empty() && r.iter().all(|&(lo, hi)| lo == port && hi == port))
    }
}

/// A firewall rule resource seen through GCP's semantics.
pub struct Firewall<'a> {
    pub resource: &'a Resource,
}

impl<'a> Firewall<'a> {
    pub fn new(resource: &'a Resource) -> Self {
        Firewall { resource }
    }

    /// `direction` defaults to `INGRESS`.
    pub fn is_ingress(&self) -> Truth {
        match self.resource.get("direction") {
            None | Some(Value::Null) => Truth::True,
            Some(Value::String(s)) => Truth::from_bool(s.eq_ignore_ascii_case("INGRESS")),
            Some(_) => Truth::Unknown,
        }
    }

    /// A disabled rule is not enforced.
    pub fn enabled(&self) -> Truth {
        match self.resource.get("disabled") {
            None | Some(Value::Null) => Truth::True,
            Some(v) => v.truth().not(),
        }
    }

    /// The attribute holding the peer ranges for the rule's direction.
    pub fn range_attribute(&self) -> &'static str {
        if self.is_ingress().is_false() {
            "destination_ranges"
        } else {
            "source_ranges"
        }
    }

    /// Whether the rule applies to every IPv4 or IPv6 address on its peer side.
    pub fn open_to_internet(&self) -> Truth {
        let ranges = self.resource.get(self.range_attribute());
        let listed = match ranges {
            None | Some(Value::Null) => None,
            Some(Value::List(items)) if items.is_empty() => None,
            Some(Value::List(items)) => Some(
                items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => Truth::from_bool(cidr_is_whole_internet(s)),
                        _ => Truth::Unknown,
                    })
                    .fold(Truth::False, Truth::or),
            ),
            Some(_) => Some(Truth::Unknown),
        };
        match listed {
            Some(t) => t,
            // nothing listed: the rule applies to 0.0.0.0/0 unless ingress names other sources
            None if self.is_ingress().is_false() => Truth::True,
            None => match (self.other_sources(), self.is_ingress()) {
                (Truth::False, Truth::True) => Truth::True,
                (Truth::True, _) => Truth::False,
                _ => Truth::Unknown,
            },
        }
    }

    /// Whether ingress names sources other than ranges (tags, service accounts).
    pub fn other_sources(&self) -> Truth {
        ["source_tags", "source_service_accounts"]
            .iter()
            .map(|a| match self.resource.get(a) {
                None | Some(Value::Null) => Truth::False,
                Some(Value::List(items)) => Truth::from_bool(!items.is_empty()),
                Some(_) => Truth::Unknown,
            })
            .fold(Truth::False, Truth::or)
    }

    /// Every `allow` block.
    pub fn allows(&self) -> Vec<Allow> {
        let Some(Value::List(blocks)) = self.resource.get("allow") else {
            return Vec::new();
        };
        blocks
            .iter()
            .enumerate()
            .map(|(i, block)| {
                let protocol = match block.get("protocol") {
                    Some(Value::String(s)) => Some(protocol_name(s)),
                    Some(Value::Number(n)) => {
                        Some(protocol_name(&rampart_model::value::format_number(*n)))
                    }
                    _ => None,
                };
                let ports = match (protocol.as_deref(), block.get("ports")) {
                    (Some("all"), _) => Ports::All,
                    (Some("tcp" | "udp" | "sctp"), None | Some(Value::Null)) => Ports::All,
                    (Some("tcp" | "udp" | "sctp"), Some(Value::List(items)))
                        if items.is_empty() =>
                    {
                        Ports::All
                    }
                    (Some("tcp" | "udp" | "sctp"), Some(v)) => parse_ports(v),
                    (Some(_), _) => Ports::None,
                    (None, _) => Ports::Unknown,
                };
                Allow {
                    path: format!("allow.{i}"),
                    protocol,
                    ports,
                }
            })
            .collect()
    }

    /// Whether the rule lets the whole internet in and `matches` holds for one of its blocks:
    /// the hit for a rule, pointing at the open range (or the resource when the range is the
    /// default).
    pub fn open_ingress_hit(&self, matches: impl Fn(&Allow) -> Truth, what: &str) -> Option<Hit> {
        let admitted = self
            .allows()
            .iter()
            .map(&matches)
            .fold(Truth::False, Truth::or);
        let open = self
            .enabled()
            .and(self.is_ingress())
            .and(self.open_to_internet())
            .and(admitted);
        if !open.is_true() {
            return None;
        }
        let message = format!(
            "`{}` admits {what} from the whole internet",
            self.resource.address
        );
        Some(match self.resource.get("source_ranges") {
            Some(Value::List(items)) if !items.is_empty() => Hit::at("source_ranges", message),
            _ => Hit::resource(format!(
                "{message} (no source is given, so GCP applies the rule to 0.0.0.0/0)"
            )),
        })
    }
}

fn protocol_name(s: &str) -> String {
    match s.trim().to_ascii_lowercase().as_str() {
        "6" => "tcp".into(),
        "17" => "udp".into(),
        "132" => "sctp".into(),
        "1" => "icmp".into(),
        other => other.to_string(),
    }
}

fn parse_ports(value: &Value) -> Ports {
    let Value::List(items) = value else {
        return Ports::Unknown;
    };
    let mut ranges = Vec::new();
    for item in items {
        let text = match item {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => rampart_model::value::format_number(*n),
            _ => return Ports::Unknown,
        };
        let parsed = match text.split_once('-') {
            Some((a, b)) => a
                .trim()
                .parse::<i64>()
                .ok()
                .zip(b.trim().parse::<i64>().ok()),
            None => text.parse::<i64>().ok().map(|p| (p, p)),
        };
        match parsed {
            Some((a, b)) => ranges.push((a.min(b), a.max(b))),
            None => return Ports::Unknown,
        }
    }
    Ports::Ranges(ranges)
}

/// The hits of an ingress-exposure rule: the managed firewall rule lets the whole internet in
/// and `matches` holds for one of its `allow` blocks (see [`Firewall::open_ingress_hit`]).
pub fn open_ingress_hits(
    r: ResourceRef<'_>,
    matches: impl Fn(&Allow) -> Truth,
    what: &str,
) -> Vec<Hit> {
    if !crate::util::is_managed(&r) {
        return Vec::new();
    }
    Firewall::new(r.resource())
        .open_ingress_hit(matches, what)
        .into_iter()
        .collect()
}

/// The fix for a rule open to the internet: drop the whole-internet ranges when other sources
/// remain (other ranges, tags, service accounts); else remove the rule when every `allow`
/// block serves only what the finding is about (`closes` says which blocks those are). Any
/// other shape needs a human decision: `None`.
pub fn close_to_internet(
    r: ResourceRef<'_>,
    closes: impl Fn(&Allow) -> bool,
    why_unsafe: &str,
) -> Option<Fix> {
    let fw = Firewall::new(r.resource());
    let applicability = Applicability::Unsafe(why_unsafe.to_string());
    if let Some(Value::List(items)) = r.get("source_ranges") {
        if items.iter().any(|i| !matches!(i, Value::String(_))) {
            return None;
        }
        let rest: Vec<Value> = items
            .iter()
            .filter(|i| i.as_str().is_some_and(|s| !cidr_is_whole_internet(s)))
            .cloned()
            .collect();
        if !rest.is_empty() || fw.other_sources().is_true() {
            return Some(Fix {
                summary: "remove the whole-internet source ranges and keep the others".into(),
                changes: vec![Change::SetAttribute {
                    address: r.address.clone(),
                    path: "source_ranges".into(),
                    value: Value::List(rest),
                }],
                applicability,
            });
        }
    }
    let allows = fw.allows();
    if !allows.is_empty() && allows.iter().all(&closes) {
        return Some(Fix {
            summary: "remove the firewall rule".into(),
            changes: vec![Change::RemoveResource {
                address: r.address.clone(),
            }],
            applicability,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn firewall(json: serde_json::Value) -> Resource {
        crate::views::test_resources::live("gcp", FIREWALL, "google_compute_firewall.f", json)
    }

    #[test]
    fn no_source_at_all_means_the_whole_internet() {
        let r = firewall(serde_json::json!({"allow": [{"protocol": "tcp", "ports": ["22"]}]}));
        assert_eq!(Firewall::new(&r).open_to_internet(), Truth::True);
        let tagged =
            firewall(serde_json::json!({"source_tags": ["vms"], "allow": [{"protocol": "tcp"}]}));
        assert_eq!(Firewall::new(&tagged).open_to_internet(), Truth::False);
    }

    #[test]
    fn tags_do_not_narrow_an_open_range() {
        let r =
            firewall(serde_json::json!({"source_ranges": ["0.0.0.0/0"], "source_tags": ["vms"]}));
        assert_eq!(Firewall::new(&r).open_to_internet(), Truth::True);
    }

    #[test]
    fn ports_ranges_and_protocols() {
        let r = firewall(serde_json::json!({"allow": [
            {"protocol": "tcp", "ports": ["3380-3390"]},
            {"protocol": "udp"},
            {"protocol": "icmp"}
        ]}));
        let allows = Firewall::new(&r).allows();
        assert_eq!(allows[0].admits("tcp", 3389), Truth::True);
        assert_eq!(allows[0].admits("udp", 3389), Truth::False);
        assert_eq!(allows[1].all_ports(), Truth::True);
        assert_eq!(allows[2].admits("tcp", 22), Truth::False);
        assert!(!allows[0].only("tcp", 3389));
    }

    #[test]
    fn egress_defaults_to_every_destination() {
        let r =
            firewall(serde_json::json!({"direction": "EGRESS", "allow": [{"protocol": "all"}]}));
        let fw = Firewall::new(&r);
        assert_eq!(fw.is_ingress(), Truth::False);
        assert_eq!(fw.open_to_internet(), Truth::True);
    }
}
