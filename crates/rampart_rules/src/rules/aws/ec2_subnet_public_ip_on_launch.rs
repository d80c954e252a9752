use crate::prelude::*;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-009",
    title: "Subnet assigns public IP addresses to instances on launch",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_subnet"],
    rationale: "With `map_public_ip_on_launch = true` every instance, container task or endpoint launched in the \
subnet gets a public IPv4 address without anyone asking for one. A workload meant to be private becomes reachable \
from the internet as soon as a security group rule allows it, and public IPv4 addresses are billed.",
    remediation: "Set `map_public_ip_on_launch = false` and give public addresses only to what must have one \
(`associate_public_ip_address` on that instance, an Elastic IP, or better a load balancer or NAT gateway).",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/modify-subnets.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15",
    ],
    aliases: &["CKV_AWS_130", "AVD-AWS-0164", "aws-ec2-no-public-ip-subnet"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(subnet: ResourceRef<'_>) -> Vec<Hit> {
    if flag(&subnet, "map_public_ip_on_launch", false).is_true() {
        vec![Hit::at(
            "map_public_ip_on_launch",
            format!(
                "subnet `{}` gives every instance launched in it a public IP address",
                subnet.address
            ),
        )]
    } else {
        Vec::new()
    }
}

fn fix(subnet: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "stop assigning public IP addresses on launch".into(),
        changes: vec![Change::SetAttribute {
            address: subnet.address.clone(),
            path: "map_public_ip_on_launch".into(),
            value: Value::Bool(false),
        }],
        applicability: Applicability::Unsafe(
            "instances launched later no longer get a public address; workloads that reach the internet without a \
NAT gateway, or are reached directly, stop working"
                .into(),
        ),
    })
}
