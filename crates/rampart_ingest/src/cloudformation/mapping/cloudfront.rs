//! CloudFront distributions. CloudFormation nests every setting under `DistributionConfig`;
//! Terraform has them at the top of `aws_cloudfront_distribution`, so the config is flattened.

use super::super::ev::Ev;
use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};

pub const KINDS: &[KindMap] = &[KindMap {
    cfn_type: "AWS::CloudFront::Distribution",
    kind: "aws_cloudfront_distribution",
    fields: &[TAGS],
    extra: Some(distribution_config),
}];

const CACHE_BEHAVIOR: &[Field] = &[
    f("PathPattern", "path_pattern", Conv::Str),
    f("TargetOriginId", "target_origin_id", Conv::Str),
    f("ViewerProtocolPolicy", "viewer_protocol_policy", Conv::Str),
    f("AllowedMethods", "allowed_methods", Conv::StrList),
    f("CachedMethods", "cached_methods", Conv::StrList),
    f("CachePolicyId", "cache_policy_id", Conv::Str),
    f(
        "OriginRequestPolicyId",
        "origin_request_policy_id",
        Conv::Str,
    ),
    f(
        "ResponseHeadersPolicyId",
        "response_headers_policy_id",
        Conv::Str,
    ),
    f("Compress", "compress", Conv::Bool),
    f(
        "FieldLevelEncryptionId",
        "field_level_encryption_id",
        Conv::Str,
    ),
];

const ORIGIN: &[Field] = &[
    f("Id", "origin_id", Conv::Str),
    f("DomainName", "domain_name", Conv::Str),
    f("OriginPath", "origin_path", Conv::Str),
    f(
        "OriginAccessControlId",
        "origin_access_control_id",
        Conv::Str,
    ),
    f(
        "S3OriginConfig",
        "s3_origin_config",
        Conv::Block(&[f(
            "OriginAccessIdentity",
            "origin_access_identity",
            Conv::Str,
        )]),
    ),
    f(
        "CustomOriginConfig",
        "custom_origin_config",
        Conv::Block(&[
            f("HTTPPort", "http_port", Conv::Num),
            f("HTTPSPort", "https_port", Conv::Num),
            f("OriginProtocolPolicy", "origin_protocol_policy", Conv::Str),
            f("OriginSSLProtocols", "origin_ssl_protocols", Conv::StrList),
        ]),
    ),
];

/// `DistributionConfig` properties → top-level Terraform attributes.
pub const DISTRIBUTION_CONFIG: &[Field] = &[
    f("Enabled", "enabled", Conv::Bool),
    f("Aliases", "aliases", Conv::StrList),
    f("Comment", "comment", Conv::Str),
    f("DefaultRootObject", "default_root_object", Conv::Str),
    f("HttpVersion", "http_version", Conv::Str),
    f("IPV6Enabled", "is_ipv6_enabled", Conv::Bool),
    f("PriceClass", "price_class", Conv::Str),
    f("WebACLId", "web_acl_id", Conv::Str),
    f(
        "DefaultCacheBehavior",
        "default_cache_behavior",
        Conv::Block(CACHE_BEHAVIOR),
    ),
    f(
        "CacheBehaviors",
        "ordered_cache_behavior",
        Conv::Blocks(CACHE_BEHAVIOR),
    ),
    f("Origins", "origin", Conv::Blocks(ORIGIN)),
    f(
        "Logging",
        "logging_config",
        Conv::Block(&[
            f("Bucket", "bucket", Conv::Str),
            f("IncludeCookies", "include_cookies", Conv::Bool),
            f("Prefix", "prefix", Conv::Str),
        ]),
    ),
    f(
        "ViewerCertificate",
        "viewer_certificate",
        Conv::Block(&[
            f("AcmCertificateArn", "acm_certificate_arn", Conv::Str),
            f(
                "CloudFrontDefaultCertificate",
                "cloudfront_default_certificate",
                Conv::Bool,
            ),
            f("IamCertificateId", "iam_certificate_id", Conv::Str),
            f(
                "MinimumProtocolVersion",
                "minimum_protocol_version",
                Conv::Str,
            ),
            f("SslSupportMethod", "ssl_support_method", Conv::Str),
        ]),
    ),
];

fn distribution_config(m: &mut Mapped, props: &Props) {
    if let Some(config) = props.get("DistributionConfig").and_then(Ev::as_map) {
        m.main.fields(config, DISTRIBUTION_CONFIG);
    }
}
