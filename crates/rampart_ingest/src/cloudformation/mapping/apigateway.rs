//! API Gateway: REST API stages, methods and custom domains, HTTP/WebSocket API stages. A REST
//! stage's `MethodSettings` are what Terraform keeps in `aws_api_gateway_method_settings`, one
//! resource per method path, so each becomes a separate resource joined to its stage.

use super::super::ev::Ev;
use super::{Conv, Field, KindMap, Mapped, Props, TAGS, f};
use rampart_model::Value;

pub const KINDS: &[KindMap] = &[
    KindMap {
        cfn_type: "AWS::ApiGateway::Stage",
        kind: "aws_api_gateway_stage",
        fields: &[
            f("StageName", "stage_name", Conv::Str),
            f("RestApiId", "rest_api_id", Conv::Str),
            f("DeploymentId", "deployment_id", Conv::Str),
            f("Description", "description", Conv::Str),
            f("TracingEnabled", "xray_tracing_enabled", Conv::Bool),
            f("CacheClusterEnabled", "cache_cluster_enabled", Conv::Bool),
            f("CacheClusterSize", "cache_cluster_size", Conv::Str),
            f("ClientCertificateId", "client_certificate_id", Conv::Str),
            f("Variables", "variables", Conv::Same),
            f("AccessLogSetting", "access_log_settings", ACCESS_LOG),
            TAGS,
        ],
        extra: Some(method_settings),
    },
    KindMap {
        cfn_type: "AWS::ApiGateway::Method",
        kind: "aws_api_gateway_method",
        fields: &[
            f("RestApiId", "rest_api_id", Conv::Str),
            f("ResourceId", "resource_id", Conv::Str),
            f("HttpMethod", "http_method", Conv::Str),
            f("AuthorizationType", "authorization", Conv::Str),
            f("AuthorizerId", "authorizer_id", Conv::Str),
            f("ApiKeyRequired", "api_key_required", Conv::Bool),
            f("OperationName", "operation_name", Conv::Str),
            f("RequestValidatorId", "request_validator_id", Conv::Str),
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::ApiGateway::DomainName",
        kind: "aws_api_gateway_domain_name",
        fields: &[
            f("DomainName", "domain_name", Conv::Str),
            f("SecurityPolicy", "security_policy", Conv::Str),
            f("CertificateArn", "certificate_arn", Conv::Str),
            f(
                "RegionalCertificateArn",
                "regional_certificate_arn",
                Conv::Str,
            ),
            TAGS,
        ],
        extra: None,
    },
    KindMap {
        cfn_type: "AWS::ApiGatewayV2::Stage",
        kind: "aws_apigatewayv2_stage",
        fields: &[
            f("StageName", "name", Conv::Str),
            f("ApiId", "api_id", Conv::Str),
            f("DeploymentId", "deployment_id", Conv::Str),
            f("AutoDeploy", "auto_deploy", Conv::Bool),
            f("Description", "description", Conv::Str),
            f("AccessLogSettings", "access_log_settings", ACCESS_LOG),
            f(
                "DefaultRouteSettings",
                "default_route_settings",
                Conv::Block(&[
                    f("DataTraceEnabled", "data_trace_enabled", Conv::Bool),
                    f(
                        "DetailedMetricsEnabled",
                        "detailed_metrics_enabled",
                        Conv::Bool,
                    ),
                    f("LoggingLevel", "logging_level", Conv::Str),
                    f("ThrottlingBurstLimit", "throttling_burst_limit", Conv::Num),
                    f("ThrottlingRateLimit", "throttling_rate_limit", Conv::Num),
                ]),
            ),
            f("StageVariables", "stage_variables", Conv::Same),
            f("Tags", "tags", Conv::Same),
        ],
        extra: None,
    },
];

const ACCESS_LOG: Conv = Conv::Block(&[
    f("DestinationArn", "destination_arn", Conv::Str),
    f("Format", "format", Conv::Str),
]);

/// One `MethodSettings` item → the `settings` block of `aws_api_gateway_method_settings`.
pub const METHOD_SETTING: &[Field] = &[
    f("CachingEnabled", "caching_enabled", Conv::Bool),
    f("CacheDataEncrypted", "cache_data_encrypted", Conv::Bool),
    f("CacheTtlInSeconds", "cache_ttl_in_seconds", Conv::Num),
    f("MetricsEnabled", "metrics_enabled", Conv::Bool),
    f("LoggingLevel", "logging_level", Conv::Str),
    f("DataTraceEnabled", "data_trace_enabled", Conv::Bool),
    f("ThrottlingBurstLimit", "throttling_burst_limit", Conv::Num),
    f("ThrottlingRateLimit", "throttling_rate_limit", Conv::Num),
];

/// Each `MethodSettings` item → `aws_api_gateway_method_settings` at `.method_settings.n`, with
/// `stage_name` referring to the stage and `method_path` in Terraform's `{path}/{method}` form.
fn method_settings(m: &mut Mapped, props: &Props) {
    let Some(items) = props.get("MethodSettings").and_then(Ev::as_list) else {
        return;
    };
    let rest_api = props.get("RestApiId").cloned();
    for (n, item) in items.iter().enumerate() {
        let Some(map) = item.as_map() else { continue };
        let d = m.child(
            "aws_api_gateway_method_settings",
            &format!("method_settings.{n}"),
            "stage_name",
            item.span.clone(),
        );
        if let Some(api) = &rest_api {
            d.set("rest_api_id", api, Conv::Str);
        }
        let path = map.get("ResourcePath").and_then(Ev::as_str).unwrap_or("/*");
        let method = map.get("HttpMethod").and_then(Ev::as_str).unwrap_or("*");
        d.put(
            "method_path",
            Value::String(method_path(path, method)),
            item.span.clone(),
        );
        d.set("settings", item, Conv::Block(METHOD_SETTING));
    }
}

/// CloudFormation writes `/~1pets~1{id}` + `GET`; Terraform `pets/{id}/GET` (`/*` + `*` →
/// `*/*`).
fn method_path(resource_path: &str, http_method: &str) -> String {
    // `/` + the path with its slashes escaped; the root resource `/` is `/GET`, as
    // Terraform's `trimprefix(path, "/")` gives
    let escaped = resource_path.strip_prefix('/').unwrap_or(resource_path);
    let path = escaped.replace("~1", "/");
    format!("{}/{http_method}", path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::method_path;

    #[test]
    fn method_paths_read_as_terraform_writes_them() {
        assert_eq!(method_path("/*", "*"), "*/*");
        assert_eq!(method_path("/~1pets~1{id}", "GET"), "pets/{id}/GET");
        assert_eq!(method_path("/", "POST"), "/POST");
    }
}
