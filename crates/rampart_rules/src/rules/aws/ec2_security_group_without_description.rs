use crate::prelude::*;
use crate::views::defaults;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-010",
    title: "Security group or security group rule has no description",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &[
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_vpc_security_group_egress_rule",
    ],
    rationale: "A rule nobody can explain is a rule nobody dares to remove: undocumented openings accumulate, and \
reviewers and incident responders cannot tell an intended exposure from a forgotten one. Terraform's default group \
description, \"Managed by Terraform\", says nothing and counts as missing. The allow-all egress rule AWS adds to \
a CloudFormation security group without `SecurityGroupEgress` is not in the template and is not reported.",
    remediation: "Give every security group and every rule a `description` saying what it allows and why. Note that \
changing the description of an existing `aws_security_group` replaces the group; rule descriptions change in place.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group#description",
    ],
    aliases: &[
        "CKV_AWS_23",
        "AVD-AWS-0099",
        "aws-ec2-add-description-to-security-group",
        "AVD-AWS-0124",
        "aws-ec2-add-description-to-security-group-rule",
    ],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// `Some(true)` when a description is missing, `None` when it is not known.
fn missing(value: Option<&Value>) -> Option<bool> {
    match value {
        None | Some(Value::Null) => Some(true),
        Some(Value::String(s)) => Some(s.trim().is_empty() || s.trim() == "Managed by Terraform"),
        Some(_) => None,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    if r.kind == "aws_security_group" && missing(r.get("description")) == Some(true) {
        hits.push(Hit::at(
            "description",
            format!("security group `{}` has no description", r.address),
        ));
    }
    for rule in network::rules_in(r.resource()) {
        // the egress rule AWS adds to a CloudFormation group is not in the code to describe
        let implicit = rule
            .location()
            .is_some_and(|block| defaults::is_implicit_default_egress(rule.resource, &block));
        if !implicit && missing(rule.description) == Some(true) {
            let message = format!("security group rule {} has no description", rule.label());
            hits.push(match rule.location() {
                Some(block) => Hit::at(block, message),
                None => Hit::resource(message),
            });
        }
    }
    hits
}
