//! Questions Azure rules ask of `azurerm` resources, answered once: what a scalar setting
//! really is (absent, known, or not known statically), whether a TLS version is at least 1.2,
//! which network rule sets apply to a storage account (its inline `network_rules` block and
//! separate `azurerm_storage_account_network_rules`), what a network security rule admits
//! (inline `security_rule` blocks and separate `azurerm_network_security_rule` resources
//! alike), and whether a SQL server is audited (inline or through a separate policy).
//!
//! Every answer is three-valued: an unresolved reference or a setting that may live in a
//! separate resource whose owner cannot be resolved makes the answer `Unknown`, never a "no".
//! Must never: report on its own, treat absent as a value the provider does not default to,
//! or panic.

use crate::rule::{Fix, Hit};
use crate::util::is_unresolved_pointer;
use rampart_model::value::format_number;
use rampart_model::{
    Applicability, Change, Inventory, Mode, Resource, ResourceId, ResourceRef, Truth, Value,
};

/// A scalar setting as written: absent (or null), a known text, or not known statically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    Absent,
    Known(String),
    Unknown,
}

impl Scalar {
    pub fn of(value: Option<&Value>) -> Scalar {
        match value {
            None | Some(Value::Null) => Scalar::Absent,
            Some(Value::String(s)) => Scalar::Known(s.clone()),
            Some(Value::Number(n)) => Scalar::Known(format_number(*n)),
            Some(Value::Bool(b)) => Scalar::Known(b.to_string()),
            Some(_) => Scalar::Unknown,
        }
    }
    pub fn at(resource: &Resource, path: &str) -> Scalar {
        Scalar::of(resource.get(path))
    }
    /// Whether the known text equals one of `values` (case-insensitive); Unknown stays Unknown,
    /// absent is `absent`.
    pub fn is_one_of(&self, values: &[&str], absent: Truth) -> Truth {
        match self {
            Scalar::Absent => absent,
            Scalar::Known(s) => {
                Truth::from_bool(values.iter().any(|v| v.eq_ignore_ascii_case(s.trim())))
            }
            Scalar::Unknown => Truth::Unknown,
        }
    }
    pub fn text(&self) -> Option<&str> {
        match self {
            Scalar::Known(s) => Some(s),
            _ => None,
        }
    }
}

/// Whether a TLS version as Azure writes it (`TLS1_2`, `1.2`, `TLS1_3`) is at least 1.2;
/// `Disabled` / `TLSEnforcementDisabled` (no minimum) are not. `None` for text it does not know.
pub fn tls_at_least_1_2(version: &str) -> Option<bool> {
    let v = version.trim().to_ascii_lowercase();
    if v == "disabled" || v == "tlsenforcementdisabled" {
        return Some(false);
    }
    let digits = v.trim_start_matches("tls").replace('_', ".");
    let mut parts = digits.split('.');
    let major: u32 = parts.next()?.trim().parse().ok()?;
    let minor: u32 = parts.next().unwrap_or("0").trim().parse().ok()?;
    Some((major, minor) >= (1, 2))
}

/// Truth of "the TLS setting at `path` is below 1.2". Absent is `absent` (the provider's
/// default), unknown and unrecognised text are Unknown.
pub fn weak_tls(resource: &Resource, path: &str, absent: Truth) -> Truth {
    match Scalar::at(resource, path) {
        Scalar::Absent => absent,
        Scalar::Known(v) => match tls_at_least_1_2(&v) {
            Some(ok) => Truth::from_bool(!ok),
            None => Truth::Unknown,
        },
        Scalar::Unknown => Truth::Unknown,
    }
}

/// The first of `paths` that is written, for settings renamed across provider versions
/// (`enable_https_traffic_only` → `https_traffic_only_enabled`).
pub fn first_written<'p>(resource: &Resource, paths: &[&'p str]) -> Option<&'p str> {
    paths
        .iter()
        .copied()
        .find(|p| !matches!(resource.get(p), None | Some(Value::Null)))
}

/// Whether a nested block (`identity`, `oms_agent`) is written: a non-empty list of blocks.
/// A `dynamic` block or an unknown list may be present.
pub fn block_present(resource: &Resource, path: &str) -> Truth {
    match resource.get(path) {
        None | Some(Value::Null) => Truth::False,
        Some(Value::List(items)) => Truth::from_bool(!items.is_empty()),
        Some(Value::Map(_)) => Truth::True,
        Some(Value::Unknown(_)) => Truth::Unknown,
        Some(_) => Truth::True,
    }
}

/// The hit of a one-switch rule reporting a switch left off: the managed resource's boolean
/// `attribute` (`default` when unset) is certainly false; `message` names the resource.
pub fn switch_off_hits(
    r: &ResourceRef<'_>,
    attribute: &str,
    default: bool,
    message: impl FnOnce() -> String,
) -> Vec<Hit> {
    switch_hits(
        r,
        attribute,
        crate::util::flag(r, attribute, default).not(),
        message,
    )
}

/// The hit of a one-switch rule reporting a switch left on: the managed resource's boolean
/// `attribute` (`default` when unset) is certainly true; `message` names the resource.
pub fn switch_on_hits(
    r: &ResourceRef<'_>,
    attribute: &str,
    default: bool,
    message: impl FnOnce() -> String,
) -> Vec<Hit> {
    switch_hits(
        r,
        attribute,
        crate::util::flag(r, attribute, default),
        message,
    )
}

fn switch_hits(
    r: &ResourceRef<'_>,
    attribute: &str,
    reported: Truth,
    message: impl FnOnce() -> String,
) -> Vec<Hit> {
    if crate::util::is_managed(r) && reported.is_true() {
        vec![Hit::at(attribute, message())]
    } else {
        Vec::new()
    }
}

/// The one-attribute fix most Azure rules offer. ARM templates have no renderer yet, so a
/// resource loaded from one gets the words of the remediation, not a machine edit.
pub fn set_fix(
    r: &ResourceRef<'_>,
    path: &str,
    value: Value,
    summary: &str,
    applicability: Applicability,
) -> Option<Fix> {
    Some(Fix {
        summary: summary.to_string(),
        changes: vec![Change::SetAttribute {
            address: r.address.clone(),
            path: path.to_string(),
            value,
        }],
        applicability,
    })
}

// ---------------------------------------------------------------- storage accounts

pub const STORAGE_ACCOUNT: &str = "azurerm_storage_account";
pub const STORAGE_NETWORK_RULES: &str = "azurerm_storage_account_network_rules";
pub const STORAGE_QUEUE: &str = "azurerm_storage_queue";
pub const STORAGE_QUEUE_PROPERTIES: &str = "azurerm_storage_account_queue_properties";

/// A setting written in the account itself (`prefix` = `network_rules.0`) or in a separate
/// resource (`prefix` empty) that certainly or only possibly configures the account.
#[derive(Clone, Debug)]
pub struct AccountSetting<'a> {
    pub resource: ResourceRef<'a>,
    pub prefix: String,
    pub certain: bool,
}

impl AccountSetting<'_> {
    pub fn path(&self, attr: &str) -> String {
        if self.prefix.is_empty() {
            attr.to_string()
        } else {
            format!("{}.{attr}", self.prefix)
        }
    }
    pub fn scalar(&self, attr: &str) -> Scalar {
        Scalar::at(self.resource.resource(), &self.path(attr))
    }
    /// A "yes" from a setting that only may apply is Unknown.
    pub fn weigh(&self, t: Truth) -> Truth {
        if self.certain {
            t
        } else {
            t.and(Truth::Unknown)
        }
    }
}

/// Separate resources of `kind` configuring `owner` through `pointers`: joined ones are
/// certain; managed ones whose pointer names nothing loaded may apply.
pub fn separate_settings<'a>(
    owner: ResourceRef<'a>,
    kind: &'a str,
    owner_kind: &'a str,
    pointers: &[&str],
) -> Vec<AccountSetting<'a>> {
    let inv = owner.inventory;
    let mut out: Vec<AccountSetting<'a>> = owner
        .related(kind)
        .filter(|s| s.mode == Mode::Managed)
        .map(|resource| AccountSetting {
            resource,
            prefix: String::new(),
            certain: true,
        })
        .collect();
    let key = format!("{kind}\n{owner_kind}\n{}", pointers.join("\n"));
    let unjoined = inv.memo_keyed(&key, |inv| {
        UnjoinedSettings::build(inv, kind, owner_kind, pointers)
    });
    for s in unjoined.0.iter().filter_map(|&id| inv.resource_ref(id)) {
        out.push(AccountSetting {
            resource: s,
            prefix: String::new(),
            certain: false,
        });
    }
    out
}

/// The managed settings of a kind joined to no owner of `owner_kind` whose pointer names
/// nothing loaded: they may configure any owner. The same for every owner, so found once per
/// inventory (scanning the kind for every owner is quadratic).
struct UnjoinedSettings(Vec<ResourceId>);

impl UnjoinedSettings {
    fn build(inv: &Inventory, kind: &str, owner_kind: &str, pointers: &[&str]) -> Self {
        let ids = inv
            .of_kind(kind)
            .filter(|s| s.mode == Mode::Managed && s.uses(owner_kind).next().is_none())
            .filter(|s| {
                pointers.iter().any(|p| {
                    s.resource()
                        .get(p)
                        .is_some_and(|v| is_unresolved_pointer(inv, v))
                })
            })
            .map(|s| s.id)
            .collect();
        UnjoinedSettings(ids)
    }
}

/// Every network rule set of a storage account: inline `network_rules` blocks first, then
/// separate `azurerm_storage_account_network_rules`.
pub fn storage_network_rule_sets(account: ResourceRef<'_>) -> Vec<AccountSetting<'_>> {
    let mut out = Vec::new();
    if let Some(Value::List(blocks)) = account.resource().get("network_rules") {
        for i in 0..blocks.len() {
            out.push(AccountSetting {
                resource: account,
                prefix: format!("network_rules.{i}"),
                certain: true,
            });
        }
    }
    out.extend(separate_settings(
        account,
        STORAGE_NETWORK_RULES,
        STORAGE_ACCOUNT,
        &["storage_account_id", "storage_account_name"],
    ));
    out
}

// ---------------------------------------------------------------- network security rules

pub const NSG: &str = "azurerm_network_security_group";
pub const NSG_RULE: &str = "azurerm_network_security_rule";
/// Kinds that carry network security rules.
pub const NSG_RULE_CARRIERS: &[&str] = &[NSG, NSG_RULE];

/// One attribute of a rule with its path (for findings) and value.
#[derive(Clone, Debug)]
pub struct Located {
    pub path: String,
    pub value: Scalar,
}

/// One network security rule, inline (`security_rule.0`) or a resource of its own.
#[derive(Clone, Debug)]
pub struct NsgRule<'a> {
    pub resource: &'a Resource,
    pub block: Option<String>,
    pub direction: Scalar,
    pub access: Scalar,
    pub protocol: Scalar,
    pub ports: Vec<Located>,
    pub sources: Vec<Located>,
    pub destinations: Vec<Located>,
    /// Application security groups as source: not an address range.
    pub has_source_groups: bool,
}

/// Whether an address prefix as NSGs write it means any address: `*`, `Internet`, `Any`,
/// `0.0.0.0`, or a `/0` CIDR.
pub fn prefix_is_internet(prefix: &str) -> bool {
    let p = prefix.trim();
    p == "*"
        || p.eq_ignore_ascii_case("internet")
        || p.eq_ignore_ascii_case("any")
        || p == "0.0.0.0"
        || crate::views::network::cidr_is_whole_internet(p)
}

impl NsgRule<'_> {
    pub fn path(&self, attr: &str) -> String {
        match &self.block {
            Some(b) => format!("{b}.{attr}"),
            None => attr.to_string(),
        }
    }
    pub fn is_inbound_allow(&self) -> Truth {
        self.direction
            .is_one_of(&["Inbound"], Truth::Unknown)
            .and(self.access.is_one_of(&["Allow"], Truth::Unknown))
    }
    pub fn is_outbound_allow(&self) -> Truth {
        self.direction
            .is_one_of(&["Outbound"], Truth::Unknown)
            .and(self.access.is_one_of(&["Allow"], Truth::Unknown))
    }
    fn any_internet(list: &[Located]) -> Truth {
        list.iter()
            .map(|l| match &l.value {
                Scalar::Known(p) => Truth::from_bool(prefix_is_internet(p)),
                Scalar::Absent => Truth::False,
                Scalar::Unknown => Truth::Unknown,
            })
            .fold(Truth::False, Truth::or)
    }
    /// The first source (or destination) attribute that admits any address.
    fn first_internet(list: &[Located]) -> Option<&Located> {
        list.iter()
            .find(|l| l.value.text().is_some_and(prefix_is_internet))
    }
    pub fn source_is_internet(&self) -> Truth {
        Self::any_internet(&self.sources)
    }
    pub fn destination_is_internet(&self) -> Truth {
        Self::any_internet(&self.destinations)
    }
    pub fn internet_source(&self) -> Option<&Located> {
        Self::first_internet(&self.sources)
    }
    pub fn internet_destination(&self) -> Option<&Located> {
        Self::first_internet(&self.destinations)
    }
    /// Whether the protocol carries ports (`Tcp`, `Udp`, `*`); ICMP, ESP and AH do not.
    fn carries_ports(&self) -> Truth {
        self.protocol
            .is_one_of(&["Tcp", "Udp", "*", "Any"], Truth::Unknown)
    }
    /// Whether TCP/UDP traffic to `port` is admitted.
    pub fn allows_port(&self, port: i64) -> Truth {
        let in_ranges = if self.ports.is_empty() {
            Truth::Unknown
        } else {
            self.ports
                .iter()
                .map(|l| match &l.value {
                    Scalar::Known(range) => match port_range(range) {
                        Some((lo, hi)) => Truth::from_bool(lo <= port && port <= hi),
                        None => Truth::Unknown,
                    },
                    Scalar::Absent => Truth::False,
                    Scalar::Unknown => Truth::Unknown,
                })
                .fold(Truth::False, Truth::or)
        };
        self.carries_ports().and(in_ranges)
    }
    /// Short label for messages: `` `azurerm_network_security_group.web` `security_rule.0` ``
    /// (in backticks, so findings on templates name the rule as the template does).
    pub fn label(&self) -> String {
        match &self.block {
            Some(b) => format!("`{}` `{b}`", self.resource.address),
            None => format!("`{}`", self.resource.address),
        }
    }
}

/// `*` → every port; `22`; `20-21`. `None` for text that is not a port range.
pub fn port_range(text: &str) -> Option<(i64, i64)> {
    let t = text.trim();
    if t == "*" || t.eq_ignore_ascii_case("any") {
        return Some((0, 65535));
    }
    match t.split_once('-') {
        Some((a, b)) => {
            let (a, b): (i64, i64) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            Some((a.min(b), a.max(b)))
        }
        None => t.parse().ok().map(|p| (p, p)),
    }
}

fn located_list(container: &Value, prefix: &str, single: &str, many: &str, out: &mut Vec<Located>) {
    let path = |attr: &str| {
        if prefix.is_empty() {
            attr.to_string()
        } else {
            format!("{prefix}.{attr}")
        }
    };
    match container.get(single) {
        None | Some(Value::Null) => {}
        Some(v) => out.push(Located {
            path: path(single),
            value: Scalar::of(Some(v)),
        }),
    }
    match container.get(many) {
        None | Some(Value::Null) => {}
        Some(Value::List(items)) => out.extend(items.iter().map(|v| Located {
            path: path(many),
            value: Scalar::of(Some(v)),
        })),
        Some(v) => out.push(Located {
            path: path(many),
            value: Scalar::of(Some(v)),
        }),
    }
}

fn nsg_rule<'a>(resource: &'a Resource, body: &Value, block: Option<String>) -> NsgRule<'a> {
    let prefix = block.clone().unwrap_or_default();
    let mut ports = Vec::new();
    located_list(
        body,
        &prefix,
        "destination_port_range",
        "destination_port_ranges",
        &mut ports,
    );
    let mut sources = Vec::new();
    located_list(
        body,
        &prefix,
        "source_address_prefix",
        "source_address_prefixes",
        &mut sources,
    );
    let mut destinations = Vec::new();
    located_list(
        body,
        &prefix,
        "destination_address_prefix",
        "destination_address_prefixes",
        &mut destinations,
    );
    let has_source_groups = body
        .get("source_application_security_group_ids")
        .is_some_and(|v| !matches!(v, Value::Null) && v.as_list().is_none_or(|l| !l.is_empty()));
    NsgRule {
        resource,
        direction: Scalar::of(body.get("direction")),
        access: Scalar::of(body.get("access")),
        protocol: Scalar::of(body.get("protocol")),
        ports,
        sources,
        destinations,
        has_source_groups,
        block,
    }
}

/// The rules written in one resource: a group's inline `security_rule` blocks, or the rule
/// resource itself.
pub fn nsg_rules_in(resource: &Resource) -> Vec<NsgRule<'_>> {
    match resource.kind.as_str() {
        // `get`, not `attributes.get`: an unknown `security_rule` is noted as undecided
        NSG => match resource.get("security_rule") {
            Some(Value::List(blocks)) => blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| matches!(b, Value::Map(_)))
                .map(|(i, b)| nsg_rule(resource, b, Some(format!("security_rule.{i}"))))
                .collect(),
            _ => Vec::new(),
        },
        NSG_RULE => {
            // the resource's attributes as one map, so inline and separate rules read alike
            let body = Value::Map(resource.attributes.clone());
            vec![nsg_rule(resource, &body, None)]
        }
        _ => Vec::new(),
    }
}

/// Hits for every inbound allow rule in `resource` whose source is any address and for which
/// `matches` holds; `what` names what is exposed for the message.
pub fn open_inbound_hits(
    resource: &Resource,
    matches: impl Fn(&NsgRule<'_>) -> Truth,
    what: &str,
) -> Vec<crate::rule::Hit> {
    nsg_rules_in(resource)
        .iter()
        .filter(|rule| {
            rule.is_inbound_allow()
                .and(rule.source_is_internet())
                .and(matches(rule))
                .is_true()
        })
        .filter_map(|rule| {
            let source = rule.internet_source()?;
            Some(crate::rule::Hit::at(
                source.path.clone(),
                format!(
                    "{} allows {what} from any address (`{}`)",
                    rule.label(),
                    source.value.text().unwrap_or("*")
                ),
            ))
        })
        .collect()
}

/// The machine fix of an inbound rule open to any address (the one `hit` points at): its
/// any-address prefixes are removed and its other sources kept, or the rule is removed when
/// nothing else would remain (an inline `security_rule` block, or the rule resource). `None`
/// when a source is not known statically. Unsafe: whoever reached the port from the internet
/// loses access (`risk`).
pub fn close_inbound_to_internet(resource: &Resource, hit: &Hit, risk: &str) -> Option<Fix> {
    let attribute = hit.attribute.as_deref()?;
    let rules = nsg_rules_in(resource);
    let rule = rules
        .iter()
        .find(|r| r.sources.iter().any(|s| s.path == attribute))?;
    let mut kept: Vec<Value> = Vec::new();
    let mut list: Option<(&str, bool)> = None; // path, holds an any-address entry
    let mut open_single: Option<&str> = None;
    let mut other_single = false;
    for source in &rule.sources {
        let text = source.value.text()?;
        let open = prefix_is_internet(text);
        if source.path.ends_with("source_address_prefixes") {
            let had = list.is_some_and(|(_, open)| open);
            list = Some((source.path.as_str(), had || open));
            if !open {
                kept.push(Value::string(text));
            }
        } else if open {
            open_single = Some(source.path.as_str());
        } else {
            other_single = true;
        }
    }
    let applicability = Applicability::Unsafe(risk.to_string());
    if kept.is_empty() && !other_single && !rule.has_source_groups {
        let change = match &rule.block {
            Some(block) => crate::views::network::remove_inline_block(resource, block),
            None => Change::RemoveResource {
                address: resource.address.clone(),
            },
        };
        return Some(Fix {
            summary: format!("remove rule {} open to any address", rule.label()),
            changes: vec![change],
            applicability,
        });
    }
    let mut changes = Vec::new();
    if let Some(path) = open_single {
        changes.push(Change::RemoveAttribute {
            address: resource.address.clone(),
            path: path.to_string(),
        });
    }
    if let Some((path, true)) = list {
        changes.push(if kept.is_empty() {
            Change::RemoveAttribute {
                address: resource.address.clone(),
                path: path.to_string(),
            }
        } else {
            Change::SetAttribute {
                address: resource.address.clone(),
                path: path.to_string(),
                value: Value::List(kept),
            }
        });
    }
    Some(Fix {
        summary: format!(
            "remove the any-address sources from rule {}, keeping its other sources",
            rule.label()
        ),
        changes,
        applicability,
    })
}

// ---------------------------------------------------------------- App Service

/// Web apps: the legacy `azurerm_app_service` and the v3+ Linux/Windows kinds.
pub const WEB_APPS: &[&str] = &[
    "azurerm_app_service",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
];
/// Web apps and function apps (the settings they share: HTTPS only, TLS, FTPS).
pub const APPS: &[&str] = &[
    "azurerm_app_service",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_function_app",
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
];

/// `site_config`'s minimum TLS attribute: `min_tls_version` on the legacy kinds,
/// `minimum_tls_version` on the v3+ ones.
pub fn app_tls_path(app: &Resource) -> &'static str {
    if matches!(
        app.kind.as_str(),
        "azurerm_app_service" | "azurerm_function_app"
    ) {
        "site_config.0.min_tls_version"
    } else {
        "site_config.0.minimum_tls_version"
    }
}

// ---------------------------------------------------------------- SQL servers

pub const SQL_SERVERS: &[&str] = &["azurerm_mssql_server", "azurerm_sql_server"];
pub const SERVER_AUDITING: &str = "azurerm_mssql_server_extended_auditing_policy";
pub const SERVER_ALERT_POLICY: &str = "azurerm_mssql_server_security_alert_policy";

/// Whether a SQL server is audited: an inline `extended_auditing_policy` block (older
/// providers), or a joined `azurerm_mssql_server_extended_auditing_policy` that is not
/// disabled. A policy whose `server_id` cannot be resolved may be this server's.
pub fn sql_server_audited(server: ResourceRef<'_>) -> Truth {
    let mut answer = block_present(server.resource(), "extended_auditing_policy");
    for owner_kind in SQL_SERVERS {
        if server.kind != *owner_kind {
            continue;
        }
        for policy in separate_settings(server, SERVER_AUDITING, owner_kind, &["server_id"]) {
            let enabled = match policy.scalar("enabled") {
                Scalar::Absent => Truth::True,
                Scalar::Known(s) => Truth::from_bool(s.eq_ignore_ascii_case("true")),
                Scalar::Unknown => Truth::Unknown,
            };
            answer = answer.or(policy.weigh(enabled));
        }
    }
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_versions_are_compared_numerically() {
        assert_eq!(tls_at_least_1_2("TLS1_2"), Some(true));
        assert_eq!(tls_at_least_1_2("TLS1_0"), Some(false));
        assert_eq!(tls_at_least_1_2("1.1"), Some(false));
        assert_eq!(tls_at_least_1_2("1.3"), Some(true));
        assert_eq!(tls_at_least_1_2("Disabled"), Some(false));
        assert_eq!(tls_at_least_1_2("TLSEnforcementDisabled"), Some(false));
        assert_eq!(tls_at_least_1_2("modern"), None);
    }

    #[test]
    fn port_ranges_and_internet_prefixes() {
        assert_eq!(port_range("*"), Some((0, 65535)));
        assert_eq!(port_range("20-21"), Some((20, 21)));
        assert_eq!(port_range("3389"), Some((3389, 3389)));
        assert_eq!(port_range("x"), None);
        assert!(prefix_is_internet("Internet"));
        assert!(prefix_is_internet("*"));
        assert!(prefix_is_internet("0.0.0.0/0"));
        assert!(!prefix_is_internet("10.0.0.0/8"));
        assert!(!prefix_is_internet("VirtualNetwork"));
    }
}
