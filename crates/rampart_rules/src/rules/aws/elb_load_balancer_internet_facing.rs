use crate::prelude::*;
use crate::views::logging::known_str;

pub static RULE: Rule = Rule {
    id: "AWS-ELB-005",
    title: "Load balancer is internet-facing",
    severity: Severity::Low,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_lb", "aws_alb", "aws_elb"],
    rationale: "A load balancer with `internal = false` (the default) gets public DNS and addresses, and everything \
behind it becomes reachable from the internet as far as its listeners and rules allow. That is the purpose of a \
public web front end and a mistake for internal services, admin consoles and APIs meant for other systems. Gateway \
load balancers are not reported.",
    remediation: "Set `internal = true` for load balancers that only serve clients inside the VPC or over a VPN / \
private link. For intended public front ends, suppress this finding with the reason (and put AWS WAF in front). No \
machine fix: whether a service should be public is a decision, and changing `internal` replaces the load balancer \
(new DNS name).",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-scheme",
    ],
    aliases: &["AVD-AWS-0053", "aws-elb-alb-not-public"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(lb: ResourceRef<'_>) -> Vec<Hit> {
    if matches!(
        known_str(&lb, "load_balancer_type"),
        Ok(Some("gateway")) | Err(())
    ) {
        return Vec::new();
    }
    if flag(&lb, "internal", false).is_false() {
        let at = if lb.get("internal").is_some() {
            "internal"
        } else {
            ""
        };
        let message = format!("load balancer `{}` is internet-facing", lb.address);
        vec![if at.is_empty() {
            Hit::resource(message)
        } else {
            Hit::at(at, message)
        }]
    } else {
        Vec::new()
    }
}
