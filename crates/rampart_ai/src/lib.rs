//! The AI layer: providers behind one trait, data minimization before anything leaves the
//! machine, structured answers checked by the caller's verification loop, and a hash-chained
//! audit trail. The offline provider is the default; nothing here requires a network.

mod answer;
mod audit;
mod config;
mod error;
mod offline;
mod openai;
mod prompt;
mod provider;
mod redact;
mod verify;

pub use answer::{Answer, Edit, Risk, answer_schema, parse_answer};
pub use audit::{AuditLog, AuditRecord, ChainError, sha256_hex, verify_chain};
pub use config::{AiConfig, ApiKey, ProviderKind};
pub use error::AiError;
pub use offline::{OfflineProvider, offline_answer};
pub use openai::OpenAiProvider;
pub use prompt::{AiRequest, FindingContext, preview};
pub use provider::{Completion, OutputMode, Provider, Usage, provider_from_config};
pub use redact::{RedactionMap, Redactor};
pub use verify::{Attempt, Outcome, Verdict, answer_verified};
