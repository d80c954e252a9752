//! AWS-RS-004: a Redshift cluster is not placed in a VPC subnet group.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RS-004",
    title: "Redshift cluster is not deployed in a chosen VPC",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_redshift_cluster"],
    rationale: "Without `cluster_subnet_group_name` the cluster lands in the default VPC (or EC2-Classic on old accounts), whose public subnets and permissive defaults were not designed for a data warehouse; network isolation then depends on luck.",
    remediation: "Create an `aws_redshift_subnet_group` over private subnets and set `cluster_subnet_group_name`. Moving a cluster to another VPC needs planning, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-cluster-subnet-groups.html",
    ],
    aliases: &["AVD-AWS-0127", "aws-redshift-use-vpc", "CKV_AWS_154"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        svc::is_set(&r, "cluster_subnet_group_name"),
        "cluster_subnet_group_name",
        "is not placed in a subnet group of a chosen VPC",
    )
}
