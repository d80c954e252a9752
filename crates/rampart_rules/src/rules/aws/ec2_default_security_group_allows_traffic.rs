use crate::prelude::*;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-006",
    title: "Default security group allows traffic",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_default_security_group"],
    rationale: "Every VPC has a default security group, and AWS puts resources in it whenever no group is named \
(an instance launched by hand, an endpoint created in a hurry). When the default group allows traffic, those \
resources silently get that access, and the default group's self-referencing rule lets everything in it talk to \
everything else. CIS AWS Foundations asks that the default group restrict all traffic, so that every resource must \
be given a purpose-built group.",
    remediation: "Declare `aws_default_security_group` with no `ingress` and no `egress` blocks: Terraform then \
removes every rule from the default group. Move resources that rely on it to their own groups first. The machine fix \
removes each rule block (the last one of a direction by writing `ingress = []` / `egress = []`: \
without it Terraform would leave the rules in place).",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group",
    ],
    aliases: &["CKV2_AWS_12"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform],
        safety: FixSafety::Unsafe,
    },
};

fn check(group: ResourceRef<'_>) -> Vec<Hit> {
    network::rules_in(group.resource())
        .iter()
        .filter_map(|rule| {
            let block = rule.location()?;
            let direction = if block.starts_with("ingress") { "ingress" } else { "egress" };
            Some(Hit::at(
                block.clone(),
                format!(
                    "default security group `{}` allows {direction} traffic ({block}); it should allow none",
                    group.address
                ),
            ))
        })
        .collect()
}

fn fix(group: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let block = hit.attribute.clone()?;
    Some(Fix {
        summary: format!("remove {block} from the default security group"),
        changes: vec![network::remove_inline_block(group.resource(), &block)],
        applicability: Applicability::Unsafe(
            "resources that were left in the default security group lose the traffic this rule allowed".into(),
        ),
    })
}
