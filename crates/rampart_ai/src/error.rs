use thiserror::Error;

/// Everything that can go wrong talking to a model. Messages never contain the API key.
#[derive(Debug, Error)]
pub enum AiError {
    #[error("AI endpoint {endpoint}: {reason}")]
    Http { endpoint: String, reason: String },
    #[error(
        "AI endpoint {endpoint}: timed out after {seconds}s; raise the timeout or check the server"
    )]
    Timeout { endpoint: String, seconds: u64 },
    #[error(
        "AI endpoint {endpoint}: gave up after {attempts} attempts, last status {status}: {body}"
    )]
    Exhausted {
        endpoint: String,
        attempts: u32,
        status: u16,
        body: String,
    },
    #[error("AI endpoint {endpoint}: rejected the request with status {status}: {body}")]
    Rejected {
        endpoint: String,
        status: u16,
        body: String,
    },
    #[error("AI answer is malformed: {0}")]
    Malformed(String),
    #[error("AI configuration: {0}")]
    Config(String),
    #[error("audit log {path}: {reason}")]
    Audit { path: String, reason: String },
}
