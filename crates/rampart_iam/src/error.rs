//! Why a policy document could not be read: each error names the statement (index and Sid)
//! and the field, so the author can find the line to fix.

use std::fmt;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PolicyError {
    #[error("policy is not valid JSON: {0}")]
    NotJson(String),
    #[error("policy: {0}")]
    Document(String),
    #[error("{statement}: field `{field}`: {message}")]
    Statement {
        statement: StatementName,
        field: String,
        message: String,
    },
}

/// A statement as the author knows it: its position and, when it has one, its Sid.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementName {
    pub index: usize,
    pub sid: Option<String>,
}

impl fmt::Display for StatementName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sid {
            Some(sid) => write!(f, "statement {} (Sid `{sid}`)", self.index),
            None => write!(f, "statement {}", self.index),
        }
    }
}
