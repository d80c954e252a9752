use crate::prelude::*;
use crate::views::network;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-005",
    title: "Security group allows ingress from the whole internet",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: network::INGRESS_CARRIERS,
    rationale: "Any ingress rule from `0.0.0.0/0` or `::/0`, on any port, makes the resources in the group part of \
the internet-facing attack surface. That is intended for a public load balancer on 80/443 and a mistake almost \
everywhere else. This rule inventories every such exposure at low severity; the dangerous shapes are rated by their \
own rules (AWS-EC2-001 SSH, -002 RDP, -003 databases, -004 all ports), so an exposure they cover is reported by both. \
It carries Trivy's AVD-AWS-0107 alias: every rule Trivy reports under that id (SSH or RDP open to any address) is \
reported here too.",
    remediation: "Confirm the exposure is intended (suppress it with a reason, e.g. on a public load balancer's \
group) or narrow the source. The machine fix removes the whole-internet CIDRs and keeps the rule's other sources, or \
removes the rule when nothing else remains.",
    references: &["https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"],
    aliases: &[
        "AVD-AWS-0107",
        "aws-ec2-no-public-ingress-sgr",
        "no-public-ingress-sgr",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    network::open_ingress_hits(r.resource(), |_| Truth::True, |rule| rule.ports_text())
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    network::close_to_internet(
        r,
        hit,
        "whatever the rule serves to the internet stops being reachable; check the exposure is not intended first",
    )
}
