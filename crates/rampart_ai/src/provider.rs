use std::time::Duration;

use crate::{AiConfig, AiError, AiRequest, OfflineProvider, OpenAiProvider, ProviderKind};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
}

/// One answer to one request.
#[derive(Clone, Debug)]
pub struct Completion {
    pub text: String,
    pub usage: Usage,
    pub latency: Duration,
    pub model: String,
}

/// How the provider asked for structured output (reported so the audit shows a fallback happened).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputMode {
    JsonSchema,
    JsonObject,
}

/// One request → one answer.
pub trait Provider {
    /// Short name for the audit trail: `offline`, `openai`, `azure`.
    fn name(&self) -> &str;
    fn model(&self) -> &str;
    fn complete(&self, request: &AiRequest) -> Result<Completion, AiError>;
}

/// The provider the configuration names; offline unless told otherwise.
pub fn provider_from_config(config: &AiConfig) -> Result<Box<dyn Provider>, AiError> {
    Ok(match config.provider {
        ProviderKind::Offline => Box::new(OfflineProvider),
        ProviderKind::OpenAi | ProviderKind::Azure => {
            Box::new(OpenAiProvider::new(config.clone())?)
        }
    })
}
