//! What a finding lets an attacker do *here*: a short narrative from a small table keyed by
//! rule category, resource kind and a word of the rule's title, filled with the real
//! identifiers of the model (the bucket name, the open ports, the CIDR), and the blast radius —
//! the resources related to the finding's resource (instances using an open security group,
//! distributions serving a bucket, policies attached to a role).
//!
//! Reads the inventory only; never invents an identifier: what the code does not say is shown
//! as the resource's address.

use rampart_model::{Category, Finding, Inventory, RelationKind, ResourceRef, Value};
use serde::Serialize;
use std::collections::BTreeSet;

/// One narrative: applies when the category matches, the kind starts with one of `kinds`
/// (empty: any) and the rule title contains one of `title_words` (empty: any).
struct Narrative {
    category: Category,
    kinds: &'static [&'static str],
    title_words: &'static [&'static str],
    text: &'static str,
}

const fn n(
    category: Category,
    kinds: &'static [&'static str],
    title_words: &'static [&'static str],
    text: &'static str,
) -> Narrative {
    Narrative {
        category,
        kinds,
        title_words,
        text,
    }
}

const SECURITY_GROUPS: &[&str] = &[
    "aws_security_group",
    "aws_security_group_rule",
    "aws_default_security_group",
    "aws_vpc_security_group_ingress_rule",
    "google_compute_firewall",
    "azurerm_network_security",
];
const DATABASES: &[&str] = &[
    "aws_db_",
    "aws_rds_",
    "aws_redshift",
    "aws_docdb",
    "aws_neptune",
    "aws_elasticache",
    "aws_mq_broker",
    "aws_msk",
    "aws_opensearch",
    "aws_elasticsearch",
    "google_sql",
    "azurerm_mssql",
    "azurerm_postgresql",
    "azurerm_mysql",
];
const IN_TRANSIT: &[&str] = &["transit", "TLS", "HTTPS", "HTTP", "https", "SSL", "TLS 1"];

const NARRATIVES: &[Narrative] = &[
    n(
        Category::Data,
        &["aws_s3_bucket"],
        &["version"],
        "an object in {name} that is overwritten or deleted — by mistake, by ransomware or with a stolen key — is gone for good: there is no earlier version to restore",
    ),
    n(
        Category::Data,
        &["aws_s3_", "google_storage", "azurerm_storage"],
        &[],
        "anyone on the internet can list and read objects of {name}, without credentials and without leaving a trace tied to an identity; with write access they can also plant or replace content",
    ),
    n(
        Category::Data,
        &[
            "aws_db_snapshot",
            "aws_db_cluster_snapshot",
            "aws_ami",
            "aws_ebs_snapshot",
        ],
        &[],
        "the AWS accounts {name} is shared with — every account, when it is public — can restore or launch it and read everything in it, including credentials left on disk",
    ),
    n(
        Category::Data,
        &[],
        &[],
        "principals outside your account can use {name} as its policy allows: read, send or replace what it holds",
    ),
    n(
        Category::Network,
        SECURITY_GROUPS,
        &[],
        "anyone {cidr} can reach {ports} of everything the security group {name} protects; scanners find such ports within minutes and try known exploits and password guessing",
    ),
    n(
        Category::Network,
        DATABASES,
        &[],
        "{name} is reachable from the internet: anyone can try passwords against it and attack the engine directly, with only its credentials in the way",
    ),
    n(
        Category::Network,
        &[
            "aws_eks_cluster",
            "google_container_cluster",
            "azurerm_kubernetes",
        ],
        &[],
        "the Kubernetes API of {name} is reachable from the internet: a leaked kubeconfig or token works from anywhere, and API server flaws are exposed to everyone",
    ),
    n(
        Category::Network,
        &["aws_subnet"],
        &[],
        "every instance launched in {name} gets a public address, so one permissive security group is enough to expose it to the internet",
    ),
    n(
        Category::Network,
        &["aws_lb", "aws_alb", "aws_elb", "aws_cloudfront"],
        &[],
        "someone on the network path to {name} can read or change the traffic, or send requests the targets behind it do not expect",
    ),
    n(
        Category::Network,
        &[],
        &[],
        "{name} is reachable from networks it should not be; anyone there can attack it directly",
    ),
    n(
        Category::Encryption,
        &["aws_kms_key", "google_kms", "azurerm_key_vault_key"],
        &[],
        "if key material of {name} ever leaks, everything it encrypted stays readable: without rotation there is no cut-off",
    ),
    n(
        Category::Encryption,
        &[],
        IN_TRANSIT,
        "someone on the network path to {name} can read or change the traffic in transit, credentials included",
    ),
    n(
        Category::Encryption,
        &[],
        &[],
        "whoever gets a copy of the stored data of {name} — a snapshot, a backup, a disk, an export — reads it in clear; no key policy stands in the way and no key use is logged",
    ),
    n(
        Category::Identity,
        &["aws_iam_account_password_policy"],
        &[],
        "IAM users' passwords can be short or unchanging, so they are guessed or reused from other breaches and open the console with those users' permissions",
    ),
    n(
        Category::Identity,
        &["aws_lambda"],
        &[],
        "anyone on the internet can invoke {name} without a signed request, running its code with its role's permissions",
    ),
    n(
        Category::Identity,
        &[],
        &[],
        "whoever {name} trusts — or whoever steals those credentials — can do far more than needed, up to taking over the account",
    ),
    n(
        Category::Logging,
        &[],
        &[],
        "an attacker working against {name} leaves no usable trail: the breach is found late and cannot be reconstructed",
    ),
    n(
        Category::Secrets,
        &[],
        &[],
        "anyone who can read the code, the state or the configuration of {name} gets the secret and everything it unlocks",
    ),
    n(
        Category::Compute,
        &["aws_instance", "aws_launch"],
        &["metadata", "IMDS"],
        "a request forgery flaw in an application on {name} reads the instance role's credentials from the metadata service (IMDSv1) and they work from anywhere",
    ),
    n(
        Category::Compute,
        &["aws_ecr"],
        &["scan"],
        "images with known vulnerabilities are pushed to {name} and run without anyone being told",
    ),
    n(
        Category::Compute,
        &["aws_ecr"],
        &[],
        "someone who can push to {name} replaces the image behind a tag that running deployments trust",
    ),
    n(
        Category::Compute,
        &[],
        &[],
        "a workload of {name} that is compromised reaches further than it needs to",
    ),
    n(
        Category::Availability,
        &[],
        &[],
        "when data of {name} is deleted or corrupted — by mistake, ransomware or a stolen key — there is no recent copy to restore",
    ),
];

/// A resource related to the finding's resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub address: String,
    pub kind: String,
    /// How it relates, in words (`uses it through vpc_security_group_ids`).
    pub relation: String,
}

/// The attack the finding enables on its resource, with real identifiers.
pub fn narrative(inventory: &Inventory, finding: &Finding) -> String {
    let resource = inventory.by_address(&finding.address);
    let kind = &*finding.model_kind;
    let row = NARRATIVES.iter().find(|row| {
        row.category == finding.category
            && (row.kinds.is_empty() || row.kinds.iter().any(|k| kind.starts_with(k)))
            && (row.title_words.is_empty()
                || row.title_words.iter().any(|w| finding.title.contains(w)))
    });
    let Some(row) = row else {
        return format!("{}: {}", finding.address, finding.message);
    };
    let name = resource
        .as_ref()
        .map(display_name)
        .unwrap_or_else(|| finding.address.clone());
    let (ports, cidr) = resource
        .as_ref()
        .map(|r| exposure(r, finding.model_attribute.as_deref()))
        .unwrap_or_else(|| ("the open ports".into(), "on the internet".into()));
    let text = row
        .text
        .replace("{name}", &name)
        .replace("{ports}", &ports)
        .replace("{cidr}", &cidr);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => text,
    }
}

/// The name people know a resource by: the bucket's name, the group's name, the identifier;
/// for a setting split off its owner (a public access block, a security group rule), the
/// owner's.
pub fn display_name(r: &ResourceRef<'_>) -> String {
    own_name(r)
        .or_else(|| {
            r.inventory
                .relations()
                .iter()
                .filter(|rel| rel.from == r.id && rel.kind == RelationKind::Configures)
                .filter_map(|rel| r.inventory.resource_ref(rel.to))
                .find_map(|owner| own_name(&owner))
        })
        .unwrap_or_else(|| r.address.clone())
}

fn own_name(r: &ResourceRef<'_>) -> Option<String> {
    const NAMES: &[&str] = &[
        "bucket",
        "name",
        "identifier",
        "cluster_identifier",
        "function_name",
        "domain_name",
        "cluster_name",
        "replication_group_id",
        "cluster_id",
        "id",
    ];
    for attribute in NAMES {
        // a name read from a file is the file's contents: never printed
        if r.is_file_derived(attribute) {
            continue;
        }
        match r.get(attribute) {
            Some(Value::String(s)) if !s.is_empty() => return Some(s.clone()),
            // a setting resource pointing at its bucket: the bucket's name
            Some(Value::Unknown(u)) if *attribute == "bucket" => {
                if let Some(b) = u
                    .refers_to
                    .as_deref()
                    .and_then(|a| r.inventory.by_address(a))
                    && !b.is_file_derived("bucket")
                    && let Some(name) = b.str("bucket")
                {
                    return Some(name.to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// The open ports and source of an ingress finding, from the block the finding points at or
/// the rule resource itself.
fn exposure(r: &ResourceRef<'_>, attribute: Option<&str>) -> (String, String) {
    // ports and sources read from a file are the file's contents: never printed
    let shown = crate::redact::printable(r.resource());
    let block: Option<Value> = attribute
        .map(|a| a.split('.').take(2).collect::<Vec<_>>().join("."))
        .and_then(|p| shown.get(&p).cloned())
        .filter(|v| matches!(v, Value::Map(_)))
        .or_else(|| Some(Value::Map(shown.attributes.clone())));
    let block = block.unwrap_or_default();
    let from = block.get("from_port").and_then(Value::as_i64);
    let to = block.get("to_port").and_then(Value::as_i64).or(from);
    let protocol = block
        .get("protocol")
        .and_then(Value::as_str)
        .unwrap_or("tcp");
    let ports = match (from, to) {
        _ if protocol == "-1" || protocol == "all" => "every port".to_string(),
        (Some(0), Some(0)) | (Some(0), Some(65535)) => "every port".to_string(),
        (Some(f), Some(t)) if f == t => format!("port {f}"),
        (Some(f), Some(t)) => format!("ports {f}-{t}"),
        _ => "the open ports".to_string(),
    };
    let cidr = [
        "cidr_blocks",
        "cidr_ipv4",
        "ipv6_cidr_blocks",
        "cidr_ipv6",
        "source_ranges",
    ]
    .iter()
    .find_map(|k| {
        block.get(k).and_then(|v| {
            v.items()
                .first()
                .and_then(|c| c.as_str().map(str::to_string))
        })
    })
    .map(|c| match c.as_str() {
        "0.0.0.0/0" | "::/0" => format!("on the internet ({c})"),
        _ => format!("in {c}"),
    })
    .unwrap_or_else(|| "on the internet".into());
    (ports, cidr)
}

/// Resources related to the finding's resource (and to the owner a setting resource
/// configures), each once, sorted by address.
pub fn blast_radius(inventory: &Inventory, address: &str) -> Vec<Related> {
    let Some(r) = inventory.by_address(address) else {
        return Vec::new();
    };
    let mut subjects = vec![r.id];
    for rel in inventory.relations().iter().filter(|rel| rel.from == r.id) {
        if rel.kind == RelationKind::Configures {
            subjects.push(rel.to);
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for rel in inventory.relations() {
        let (other, relation) = if subjects.contains(&rel.to) && !subjects.contains(&rel.from) {
            let verb = match rel.kind {
                RelationKind::Configures => "configures it",
                RelationKind::Uses => "uses it",
            };
            (rel.from, format!("{verb} through `{}`", rel.via))
        } else if subjects.contains(&rel.from) && !subjects.contains(&rel.to) {
            let verb = match rel.kind {
                RelationKind::Configures => "is configured by it",
                RelationKind::Uses => "is used by it",
            };
            (rel.to, format!("{verb} through `{}`", rel.via))
        } else {
            continue;
        };
        let Some(o) = inventory.resource_ref(other) else {
            continue;
        };
        if seen.insert(o.address.clone()) {
            out.push(Related {
                address: o.address.clone(),
                kind: o.kind.clone(),
                relation,
            });
        }
    }
    // the owner a setting resource configures is part of the radius too
    for id in subjects.iter().skip(1) {
        if let Some(o) = inventory.resource_ref(*id)
            && seen.insert(o.address.clone())
        {
            out.push(Related {
                address: o.address.clone(),
                kind: o.kind.clone(),
                relation: "is the resource this setting belongs to".into(),
            });
        }
    }
    out.sort_by(|a, b| a.address.cmp(&b.address));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_model::{Origin, Resource, Severity};

    fn code(kind: &str, address: &str, attrs: serde_json::Value) -> Resource {
        let mut r = Resource::new(
            kind,
            address,
            Origin::Live {
                provider: "aws".into(),
                account: "1".into(),
                region: "eu-west-1".into(),
                id: address.into(),
            },
        );
        r.attributes = Value::from_json(&attrs)
            .as_map()
            .cloned()
            .unwrap_or_default();
        r
    }

    fn finding(
        rule: &str,
        title: &str,
        category: Category,
        kind: &str,
        address: &str,
        attribute: Option<&str>,
    ) -> Finding {
        Finding {
            id: "f".into(),
            rule_id: rule.to_string().into(),
            title: title.to_string().into(),
            severity: Severity::High,
            category,
            message: "m".into(),
            address: address.into(),
            resource_kind: kind.to_string().into(),
            model_kind: kind.to_string().into(),
            attribute: attribute.map(str::to_string),
            model_attribute: attribute.map(str::to_string),
            location: None,
            suppressed: None,
            live: None,
            attack_path: None,
        }
    }

    #[test]
    fn narratives_name_the_real_resource_ports_and_source() {
        let mut web = code(
            "aws_instance",
            "aws_instance.web",
            serde_json::json!({"ami": "a"}),
        );
        web.attributes.insert(
            "vpc_security_group_ids".into(),
            Value::List(vec![Value::unknown_ref("aws_security_group.ssh")]),
        );
        let inv = Inventory::new(vec![
            code(
                "aws_s3_bucket",
                "aws_s3_bucket.reports",
                serde_json::json!({"bucket": "acme-finance-reports"}),
            ),
            code(
                "aws_security_group",
                "aws_security_group.ssh",
                serde_json::json!({"id": "sg-0123", "ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}),
            ),
            web,
        ]);
        let s3 = finding(
            "AWS-S3-003",
            "S3 bucket has no public access block",
            Category::Data,
            "aws_s3_bucket",
            "aws_s3_bucket.reports",
            None,
        );
        assert_eq!(
            narrative(&inv, &s3),
            "Anyone on the internet can list and read objects of acme-finance-reports, without credentials and without leaving a trace tied to an identity; with write access they can also plant or replace content."
        );
        let sg = finding(
            "AWS-EC2-001",
            "SSH open to the internet",
            Category::Network,
            "aws_security_group",
            "aws_security_group.ssh",
            Some("ingress.0"),
        );
        let text = narrative(&inv, &sg);
        assert!(
            text.contains(
                "Anyone on the internet (0.0.0.0/0) can reach port 22 of everything the security group sg-0123 protects"
            ),
            "{text}"
        );
        let radius = blast_radius(&inv, "aws_security_group.ssh");
        assert_eq!(radius.len(), 1, "{radius:?}");
        assert_eq!(radius[0].address, "aws_instance.web");
        assert!(radius[0].relation.starts_with("uses it"), "{radius:?}");
    }
}
