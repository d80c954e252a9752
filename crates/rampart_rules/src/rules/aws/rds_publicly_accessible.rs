//! AWS-RDS-002: a database instance has a public endpoint.
use crate::prelude::*;
use crate::views::defaults::value_or_default;

pub static RULE: Rule = Rule {
    id: "AWS-RDS-002",
    title: "RDS database instance is publicly accessible",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_db_instance", "aws_rds_cluster_instance"],
    rationale: "`publicly_accessible = true` gives the instance a DNS name that resolves to a public IP address. Only \
its security groups then stand between the internet and the database login, which invites password spraying and \
exploitation of engine vulnerabilities, and one loose security group rule exposes the data.",
    remediation: "Set `publicly_accessible = false` and reach the database from inside the VPC (application subnets, \
a bastion with Session Manager, or a VPN).",
    references: &[
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding",
    ],
    aliases: &[
        "AVD-AWS-0180",
        "aws-rds-no-public-db-access",
        "aws-rds-enable-public-access",
        "CKV_AWS_17",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if is_managed(&r) && value_or_default(&r, "publicly_accessible").truth().is_true() {
        vec![Hit::at(
            "publicly_accessible",
            format!("`{}` has a public endpoint", r.address),
        )]
    } else {
        Vec::new()
    }
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "publicly_accessible",
        Value::Bool(false),
        "remove the public endpoint",
        Applicability::Unsafe(
            "clients that connect over the internet lose access to the database".into(),
        ),
    ))
}
