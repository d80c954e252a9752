use crate::prelude::*;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-004",
    title: "Security group allows all ports or all protocols from the whole internet",
    severity: Severity::Critical,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: network::INGRESS_CARRIERS,
    rationale: "An ingress rule with protocol `-1` (every protocol, whatever port range is written) or TCP/UDP ports \
0–65535 from `0.0.0.0/0` or `::/0` turns the security group off: every service on every instance in the group — \
management ports, databases, debug endpoints, anything started later — is reachable from the internet.",
    remediation: "Replace the rule with rules for the ports the workload serves, from the sources that need them. \
The machine fix removes the whole-internet CIDRs and keeps the rule's other sources, or removes the rule when nothing \
else remains.",
    references: &[
        "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html",
    ],
    aliases: &["CKV_AWS_277"],
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
        |rule| rule.all_ports(),
        |rule| rule.ports_text(),
    )
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    network::close_to_internet(
        r,
        hit,
        "every service reached from the internet through this rule stops being reachable; add narrower rules for the \
ports that must stay public first",
    )
}
