use crate::prelude::*;
use crate::views::logging::known_str;

pub static RULE: Rule = Rule {
    id: "AWS-ELB-004",
    title: "Load balancer access logs are disabled",
    severity: Severity::Medium,
    category: Category::Logging,
    provider: Provider::Aws,
    kinds: &["aws_lb", "aws_alb", "aws_elb"],
    rationale: "Access logs are the only record of each request a load balancer received: client address, path, \
status, TLS version, target. Without them an intrusion through the application — credential stuffing, scanning, \
exploitation — cannot be investigated or even noticed. For `aws_lb`/`aws_alb`, `access_logs.enabled` defaults to \
false even when a bucket is given; for the classic `aws_elb` an `access_logs` block is enabled unless it says \
otherwise. Gateway load balancers have no access logs and are not reported.",
    remediation: "Add `access_logs { bucket = ..., enabled = true }` pointing at an S3 bucket whose policy lets the \
regional Elastic Load Balancing account (or the `logdelivery.elasticloadbalancing.amazonaws.com` service) write. \
No machine fix: the bucket and its policy are a decision (which bucket, which account, how long to keep logs), and a \
bucket without that policy makes the apply fail.",
    references: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-access-logs.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5",
    ],
    aliases: &["CKV_AWS_91", "CKV_AWS_92"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(lb: ResourceRef<'_>) -> Vec<Hit> {
    if lb.kind != "aws_elb" {
        match known_str(&lb, "load_balancer_type") {
            Ok(Some("gateway")) | Err(()) => return Vec::new(),
            _ => {}
        }
    }
    let enabled_by_default = lb.kind == "aws_elb";
    let enabled = match lb.get("access_logs") {
        None | Some(Value::Null) => Truth::False,
        Some(Value::List(blocks)) if blocks.is_empty() => Truth::False,
        Some(Value::List(_)) => flag(&lb, "access_logs.0.enabled", enabled_by_default),
        Some(_) => Truth::Unknown,
    };
    if !enabled.is_false() {
        return Vec::new();
    }
    let at = if lb.get("access_logs.0.enabled").is_some() {
        "access_logs.0.enabled"
    } else {
        "access_logs"
    };
    vec![Hit::at(
        at,
        format!("load balancer `{}` does not write access logs", lb.address),
    )]
}
