use crate::prelude::*;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-001",
    title: "Security group allows SSH (port 22) from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: network::INGRESS_CARRIERS,
    rationale: "An ingress rule that admits TCP or UDP port 22 from `0.0.0.0/0` or `::/0` exposes SSH on every \
instance in the group to the whole internet. Automated scanners find such hosts within minutes and try stolen keys, \
weak passwords and SSH daemon vulnerabilities around the clock. Rules that open every port are reported by \
AWS-EC2-004 instead, so one rule is not reported three times.",
    remediation: "Restrict the source to the networks operators really come from (a VPN or office range), or close \
the port and reach instances through AWS Systems Manager Session Manager or a bastion. The machine fix removes the \
whole-internet CIDRs from the rule and keeps its other sources, or removes the rule when nothing else remains.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13",
        "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ],
    aliases: &["CKV_AWS_24"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    network::open_ingress_hits(
        r.resource(),
        |rule| rule.allows_port(22).and(rule.all_ports().not()),
        |rule| format!("SSH ({})", rule.ports_text()),
    )
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    network::close_to_internet(
        r,
        hit,
        "operators who reach the instances over SSH from the internet lose access; give them another path \
(Session Manager, a bastion, a VPN) first",
    )
}
