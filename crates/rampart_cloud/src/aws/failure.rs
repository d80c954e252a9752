//! What a failed SDK call means: the setting is simply not configured (`NoSuchBucketPolicy`,
//! IAM `NoSuchEntity`), or the call was refused or failed (access denied, service not offered in
//! the region, throttled past the retry budget, network) — which becomes a warning, never a
//! silent pass.

use aws_smithy_runtime_api::client::result::SdkError;
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

pub fn classify<E, R>(error: &SdkError<E, R>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let code = error.code().map(str::to_string);
    if code.as_deref().is_some_and(|c| NOT_CONFIGURED.contains(&c)) {
        return Failure::NotConfigured;
    }
    let message = error
        .message()
        .map(str::to_string)
        .unwrap_or_else(|| DisplayErrorContext(error).to_string());
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
