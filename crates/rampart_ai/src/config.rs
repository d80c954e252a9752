use std::fmt;
use std::time::Duration;

use crate::AiError;

/// An API key whose Debug and Display never show it.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }
    /// The only way to read the key: at the point it goes into a header.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProviderKind {
    #[default]
    Offline,
    OpenAi,
    Azure,
}

/// Provider settings. For Azure, `base_url` is the resource endpoint and `model` the deployment.
#[derive(Clone, Debug)]
pub struct AiConfig {
    pub provider: ProviderKind,
    pub base_url: String,
    pub model: String,
    pub api_key: ApiKey,
    pub azure_api_version: String,
    pub timeout: Duration,
    pub max_retries: u32,
    /// First backoff; doubles each retry unless the server sends Retry-After.
    pub backoff: Duration,
}

impl Default for AiConfig {
    fn default() -> Self {
        Self {
            provider: ProviderKind::Offline,
            base_url: "https://api.openai.com/v1".into(),
            model: "gpt-4o-mini".into(),
            api_key: ApiKey::default(),
            azure_api_version: "2024-10-21".into(),
            timeout: Duration::from_secs(60),
            max_retries: 3,
            backoff: Duration::from_millis(500),
        }
    }
}

impl AiConfig {
    /// Overlays `RAMPART_AI_PROVIDER`, `RAMPART_AI_BASE_URL`, `RAMPART_AI_MODEL` and
    /// `RAMPART_AI_API_KEY` on `self`.
    pub fn with_env(self) -> Result<Self, AiError> {
        self.with_vars(|name| std::env::var(name).ok())
    }

    /// Same as [`AiConfig::with_env`] with a variable source, so tests need not touch the process.
    pub fn with_vars(mut self, var: impl Fn(&str) -> Option<String>) -> Result<Self, AiError> {
        if let Some(p) = var("RAMPART_AI_PROVIDER") {
            self.provider = match p.trim().to_ascii_lowercase().as_str() {
                "offline" | "" => ProviderKind::Offline,
                "openai" => ProviderKind::OpenAi,
                "azure" => ProviderKind::Azure,
                other => {
                    return Err(AiError::Config(format!(
                        "RAMPART_AI_PROVIDER={other} is unknown; use offline, openai or azure"
                    )));
                }
            };
        }
        if let Some(u) = var("RAMPART_AI_BASE_URL") {
            self.base_url = u;
        }
        if let Some(m) = var("RAMPART_AI_MODEL") {
            self.model = m;
        }
        if let Some(k) = var("RAMPART_AI_API_KEY") {
            self.api_key = ApiKey::new(k);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overlays_and_key_is_redacted() {
        let vars = |n: &str| match n {
            "RAMPART_AI_PROVIDER" => Some("Azure".to_string()),
            "RAMPART_AI_API_KEY" => Some("sk-live-abcdef".to_string()),
            "RAMPART_AI_MODEL" => Some("gpt-x".to_string()),
            _ => None,
        };
        let c = AiConfig::default().with_vars(vars).unwrap();
        assert_eq!(c.provider, ProviderKind::Azure);
        assert_eq!(c.model, "gpt-x");
        assert_eq!(c.api_key.expose(), "sk-live-abcdef");
        assert!(!format!("{c:?}").contains("sk-live"));
        let bad = AiConfig::default()
            .with_vars(|n| (n == "RAMPART_AI_PROVIDER").then(|| "bedrockk".to_string()));
        assert!(bad.unwrap_err().to_string().contains("bedrockk"));
    }
}
