use crate::prelude::*;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-002",
    title: "Security group allows RDP (port 3389) from the whole internet",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: network::INGRESS_CARRIERS,
    rationale: "An ingress rule that admits TCP or UDP port 3389 from `0.0.0.0/0` or `::/0` exposes Windows Remote \
Desktop to the whole internet. RDP is one of the most attacked services: password spraying and pre-authentication \
vulnerabilities (BlueKeep) have led straight to ransomware. Rules that open every port are reported by AWS-EC2-004.",
    remediation: "Restrict the source to known operator networks, or close the port and use Fleet Manager / Session \
Manager port forwarding or a VPN. The machine fix removes the whole-internet CIDRs and keeps the rule's other \
sources, or removes the rule when nothing else remains.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-14",
    ],
    aliases: &["CKV_AWS_25"],
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
        |rule| rule.allows_port(3389).and(rule.all_ports().not()),
        |rule| format!("RDP ({})", rule.ports_text()),
    )
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    network::close_to_internet(
        r,
        hit,
        "operators who reach the instances over RDP from the internet lose access; give them another path first",
    )
}
