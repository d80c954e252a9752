//! AWS-MSK-004: brokers are reachable from the internet.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-MSK-004",
    title: "MSK cluster brokers are publicly accessible",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_msk_cluster"],
    rationale: "`connectivity_info { public_access { type = \"SERVICE_PROVIDED_EIPS\" } }` gives every broker a public IP address: the Kafka listeners are then reachable from the internet, protected only by client authentication and security groups.",
    remediation: "Set `public_access { type = \"DISABLED\" }` and reach the cluster through the VPC (peering, PrivateLink with multi-VPC connectivity, VPN).",
    references: &["https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html"],
    aliases: &["CKV_AWS_291"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let public = svc::str_in(
        &r,
        "broker_node_group_info.0.connectivity_info.0.public_access.0.type",
        Some("DISABLED"),
        &["SERVICE_PROVIDED_EIPS"],
    );
    svc::hit_if_true(
        &r,
        public,
        "broker_node_group_info.0.connectivity_info.0.public_access.0.type",
        "gives its brokers public IP addresses",
    )
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(set_attribute_fix(
        &r,
        "broker_node_group_info.0.connectivity_info.0.public_access.0.type",
        Value::string("DISABLED"),
        "turn off public access to the brokers",
        Applicability::Unsafe("clients connecting from outside the VPC lose access".into()),
    ))
}
