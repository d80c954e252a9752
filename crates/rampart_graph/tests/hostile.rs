//! No input makes the build, the queries or the renderers panic: every resource kind the graph
//! reads, with every attribute it reads set to each shape a value can take (wrong types,
//! Unknowns, empty and nested lists), all in one inventory.

use rampart_graph::{
    BuildOptions, Graph, import_grype, import_trivy, render_cypher, render_dot, render_json,
    render_paths_text,
};
use rampart_model::{Inventory, Origin, Resource, Value};
use std::collections::BTreeMap;

const KINDS: &[&str] = &[
    "aws_vpc",
    "aws_subnet",
    "aws_route_table",
    "aws_default_route_table",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_internet_gateway",
    "aws_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_eip",
    "aws_eip_association",
    "aws_instance",
    "aws_launch_template",
    "aws_lambda_function",
    "aws_lambda_function_url",
    "aws_lb",
    "aws_lb_listener",
    "aws_lb_target_group",
    "aws_lb_target_group_attachment",
    "aws_iam_instance_profile",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy",
    "aws_s3_bucket",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_acl",
    "aws_s3_bucket_public_access_block",
    "aws_s3_account_public_access_block",
    "aws_db_instance",
    "aws_dynamodb_table",
    "aws_secretsmanager_secret",
    "aws_secretsmanager_secret_policy",
    "aws_ssm_parameter",
    "aws_macie2_classification_job",
];

const ATTRS: &[&str] = &[
    "id",
    "arn",
    "name",
    "bucket",
    "vpc_id",
    "subnet_id",
    "subnet_ids",
    "route_table_id",
    "gateway_id",
    "cidr_block",
    "ipv6_cidr_block",
    "destination_cidr_block",
    "route",
    "ingress",
    "egress",
    "rule_no",
    "rule_number",
    "rule_action",
    "action",
    "protocol",
    "from_port",
    "to_port",
    "type",
    "security_group_id",
    "cidr_blocks",
    "ipv6_cidr_blocks",
    "cidr_ipv4",
    "network_acl_id",
    "instance",
    "instance_id",
    "allocation_id",
    "vpc_security_group_ids",
    "security_groups",
    "associate_public_ip_address",
    "map_public_ip_on_launch",
    "public_ip",
    "ipv6_address_count",
    "iam_instance_profile",
    "role",
    "internal",
    "subnets",
    "subnet_mapping",
    "load_balancer_arn",
    "port",
    "default_action",
    "target_group_arn",
    "target_id",
    "policy",
    "policy_arn",
    "inline_policy",
    "managed_policy_arns",
    "permissions_boundary",
    "assume_role_policy",
    "acl",
    "access_control_policy",
    "restrict_public_buckets",
    "ignore_public_acls",
    "tags",
    "function_name",
    "authorization_type",
    "secret_arn",
    "identifier",
    "s3_job_definition",
    "ami",
    "image_uri",
    "default_route_table_id",
];

fn shapes() -> Vec<Value> {
    let unknown = Value::unknown_ref("aws_instance.k0");
    vec![
        Value::Null,
        Value::Bool(true),
        Value::Number(-1.5e300),
        Value::string("0.0.0.0/0"),
        Value::string(
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Principal\": \"*\"}]}",
        ),
        Value::string("{not json"),
        Value::List(vec![
            Value::unknown(),
            Value::Null,
            Value::Map(BTreeMap::new()),
        ]),
        Value::List(vec![Value::Map(
            [
                ("cidr_block".to_string(), Value::unknown()),
                ("gateway_id".to_string(), unknown.clone()),
                ("rule_no".to_string(), Value::string("x")),
            ]
            .into(),
        )]),
        Value::Map(
            [(
                "Statement".to_string(),
                Value::List(vec![
                    Value::unknown(),
                    Value::Map([("Effect".to_string(), Value::unknown())].into()),
                ]),
            )]
            .into(),
        ),
        unknown,
    ]
}

#[test]
fn every_shape_of_every_attribute_builds_queries_and_renders() {
    let live = Origin::Live {
        provider: "aws".into(),
        account: "bad-account".into(),
        region: String::new(),
        id: String::new(),
    };
    for (si, shape) in shapes().into_iter().enumerate() {
        let resources: Vec<Resource> = KINDS
            .iter()
            .enumerate()
            .map(|(ki, kind)| {
                let mut r = Resource::new(*kind, format!("{kind}.k{ki}"), live.clone());
                r.attributes = ATTRS
                    .iter()
                    .map(|a| (a.to_string(), shape.clone()))
                    .collect();
                r
            })
            .collect();
        let g = Graph::build(&Inventory::new(resources), &BuildOptions::default());
        let paths = g.toxic_paths();
        assert!(render_dot(&g, &paths).starts_with("digraph"), "shape {si}");
        assert!(render_cypher(&g, &paths).contains("CREATE"), "shape {si}");
        assert!(!render_json(&g, &paths).is_empty());
        let _ = render_paths_text(&paths);
    }
    assert!(import_trivy("\u{0}").is_err());
    assert!(import_grype("[[[[").is_err());
}
