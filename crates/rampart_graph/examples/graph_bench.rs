//! Scale benchmark: generates a synthetic estate of about `--nodes N` graph nodes (default
//! 1,000,000) shaped like Terraform code — references between resources are Unknown values
//! naming their target's address, as the loader leaves them before apply — builds the
//! inventory and the graph, runs the toxic-combination queries and prints the timings.
//! Run it under `/usr/bin/time -v` for the peak RSS: `bench/graph.sh`.
//!
//! The estate, per VPC of 100 workloads: a VPC, an internet gateway, a public route table and
//! its association, a public and a private subnet, a network ACL. Per workload: a security
//! group, an instance, an instance profile, a role with an inline policy naming one bucket,
//! and that bucket. Every 50th bucket is sensitive; every 10th workload is public with 443
//! open; every 1,000th is also public with a critical CVE reading a sensitive bucket (a
//! planted toxic combination). 20 roles read `s3:GetObject` on `*` (every bucket is a
//! candidate for them), every 5,000th role can pass roles and run instances, every 5,000th
//! trusts an outside account with AdministratorAccess, every 10,000th bucket (a sensitive one) is public.

#![allow(clippy::print_stdout)] // a benchmark prints its numbers

use rampart_graph::{BuildOptions, Graph, PathKind, VulnSeverity, Vulnerability};
use rampart_model::{Inventory, Origin, Position, Resource, Span, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

// the `rampart` binary's allocator, so the numbers are the ones the CLI will see
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Gen {
    file: Arc<str>,
    scope: Arc<str>,
    out: Vec<Resource>,
}

impl Gen {
    fn add(&mut self, kind: &str, name: &str, attrs: Vec<(&str, Value)>) -> String {
        let at = Position { line: 1, column: 1 };
        let span = Span {
            file: self.file.clone(),
            start_byte: 0,
            end_byte: 0,
            start: at,
            end: at,
        };
        let address = format!("{kind}.{name}");
        let mut r = Resource::new(kind, address.clone(), Origin::Code { span });
        r.scope = self.scope.clone();
        r.attributes = attrs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<BTreeMap<_, _>>();
        self.out.push(r);
        address
    }
}

fn refer(address: &str) -> Value {
    Value::unknown_ref(address)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// Resident memory now, in MiB (Linux `/proc/self/status`; 0 elsewhere).
fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| kb / 1024)
        .unwrap_or(0)
}

fn main() {
    let mut nodes_wanted: usize = 1_000_000;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--nodes" {
            nodes_wanted = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(nodes_wanted);
        }
    }
    let per_vpc = 100;
    // 6 nodes per VPC, 5 per workload
    let workloads = nodes_wanted * per_vpc / (per_vpc * 5 + 6);
    let started = Instant::now();
    let mut g = Gen {
        file: Arc::from("synthetic.tf"),
        scope: Arc::from("synthetic"),
        out: Vec::with_capacity(workloads * 6),
    };
    let mut vulns = Vec::new();
    let mut vpc = String::new();
    let (mut public_subnet, mut private_subnet) = (String::new(), String::new());
    for w in 0..workloads {
        if w % per_vpc == 0 {
            let v = w / per_vpc;
            vpc = g.add(
                "aws_vpc",
                &format!("v{v}"),
                vec![("cidr_block", s("10.0.0.0/16"))],
            );
            let igw = g.add(
                "aws_internet_gateway",
                &format!("v{v}"),
                vec![("vpc_id", refer(&vpc))],
            );
            let rtb = g.add(
                "aws_route_table",
                &format!("v{v}"),
                vec![
                    ("vpc_id", refer(&vpc)),
                    (
                        "route",
                        Value::List(vec![map(vec![
                            ("cidr_block", s("0.0.0.0/0")),
                            ("gateway_id", refer(&igw)),
                        ])]),
                    ),
                ],
            );
            public_subnet = g.add(
                "aws_subnet",
                &format!("pub{v}"),
                vec![
                    ("vpc_id", refer(&vpc)),
                    ("map_public_ip_on_launch", Value::Bool(true)),
                ],
            );
            private_subnet = g.add(
                "aws_subnet",
                &format!("priv{v}"),
                vec![("vpc_id", refer(&vpc))],
            );
            g.add(
                "aws_route_table_association",
                &format!("v{v}"),
                vec![
                    ("subnet_id", refer(&public_subnet)),
                    ("route_table_id", refer(&rtb)),
                ],
            );
            g.add(
                "aws_network_acl",
                &format!("v{v}"),
                vec![
                    ("vpc_id", refer(&vpc)),
                    ("subnet_ids", Value::List(vec![refer(&public_subnet)])),
                    (
                        "ingress",
                        Value::List(vec![map(vec![
                            ("rule_no", Value::Number(100.0)),
                            ("action", s("allow")),
                            ("protocol", s("tcp")),
                            ("from_port", Value::Number(0.0)),
                            ("to_port", Value::Number(65535.0)),
                            ("cidr_block", s("0.0.0.0/0")),
                        ])]),
                    ),
                ],
            );
        }
        let public = w % 10 == 0;
        let toxic = w % 1000 == 0;
        let cidr = if public { "0.0.0.0/0" } else { "10.0.0.0/8" };
        let sg = g.add(
            "aws_security_group",
            &format!("w{w}"),
            vec![
                ("vpc_id", refer(&vpc)),
                (
                    "ingress",
                    Value::List(vec![map(vec![
                        ("protocol", s("tcp")),
                        ("from_port", Value::Number(443.0)),
                        ("to_port", Value::Number(443.0)),
                        ("cidr_blocks", Value::List(vec![s(cidr)])),
                    ])]),
                ),
            ],
        );
        let bucket_name = if w % 50 == 0 || toxic {
            format!("acme-customers-{w}")
        } else {
            format!("acme-assets-{w}")
        };
        let mut bucket_attrs = vec![("bucket", s(&bucket_name))];
        if w % 10_000 == 50 {
            bucket_attrs.push(("acl", s("public-read")));
        }
        g.add("aws_s3_bucket", &format!("w{w}"), bucket_attrs);
        let role_name = format!("role-{w}");
        let resource = if w < 20 {
            "*".to_string()
        } else {
            format!("arn:aws:s3:::{bucket_name}/*")
        };
        let mut statements = vec![format!(
            r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"{resource}"}}"#
        )];
        if w % 5000 == 7 {
            statements.push(
                r#"{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"*"}"#
                    .into(),
            );
        }
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
            statements.join(",")
        );
        let trust = if w % 5000 == 3 {
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"arn:aws:iam::999988887777:root"}}]}"#
        } else {
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}"#
        };
        let mut role_attrs = vec![
            ("name", s(&role_name)),
            ("assume_role_policy", s(trust)),
            (
                "inline_policy",
                Value::List(vec![map(vec![("name", s("data")), ("policy", s(&policy))])]),
            ),
        ];
        if w % 5000 == 3 {
            role_attrs.push((
                "managed_policy_arns",
                Value::List(vec![s("arn:aws:iam::aws:policy/AdministratorAccess")]),
            ));
        }
        g.add("aws_iam_role", &format!("w{w}"), role_attrs);
        let profile = g.add(
            "aws_iam_instance_profile",
            &format!("w{w}"),
            vec![("name", s(&role_name)), ("role", s(&role_name))],
        );
        let artifact = format!("registry.example.com/app-{w}:1");
        g.add(
            "aws_instance",
            &format!("w{w}"),
            vec![
                ("ami", s("ami-0123456789abcdef0")),
                (
                    "subnet_id",
                    refer(if public {
                        &public_subnet
                    } else {
                        &private_subnet
                    }),
                ),
                ("vpc_security_group_ids", Value::List(vec![refer(&sg)])),
                ("iam_instance_profile", refer(&profile)),
                ("tags", map(vec![("rampart:artifact", s(&artifact))])),
            ],
        );
        if toxic || w % 100 == 1 {
            vulns.push(Vulnerability {
                target: artifact,
                id: if toxic {
                    "CVE-2024-3094".into()
                } else {
                    format!("CVE-2023-{}", w % 9000)
                },
                severity: if toxic {
                    VulnSeverity::Critical
                } else {
                    VulnSeverity::Medium
                },
                package: "xz-utils".into(),
                scanner: "trivy",
            });
        }
    }
    let resources = g.out;
    let generated = started.elapsed();
    let count = resources.len();
    let t = Instant::now();
    let inventory = Inventory::new(resources);
    let indexed = t.elapsed();
    let rss_inventory = rss_mib();
    let t = Instant::now();
    let options = BuildOptions {
        vulnerabilities: vulns,
        ..BuildOptions::default()
    };
    let graph = Graph::build(&inventory, &options);
    let built = t.elapsed();
    let rss_built = rss_mib();
    drop(inventory);
    let rss_graph = rss_mib();
    let t = Instant::now();
    let paths = graph.toxic_paths();
    let queried = t.elapsed();
    let kinds = [
        PathKind::ExposedVulnerableComputeReadsSensitiveData,
        PathKind::PublicBucketWithSensitiveData,
        PathKind::CrossAccountAdminTrust,
        PathKind::PrivilegeEscalation,
    ];
    println!(
        "resources: {count}, graph nodes: {}, edges: {}",
        graph.node_count(),
        graph.edge_count()
    );
    println!(
        "generate: {:.2}s, inventory (index + joins): {:.2}s, graph build: {:.2}s, queries: {:.2}s",
        generated.as_secs_f64(),
        indexed.as_secs_f64(),
        built.as_secs_f64(),
        queried.as_secs_f64()
    );
    println!(
        "rss: {rss_inventory} MiB with the inventory, {rss_built} MiB with inventory and graph, {rss_graph} MiB with the graph alone"
    );
    for k in kinds {
        let of_kind: Vec<_> = paths.iter().filter(|p| p.kind == k).collect();
        println!(
            "{}: {} paths ({} undecided)",
            k.id(),
            of_kind.len(),
            of_kind.iter().filter(|p| !p.decided).count()
        );
    }
}
