//! What a failed SDK call means: the setting is simply not configured (`NoSuchBucketPolicy`,
//! IAM `NoSuchEntity`), or the call was refused or failed (access denied, service not offered in
//! the region, throttled past the retry budget, network) — which becomes a warning, never a
//! silent pass.

use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// Error codes with which an API says "this setting is not configured" (an answer, not a
/// failure).
const NOT_CONFIGURED: &[&str] = &[
    "NoSuchBucketPolicy",
    "NoSuchPublicAccessBlockConfiguration",
    "ServerSideEncryptionConfigurationNotFoundError",
    "OwnershipControlsNotFoundError",
    "NoSuchEntity",
    "NoSuchLifecycleConfiguration",
    "ReplicationConfigurationNotFoundError",
];

/// A call that did not return what was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The API answered that the setting does not exist.
    NotConfigured,
    /// The call was refused or failed; the value is unknown.
    Refused { code: String, message: String },
}

pub fn classify<E>(error: &SdkError<E, HttpResponse>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let code = error.code().map(str::to_string);
    if code.as_deref().is_some_and(|c| NOT_CONFIGURED.contains(&c)) {
        return Failure::NotConfigured;
    }
    // a service answer without an error code (a proxy's or an endpoint's bare 404/5xx) is
    // named by its HTTP status: the SDK's own rendering of it is a page of debug output
    let bare_status = match (error, &code) {
        (SdkError::ServiceError(_), None) => error.raw_response().map(|r| r.status().as_u16()),
        _ => None,
    };
    let message = match bare_status {
        Some(status) => format!("the endpoint answered HTTP {status} without an AWS error"),
        None => error
            .message()
            .map(str::to_string)
            .unwrap_or_else(|| DisplayErrorContext(error).to_string()),
    };
    let code = match bare_status {
        Some(status) => Some(format!("HTTP{status}")),
        None => code,
    };
    Failure::Refused {
        code: code.unwrap_or_else(|| transport_kind(error).to_string()),
        message: one_line(&message),
    }
}

fn transport_kind<E, R>(error: &SdkError<E, R>) -> &'static str {
    match error {
        SdkError::TimeoutError(_) => "Timeout",
        SdkError::DispatchFailure(_) => "DispatchFailure",
        SdkError::ResponseError(_) => "ResponseError",
        SdkError::ConstructionFailure(_) => "ConstructionFailure",
        _ => "ServiceError",
    }
}

/// Messages go into one report line each.
fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out: String = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > 300 {
        out = out.chars().take(300).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::operation::get_bucket_policy::GetBucketPolicyError;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    fn answer(status: u16, meta: ErrorMetadata) -> SdkError<GetBucketPolicyError, HttpResponse> {
        let status = StatusCode::try_from(status).expect("a valid status");
        SdkError::service_error(
            GetBucketPolicyError::generic(meta),
            HttpResponse::new(status, SdkBody::empty()),
        )
    }

    #[test]
    fn a_bare_http_answer_is_named_by_its_status_not_by_debug_output() {
        let failure = classify(&answer(404, ErrorMetadata::builder().build()));
        assert_eq!(
            failure,
            Failure::Refused {
                code: "HTTP404".into(),
                message: "the endpoint answered HTTP 404 without an AWS error".into(),
            }
        );
    }

    #[test]
    fn an_aws_error_keeps_its_code_and_message_and_not_configured_is_an_answer() {
        let denied = ErrorMetadata::builder()
            .code("AccessDenied")
            .message("User is not authorized\nto perform s3:GetBucketPolicy")
            .build();
        assert_eq!(
            classify(&answer(403, denied)),
            Failure::Refused {
                code: "AccessDenied".into(),
                message: "User is not authorized to perform s3:GetBucketPolicy".into(),
            }
        );
        let none = ErrorMetadata::builder().code("NoSuchBucketPolicy").build();
        assert_eq!(classify(&answer(404, none)), Failure::NotConfigured);
    }
}
