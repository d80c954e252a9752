use crate::prelude::*;
use crate::views::logging::known_str;

pub static RULE: Rule = Rule {
    id: "AWS-EC2-007",
    title: "Instance metadata service does not require IMDSv2 session tokens",
    severity: Severity::High,
    category: Category::Compute,
    provider: Provider::Aws,
    kinds: &[
        "aws_instance",
        "aws_launch_template",
        "aws_launch_configuration",
    ],
    rationale: "With `http_tokens = \"optional\"` (the default unless the AMI or the account says otherwise) the \
instance metadata service answers plain GET requests (IMDSv1). Any server-side request forgery in an application on \
the instance — a URL fetcher, an XML parser, a proxy — can then read `169.254.169.254` and steal the temporary \
credentials of the instance role, as in the 2019 Capital One breach. IMDSv2 requires a session token obtained with a \
PUT request, which SSRF bugs and open proxies cannot send.",
    remediation: "Set `metadata_options { http_tokens = \"required\" }` (keep `http_endpoint = \"enabled\"`), or \
require IMDSv2 for the whole region with `aws_ec2_instance_metadata_defaults`. Software that still uses IMDSv1 — old \
AWS SDKs and CLIs, some agents — must be updated first; the `MetadataNoToken` CloudWatch metric shows whether any \
still does. Turning the metadata endpoint off (`http_endpoint = \"disabled\"`) also passes.",
    references: &[
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html",
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-metadata-transition-to-version-2.html",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8",
    ],
    aliases: &[
        "CKV_AWS_79",
        "AVD-AWS-0028",
        "aws-ec2-enforce-http-token-imds",
        "AVD-AWS-0130",
        "aws-ec2-enforce-launch-config-http-token-imds",
    ],
    check: Checker::Native(check),
    fix: Some(fix),
    fix_support: FixSupport::Auto {
        formats: &[SourceFormat::Terraform, SourceFormat::CloudFormation],
        safety: FixSafety::Unsafe,
    },
};

fn check(r: ResourceRef<'_>) -> Vec<Hit> {
    if r.get("metadata_options").is_some_and(Value::is_unknown) {
        return Vec::new();
    }
    if let Ok(Some(endpoint)) = known_str(&r, "metadata_options.0.http_endpoint")
        && endpoint.eq_ignore_ascii_case("disabled")
    {
        return Vec::new();
    }
    match known_str(&r, "metadata_options.0.http_tokens") {
        Err(()) => Vec::new(),
        Ok(Some(tokens)) if tokens.eq_ignore_ascii_case("required") => Vec::new(),
        Ok(Some(tokens)) => vec![Hit::at(
            "metadata_options.0.http_tokens",
            format!(
                "`{}` sets `http_tokens = \"{tokens}\"`: IMDSv1 requests are answered",
                r.address
            ),
        )],
        Ok(None) => match region_default_requires_tokens(&r) {
            Truth::False => vec![Hit::at(
                "metadata_options",
                format!(
                    "`{}` does not set `metadata_options.http_tokens`; it defaults to \"optional\" (IMDSv1 allowed)",
                    r.address
                ),
            )],
            _ => Vec::new(),
        },
    }
}

/// `aws_ec2_instance_metadata_defaults` makes IMDSv2 the default for new instances in a region.
fn region_default_requires_tokens(r: &ResourceRef<'_>) -> Truth {
    r.inventory
        .of_kind("aws_ec2_instance_metadata_defaults")
        .map(|d| match known_str(&d, "http_tokens") {
            Ok(Some(t)) => Truth::from_bool(t.eq_ignore_ascii_case("required")),
            Ok(None) => Truth::False,
            Err(()) => Truth::Unknown,
        })
        .fold(Truth::False, Truth::or)
}

fn fix(r: ResourceRef<'_>, _hit: &Hit) -> Option<Fix> {
    Some(Fix {
        summary: "require IMDSv2 session tokens".into(),
        changes: vec![Change::SetAttribute {
            address: r.address.clone(),
            path: "metadata_options.0.http_tokens".into(),
            value: Value::string("required"),
        }],
        applicability: Applicability::Unsafe(
            "software on the instance that still uses IMDSv1 (old AWS SDKs and CLIs, some agents) can no longer read \
its credentials"
                .into(),
        ),
    })
}
