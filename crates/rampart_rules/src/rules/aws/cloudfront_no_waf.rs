//! AWS-CF-003: no web ACL protects the distribution.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CF-003",
    title: "CloudFront distribution is not protected by AWS WAF",
    severity: Severity::Medium,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_cloudfront_distribution"],
    rationale: "Without `web_acl_id` every request reaches the origin unfiltered: SQL injection and XSS probes, credential stuffing, known bad IPs and request floods are neither blocked nor rate-limited at the edge, where filtering is cheapest.",
    remediation: "Create an `aws_wafv2_web_acl` with `scope = \"CLOUDFRONT\"` (in us-east-1), starting with the AWS managed rule groups (Core rule set, Known bad inputs, IP reputation) and a rate-based rule, and set `web_acl_id` to its ARN. Which rules fit the application is a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-6",
    ],
    aliases: &["AVD-AWS-0011", "aws-cloudfront-enable-waf", "CKV_AWS_68"],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    svc::hit_if_false(
        &r,
        svc::is_set(&r, "web_acl_id"),
        "web_acl_id",
        "has no AWS WAF web ACL (`web_acl_id` is not set)",
    )
}
