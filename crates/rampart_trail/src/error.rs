//! The errors of this crate: each says what could not be done and with what.

/// An error that stops a least-privilege computation (problems with single files or records of
/// the trail are not errors: they are reported in [`crate::ReadSummary`] and reading goes on).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TrailError {
    #[error("action catalogue: {0}")]
    Catalogue(String),
    #[error("current policy: {0}")]
    CurrentPolicy(String),
    #[error("policy to prove: {0}")]
    Policy(String),
    #[error("principal `{principal}` cannot be evaluated: {message}")]
    Principal { principal: String, message: String },
}
