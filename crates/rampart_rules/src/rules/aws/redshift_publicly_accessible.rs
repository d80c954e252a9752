//! AWS-RS-003: a Redshift cluster has a public endpoint.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-RS-003",
    title: "Redshift cluster is publicly accessible",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_redshift_cluster"],
    rationale: "`publicly_accessible = true` gives the cluster a public IP and DNS name: the database port is then one security group rule away from the whole internet, exposed to password spraying and to exploits of the engine.",
    remediation: "Set `publicly_accessible = false` and reach the cluster through the VPC (VPN, bastion, Redshift-managed VPC endpoints).",
    references: &[
        "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-1",
    ],
    aliases: &["CKV_AWS_87"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    // absent: the provider's default (false since AWS provider v6), from `views::defaults`
    let public = crate::views::defaults::value_or_default(&r, "publicly_accessible").truth();
    svc::hit_if_true(&r, public, "publicly_accessible", "is publicly accessible")
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "publicly_accessible",
        Value::Bool(false),
        "make the cluster private",
        Applicability::Unsafe(
            "clients connecting through the public endpoint (BI tools, laptops) lose access".into(),
        ),
    ))
}
