//! A live inventory (known ids instead of references, as the collectors write it) and a
//! merged one (live workloads, a bucket from code) answer the same queries.

#![allow(clippy::panic)] // a missing path fails the test with the paths found

use rampart_graph::{BuildOptions, Graph, PathKind, import_trivy};
use rampart_model::{Inventory, Origin, Position, Resource, Span, Value};
use serde_json::json;
use std::sync::Arc;

fn live(kind: &str, id: &str, attrs: serde_json::Value) -> Resource {
    let mut r = Resource::new(
        kind,
        format!("{kind}.{id}"),
        Origin::Live {
            provider: "aws".into(),
            account: "123456789012".into(),
            region: "eu-west-1".into(),
            id: id.into(),
        },
    );
    r.format = rampart_model::SourceFormat::Live;
    if let Value::Map(m) = Value::from_json(&attrs) {
        r.attributes = m;
    }
    r.attributes.insert("id".into(), Value::string(id));
    r
}

fn code(kind: &str, name: &str, attrs: serde_json::Value) -> Resource {
    let at = Position { line: 1, column: 1 };
    let span = Span {
        file: Arc::from("main.tf"),
        start_byte: 0,
        end_byte: 0,
        start: at,
        end: at,
    };
    let mut r = Resource::new(kind, format!("{kind}.{name}"), Origin::Code { span });
    if let Value::Map(m) = Value::from_json(&attrs) {
        r.attributes = m;
    }
    r
}

fn live_estate(bucket_policy_resource: &str) -> Vec<Resource> {
    let policy = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": bucket_policy_resource}]}).to_string();
    vec![
        live("aws_vpc", "vpc-1", json!({})),
        live("aws_internet_gateway", "igw-1", json!({"vpc_id": "vpc-1"})),
        live("aws_subnet", "subnet-1", json!({"vpc_id": "vpc-1"})),
        live(
            "aws_route_table",
            "rtb-1",
            json!({"vpc_id": "vpc-1", "route": [{"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"}]}),
        ),
        live(
            "aws_route_table_association",
            "rtbassoc-1",
            json!({"subnet_id": "subnet-1", "route_table_id": "rtb-1"}),
        ),
        live(
            "aws_security_group",
            "sg-1",
            json!({"ingress": [{"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]}]}),
        ),
        live(
            "aws_instance",
            "i-1",
            json!({"subnet_id": "subnet-1", "vpc_security_group_ids": ["sg-1"], "public_ip": "54.1.2.3", "iam_instance_profile": "app", "tags": {"Name": "web-live"}}),
        ),
        live(
            "aws_iam_instance_profile",
            "app",
            json!({"name": "app", "role": "app"}),
        ),
        live(
            "aws_iam_role",
            "AROA1",
            json!({"name": "app", "arn": "arn:aws:iam::123456789012:role/app", "inline_policy": [{"name": "read", "policy": policy}]}),
        ),
    ]
}

fn options(code_account: &str) -> BuildOptions {
    BuildOptions {
        code_account: code_account.into(),
        vulnerabilities: import_trivy(r#"{"ArtifactName": "web-live", "Results": [{"Vulnerabilities": [{"VulnerabilityID": "CVE-2024-6387", "Severity": "CRITICAL", "PkgName": "openssh-server"}]}]}"#).unwrap_or_default(),
        ..BuildOptions::default()
    }
}

#[test]
fn a_live_inventory_yields_the_same_path() {
    let mut resources = live_estate("arn:aws:s3:::payroll-exports/*");
    resources.push(live(
        "aws_s3_bucket",
        "payroll-exports",
        json!({"bucket": "payroll-exports", "arn": "arn:aws:s3:::payroll-exports"}),
    ));
    let g = Graph::build(&Inventory::new(resources), &options("000000000000"));
    let paths = g.toxic_paths();
    let p = paths
        .iter()
        .find(|p| p.kind == PathKind::ExposedVulnerableComputeReadsSensitiveData);
    let Some(p) = p else { panic!("{paths:#?}") };
    assert!(p.decided);
    assert!(
        p.hops
            .iter()
            .any(|h| h.detail.contains("public IP 54.1.2.3"))
    );
    assert_eq!(
        p.hops.last().map(|h| h.name.as_str()),
        Some("aws_s3_bucket.payroll-exports")
    );
}

#[test]
fn live_workloads_and_a_bucket_from_code_join_in_one_inventory() {
    let mut resources = live_estate("arn:aws:s3:::payroll-exports/*");
    resources.push(code(
        "aws_s3_bucket",
        "payroll",
        json!({"bucket": "payroll-exports"}),
    ));
    // the code deploys into the live account: the role reads it within its account
    let g = Graph::build(&Inventory::new(resources.clone()), &options("123456789012"));
    let paths = g.toxic_paths();
    assert!(
        paths.iter().any(
            |p| p.kind == PathKind::ExposedVulnerableComputeReadsSensitiveData
                && p.hops
                    .last()
                    .is_some_and(|h| h.name == "aws_s3_bucket.payroll")
        ),
        "{paths:#?}"
    );
    // the policy names another bucket: no path
    let mut other = live_estate("arn:aws:s3:::elsewhere/*");
    other.push(code(
        "aws_s3_bucket",
        "payroll",
        json!({"bucket": "payroll-exports"}),
    ));
    let g = Graph::build(&Inventory::new(other), &options("123456789012"));
    assert!(
        !g.toxic_paths()
            .iter()
            .any(|p| p.kind == PathKind::ExposedVulnerableComputeReadsSensitiveData)
    );
}
