use crate::prelude::*;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-003",
    title: "Security group allows a database or cache port from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: network::INGRESS_CARRIERS,
    rationale: "Databases and caches (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, Redshift 5439, \
MongoDB 27017, Redis 6379, Memcached 11211, Elasticsearch/OpenSearch 9200, CouchDB 5984, Cassandra 9042) are meant \
to be reached by applications inside the network. Open to `0.0.0.0/0` or `::/0` they are found by scanners and \
attacked with default credentials, brute force and known exploits; several (Redis, Memcached, Elasticsearch) have no \
authentication by default and have leaked whole datasets this way. Rules that open every port are reported by \
AWS-EC2-004.",
    remediation: "Allow the port only from the application's security group (`source_security_group_id` / \
`referenced_security_group_id`) or from private CIDRs. The machine fix removes the whole-internet CIDRs and keeps the \
rule's other sources, or removes the rule when nothing else remains.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

/// Ports of common databases and caches, with the service named in messages.
const DATABASE_PORTS: &[(i64, &str)] = &[
    (3306, "MySQL/MariaDB"),
    (5432, "PostgreSQL"),
    (1433, "SQL Server"),
    (1521, "Oracle"),
    (5439, "Redshift"),
    (27017, "MongoDB"),
    (6379, "Redis"),
    (11211, "Memcached"),
    (9200, "Elasticsearch/OpenSearch"),
    (5984, "CouchDB"),
    (9042, "Cassandra"),
];

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    network::open_ingress_hits(
        r.resource(),
        |rule| {
            let any = DATABASE_PORTS
                .iter()
                .map(|(port, _)| rule.allows_port(*port))
                .fold(Truth::False, Truth::or);
            any.and(rule.all_ports().not())
        },
        |rule| {
            let names: Vec<String> = DATABASE_PORTS
                .iter()
                .filter(|(port, _)| rule.allows_port(*port).is_true())
                .map(|(port, name)| format!("{name} {port}"))
                .collect();
            format!("database ports ({})", names.join(", "))
        },
    )
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    network::close_to_internet(
        r,
        hit,
        "clients that connect to the database from outside the VPC lose access; move them behind a VPN or private link first",
    )
}
