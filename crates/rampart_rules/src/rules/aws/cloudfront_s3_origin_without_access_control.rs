//! AWS-CF-005: an S3 origin is reached without origin access control.
use crate::prelude::*;
use crate::views::aws_services as svc;

pub static RULE: Rule = Rule {
    id: "AWS-CF-005",
    title: "CloudFront distribution reaches an S3 bucket origin without origin access control",
    severity: Severity::Medium,
    category: Category::Data,
    provider: Provider::Aws,
    kinds: &["aws_cloudfront_distribution"],
    rationale: "An S3 REST origin with neither `origin_access_control_id` (OAC) nor `s3_origin_config.origin_access_identity` (OAI) is fetched anonymously, so it only works when the bucket itself is public. Anyone can then bypass the distribution and read the bucket directly, skipping its WAF, geo restrictions, signed URLs and logging. S3 website endpoints (custom origins) are not reported.",
    remediation: "Create an `aws_cloudfront_origin_access_control` (`origin_access_control_origin_type = \"s3\"`, `signing_behavior = \"always\"`), set `origin_access_control_id` on the origin, grant `cloudfront.amazonaws.com` `s3:GetObject` in the bucket policy with an `AWS:SourceArn` condition naming the distribution, then block public access on the bucket. The bucket policy change needs a human decision, so Rampart proposes no automatic change.",
    references: &[
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html",
    ],
    aliases: &[],
    check: Checker::Native(check),
    fix: None,
    fix_support: FixSupport::None,
};

/// Whether an origin's domain is an S3 REST endpoint: a bucket attribute reference, or a
/// `*.s3.amazonaws.com` / `*.s3.<region>.amazonaws.com` name (website endpoints excluded).
fn is_s3_rest_origin(domain: Option<&Value>) -> Truth {
    match domain {
        Some(Value::String(d)) => {
            let d = d.trim().to_ascii_lowercase();
            Truth::from_bool(
                d.contains(".s3.") && d.ends_with(".amazonaws.com") && !d.contains("s3-website"),
            )
        }
        Some(Value::Unknown(u)) => match u.refers_to.as_deref() {
            Some(a) if a.starts_with("aws_s3_bucket.") => Truth::True,
            _ => Truth::Unknown,
        },
        _ => Truth::False,
    }
}

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    let Some(origins) = r.get("origin") else {
        return hits;
    };
    for (i, origin) in origins.items().into_iter().enumerate() {
        if origin
            .get("custom_origin_config")
            .is_some_and(|c| !c.is_null())
        {
            continue; // a website endpoint or another HTTP origin
        }
        let oac = origin
            .get("origin_access_control_id")
            .map_or(Truth::False, |v| match v {
                Value::Null => Truth::False,
                Value::String(s) => Truth::from_bool(!s.trim().is_empty()),
                _ => Truth::True,
            });
        let oai = match origin.path("s3_origin_config.origin_access_identity") {
            None | Some(Value::Null) => Truth::False,
            Some(Value::String(s)) => Truth::from_bool(!s.trim().is_empty()),
            Some(_) => Truth::True,
        };
        let unprotected = is_s3_rest_origin(origin.get("domain_name")).and(oac.or(oai).not());
        if unprotected.is_true() {
            hits.extend(svc::hit_if_true(
                &r,
                Truth::True,
                &format!("origin.{i}"),
                &format!(
                    "origin {} is an S3 bucket reached without origin access control or identity",
                    i + 1
                ),
            ));
        }
    }
    hits
}
