//! Load errors: what went wrong, where (file:line:col), and what to do.

use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct LoadError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// `error` stops the file from loading; `warning` (a remote module not loaded, a value
    /// that could not be evaluated) leaves it loaded with Unknowns.
    pub level: ErrorLevel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ErrorLevel {
    Warning,
    Error,
}

impl LoadError {
    pub fn error(
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        LoadError {
            file: file.into(),
            line,
            column,
            message: message.into(),
            level: ErrorLevel::Error,
        }
    }
    pub fn warning(
        file: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        LoadError {
            file: file.into(),
            line,
            column,
            message: message.into(),
            level: ErrorLevel::Warning,
        }
    }
    pub fn is_error(&self) -> bool {
        self.level == ErrorLevel::Error
    }
}
