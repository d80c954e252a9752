//! AWS-CF-001: a cache behavior lets viewers use plain HTTP.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CF-001",
    title: "CloudFront distribution lets viewers connect over plain HTTP",
    severity: Severity::High,
    category: Category::Network,
    provider: Provider::Aws,
    kinds: &["aws_cloudfront_distribution"],
    rationale: "With `viewer_protocol_policy = \"allow-all\"` a cache behavior serves requests over HTTP as well as HTTPS. Anyone on the path between a viewer and the edge (public Wi-Fi, a compromised router) can read and alter pages, scripts and cookies, and a downgrade from HTTPS to HTTP goes unnoticed by the user. Every behavior counts: one `ordered_cache_behavior` for `/api/*` that allows HTTP exposes that path even when the default behavior redirects.",
    remediation: "Set `viewer_protocol_policy = \"redirect-to-https\"` (browsers follow the redirect) or `\"https-only\"` (for APIs whose clients already use HTTPS) on the default and every ordered cache behavior.",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-3",
    ],
    aliases: &["AVD-AWS-0012", "aws-cloudfront-enforce-https", "CKV_AWS_34"],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    if !is_managed(&r) {
        return hits;
    }
    for behavior in ["default_cache_behavior", "ordered_cache_behavior"] {
        let Some(blocks) = r.get(behavior) else {
            continue;
        };
        for (i, block) in blocks.items().into_iter().enumerate() {
            if svc::field_in(block, "viewer_protocol_policy", None, &["allow-all"]).is_true() {
                hits.push(Hit::at(
                    format!("{behavior}.{i}.viewer_protocol_policy"),
                    format!("`{}`: `{behavior}` {} serves plain HTTP (`viewer_protocol_policy = \"allow-all\"`)", r.address, i + 1),
                ));
            }
        }
    }
    hits
}

fn fix(r: ResourceRef<'_>, hit: &Hit) -> Option<Fix> {
    let path = hit.attribute.clone()?;
    Some(set_attribute_fix(
        &r,
        &path,
        Value::string("redirect-to-https"),
        "redirect HTTP viewers to HTTPS",
        Applicability::Unsafe("clients that cannot follow a redirect or speak TLS (old devices, some API clients sending POST over HTTP) stop working".into()),
    ))
}
